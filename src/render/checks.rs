//! The profiles' `checks:`: value combinations refused before anything is
//! fetched, rendered or applied, each with a one-line usage error. Pure.

use super::endpoint;
use crate::catalog::{Platform, Selection};
use crate::error::{one_line, usage};
use crate::values::Values;
use anyhow::{Result, anyhow};
use minijinja::{Environment, Error, ErrorKind, Value};

/// Adds the S3 endpoint helpers: the test `is s3_url` and the function
/// `s3_endpoint(url)`, which fails on anything `is s3_url` refuses.
pub fn add_endpoint_helpers(env: &mut Environment<'_>) {
    env.add_test("s3_url", |url: String| endpoint::parse(&url).is_some());
    env.add_function("s3_endpoint", |url: String| {
        endpoint::parse(&url)
            .map(|e| Value::from(minijinja::value::Serde(e)))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`{url}` is not an S3 endpoint URL (http[s]://host[:port])"),
                )
            })
    });
}

/// Fails with the first check of the selected profiles that holds.
///
/// # Errors
/// A usage error with the check's message; any other error when a check does
/// not evaluate (a catalog bug, caught by the test suite).
pub fn check(selection: &Selection<'_>, platform: Platform, values: &Values) -> Result<()> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    add_endpoint_helpers(&mut env);
    let mut context = values.nested();
    if let Some(map) = context.as_object_mut() {
        map.insert("platform".into(), platform.as_str().into());
        map.insert("profiles".into(), selection.names().into());
    }
    let context = Value::from(minijinja::value::Serde(&context));
    for profile in &selection.profiles {
        for check in &profile.checks {
            let refused = env
                .compile_expression(&check.when)
                .and_then(|e| e.eval(context.clone()))
                .map_err(|e| anyhow!("check `{}` of profile {}: {e}", check.when, profile.name))?;
            if refused.is_true() {
                let message = env.render_str(&check.error, context.clone()).map_err(|e| {
                    anyhow!(
                        "error text of check `{}` of profile {}: {e}",
                        check.when,
                        profile.name
                    )
                })?;
                return Err(usage(one_line(&message)));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::error::UsageError;

    fn run(profiles: &[&str], platform: Platform, sets: &[&str]) -> Result<()> {
        let catalog = Catalog::embedded().unwrap();
        let names: Vec<String> = profiles.iter().map(|s| s.to_string()).collect();
        let selection = catalog.select(&names).unwrap();
        let mut values = Values::defaults(&catalog, &selection);
        for set in sets {
            values.apply_set(set).unwrap();
        }
        check(&selection, platform, &values)
    }

    fn refusal(profiles: &[&str], platform: Platform, sets: &[&str]) -> String {
        let err = run(profiles, platform, sets).expect_err("refused");
        err.downcast_ref::<UsageError>()
            .expect("a usage error")
            .to_string()
    }

    #[test]
    fn every_check_of_every_profile_evaluates() {
        let catalog = Catalog::embedded().unwrap();
        let all: Vec<&str> = catalog.names();
        for platform in [Platform::Kubernetes, Platform::Openshift] {
            run(&all, platform, &[]).unwrap();
        }
    }

    #[test]
    fn modelmesh_is_refused_on_fast_3_and_off_openshift() {
        let os = Platform::Openshift;
        let msg = refusal(&["serving"], os, &["serving.modelmesh=true"]);
        assert!(msg.contains("serving.modelmesh=true"), "{msg}");
        assert!(msg.contains("operator.channel=fast-3"), "{msg}");
        assert!(!msg.contains('\n'));
        run(
            &["serving"],
            os,
            &["serving.modelmesh=true", "operator.channel=fast"],
        )
        .unwrap();
        let msg = refusal(
            &["serving"],
            Platform::Kubernetes,
            &["serving.modelmesh=true", "operator.channel=fast"],
        );
        assert!(msg.contains("--platform openshift"), "{msg}");
    }

    #[test]
    fn pipelines_need_odh_s_s3_store_at_a_url_they_can_split() {
        let k8s = Platform::Kubernetes;
        let msg = refusal(&["pipelines"], k8s, &["s3.enabled=false"]);
        assert!(msg.contains("s3.enabled=false"), "{msg}");
        // core's own rule takes a URL with a path; pipelines must split it into host and port.
        let msg = refusal(
            &["pipelines"],
            k8s,
            &["s3.endpoint=https://s3.example.com/gw"],
        );
        assert!(msg.contains("`https://s3.example.com/gw`"), "{msg}");
        run(&["pipelines"], k8s, &["s3.endpoint=https://s3.example.com"]).unwrap();
        run(&["core"], k8s, &["s3.endpoint=https://s3.example.com/gw"]).unwrap();
    }
}
