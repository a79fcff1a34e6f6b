//! The slow JupyterHub check: the verify user's default server is spawned
//! through the REST API (`POST /hub/api/users/USER/server` with the login
//! session and its XSRF token), waited for
//! until the REST API reports it ready, then stopped (`DELETE …/server`) and
//! its claim deleted.

use super::Ctx;
use super::cleanup::{Created, xsrf};
use super::http::{Http, Jar, to_reply};
use crate::cluster::{ProxyRequest, ServiceTarget};
use crate::object::ObjectRef;
use crate::verify::Check;
use crate::verify::jupyterhub::{self as hub, COMPONENT, ServerState, USER};
use http::Method;
use std::time::Duration;
use tokio::time::Instant;

const POLL: Duration = Duration::from_secs(2);
/// How long stopping may take before the pod is deleted directly.
const STOP_LIMIT: Duration = Duration::from_secs(30);

async fn state(http: &Http<'_>, target: &ServiceTarget, jar: &Jar) -> ServerState {
    let request = jar.attach(ProxyRequest::get(&hub::user_path(USER)));
    hub::server_state(&http.reply(target, &request).await)
}

pub async fn probe(ctx: &Ctx<'_>, target: &ServiceTarget, jar: &mut Jar) -> Check {
    let http = ctx.http();
    let namespace = target.namespace.clone();
    let ticket = ctx.cleanup.add(Created::Notebook {
        hub: target.clone(),
        jar: jar.clone(),
        namespace: namespace.clone(),
    });
    // A server left by an interrupted earlier run is stopped first.
    if matches!(
        state(&http, target, jar).await,
        ServerState::Ready | ServerState::Pending(_)
    ) {
        let _ = stop(&http, target, jar, &namespace).await;
    }
    let started = Instant::now();
    // The REST API with the login session (cookie-authenticated writes carry the XSRF token).
    let start = xsrf(
        jar,
        ProxyRequest::new(Method::POST, &hub::server_path(USER)).json(&serde_json::json!({})),
    );
    let spawn = http.call(target, &start).await;
    let check = match spawn.as_ref().map(|a| a.status) {
        Ok(201 | 202) => {
            let mut last = state(&http, target, jar).await;
            while matches!(last, ServerState::Pending(_) | ServerState::Unknown(_))
                && Instant::now() + POLL < ctx.deadline
            {
                tokio::time::sleep(POLL).await;
                last = state(&http, target, jar).await;
            }
            hub::notebook(
                &last,
                started.elapsed(),
                Instant::now() + POLL >= ctx.deadline,
            )
        }
        _ => Check::failed(
            COMPONENT,
            "notebook server starts",
            format!(
                "POST {}: {}",
                hub::server_path(USER),
                to_reply(&spawn).describe()
            ),
            "the hub did not start a server; look at the hub pod's log",
        ),
    };
    super::jupyterhub::refresh_xsrf(ctx, target, jar).await;
    ctx.cleanup.update(
        ticket,
        Created::Notebook {
            hub: target.clone(),
            jar: jar.clone(),
            namespace: namespace.clone(),
        },
    );
    match stop(&http, target, jar, &namespace).await {
        Ok(_) => ctx.cleanup.done(ticket),
        Err(why) => {
            return Check::failed(
                COMPONENT,
                "notebook server starts",
                format!("{}; then stopping it failed: {why}", check.evidence),
                format!(
                    "stop it by hand: kubectl -n {namespace} delete pod jupyter-{USER}; kubectl -n {namespace} delete pvc claim-{USER}"
                ),
            );
        }
    }
    check
}

fn labelled_for_user(object: &crate::object::Object) -> bool {
    object.label(hub::USERNAME_LABEL) == Some(USER)
}

/// Stops the verify user's server through the hub, then deletes its pod (when
/// the hub did not) and its claim, both only when KubeSpawner labelled them
/// for the verify user.
///
/// # Errors
/// What could not be stopped or deleted.
pub async fn stop(
    http: &Http<'_>,
    target: &ServiceTarget,
    jar: &Jar,
    namespace: &str,
) -> Result<String, String> {
    let request = xsrf(
        jar,
        ProxyRequest::new(Method::DELETE, &hub::server_path(USER)),
    );
    let answer = http
        .call(target, &request)
        .await
        .map_err(|e| e.to_string())?;
    if !matches!(answer.status, 202 | 204 | 400 | 404) {
        return Err(format!(
            "stopping the server: {}",
            to_reply(&Ok(answer)).describe()
        ));
    }
    let until = Instant::now() + STOP_LIMIT;
    while matches!(
        state(http, target, jar).await,
        ServerState::Ready | ServerState::Pending(_)
    ) && Instant::now() < until
    {
        tokio::time::sleep(POLL).await;
    }
    let object = |kind: &str, name: String| ObjectRef {
        api_version: "v1".into(),
        kind: kind.into(),
        namespace: Some(namespace.into()),
        name,
    };
    for target in [
        object("Pod", hub::pod_name(USER)),
        object("PersistentVolumeClaim", hub::claim_name(USER)),
    ] {
        match http.cluster.find(&target).await {
            Ok(Some(live)) if labelled_for_user(&live) => {
                http.cluster
                    .delete(&target)
                    .await
                    .map_err(|e| format!("{target}: {e}"))?;
                // A pod takes its grace period to go: verify leaves only when it is gone.
                crate::install::wait_gone(http.cluster, &target, http.deadline).await?;
            }
            Ok(_) => {}
            Err(e) => return Err(format!("{target}: {e}")),
        }
    }
    Ok(format!(
        "the notebook server of {USER} and its claim claim-{USER}"
    ))
}
