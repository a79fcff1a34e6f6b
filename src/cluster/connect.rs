//! Building a client from a kubeconfig (explicit path or the usual lookup) and context.

use super::Cluster;
use crate::error::{chain_text, usage};
use anyhow::{Context, Result};
use kube::config::{KubeConfigOptions, Kubeconfig};
use std::path::Path;
use std::time::Duration;

/// Connects with the kubeconfig at `path` (or `$KUBECONFIG`, `~/.kube/config`,
/// in-cluster) and the named context (or the current one). Every request but a
/// watch is given up after `request_timeout` (`None`: no limit); watches keep
/// their own, longer limit.
///
/// # Errors
/// A usage error for a missing/invalid kubeconfig or unknown context.
pub async fn connect(
    path: Option<&Path>,
    context: Option<&str>,
    request_timeout: Option<Duration>,
) -> Result<Cluster> {
    let options = KubeConfigOptions {
        context: context.map(str::to_string),
        ..Default::default()
    };
    let mut config = match path {
        Some(path) => {
            let kubeconfig = Kubeconfig::read_from(path).map_err(|e| {
                usage(format!(
                    "cannot read kubeconfig {}: {}",
                    path.display(),
                    chain_text(&e)
                ))
            })?;
            check_context(&kubeconfig, context)?;
            kube::Config::from_custom_kubeconfig(kubeconfig, &options)
                .await
                .map_err(|e| usage(format!("kubeconfig {}: {}", path.display(), chain_text(&e))))?
        }
        None if context.is_none() => kube::Config::infer().await.map_err(|e| {
            usage(format!(
                "no cluster configured: {}; pass --kubeconfig or set KUBECONFIG",
                chain_text(&e)
            ))
        })?,
        None => kube::Config::from_kubeconfig(&options)
            .await
            .map_err(|e| usage(format!("kubeconfig: {}", chain_text(&e))))?,
    };
    config.headers.push((
        http::header::USER_AGENT,
        http::HeaderValue::from_static(concat!("odh/", env!("CARGO_PKG_VERSION"))),
    ));
    if let Some(limit) = request_timeout {
        // Requests are cut at `limit` as a whole (connecting included); this bounds
        // the connection of watches, which have no request limit.
        config.connect_timeout = Some(limit + Duration::from_secs(5));
    }
    let server = config
        .cluster_url
        .to_string()
        .trim_end_matches('/')
        .to_string();
    // Service-proxy answers are the backend's: a 503 there is a result to
    // report, not something for the client to retry fifteen times.
    let mut proxy_config = config.clone();
    proxy_config.default_retry = false;
    let client = kube::Client::try_from(config)
        .with_context(|| format!("building a client for {server}"))?;
    let proxy_client = kube::Client::try_from(proxy_config)
        .with_context(|| format!("building a client for {server}"))?;
    Ok(Cluster::new(client, proxy_client, server, request_timeout))
}

fn check_context(kubeconfig: &Kubeconfig, context: Option<&str>) -> Result<()> {
    if let Some(name) = context
        && !kubeconfig.contexts.iter().any(|c| c.name == name)
    {
        let known: Vec<&str> = kubeconfig
            .contexts
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        return Err(usage(format!(
            "no context `{name}` in the kubeconfig; it has: {}",
            known.join(", ")
        )));
    }
    Ok(())
}
