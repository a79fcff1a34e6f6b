//! The server answers, takes the credentials, is new enough, and is the platform asked for.

use super::Check;
use crate::catalog::{KubeRange, Platform, parse_minor};
use crate::cluster::ClusterError;

/// API groups whose presence makes a cluster OpenShift (as `--platform auto` decides).
pub const OPENSHIFT_GROUPS: [&str; 2] = ["route.openshift.io", "operators.coreos.com"];

/// The answer to `GET /version`: the server's `gitVersion`.
pub fn api_server(server: &str, version: &Result<String, ClusterError>) -> Check {
    const NAME: &str = "api-server";
    match version {
        Ok(v) => Check::passed(NAME, format!("{server} answers (Kubernetes {v})")),
        // A server that rejects even /version has answered.
        Err(e) if e.is_denied() => Check::passed(NAME, format!("{server} answers")),
        Err(e @ ClusterError::Unreachable { .. }) => Check::failed(
            NAME,
            e.to_string(),
            "start the cluster, or point --kubeconfig/--context at one that runs",
        ),
        Err(e @ ClusterError::NoAnswer { .. }) => Check::failed(
            NAME,
            e.to_string(),
            "check the server address and the network path (proxy, VPN); raise --request-timeout for a slow server",
        ),
        Err(e @ ClusterError::Tls { .. }) => Check::failed(
            NAME,
            e.to_string(),
            "the kubeconfig's certificate-authority does not match the server; fetch a current kubeconfig",
        ),
        Err(e) => Check::failed(
            NAME,
            e.to_string(),
            "check that --kubeconfig/--context point at a Kubernetes API server",
        ),
    }
}

/// The answer to an authenticated request (the API group list).
pub fn credentials(answer: &Result<Vec<String>, ClusterError>) -> Check {
    const NAME: &str = "credentials";
    match answer {
        Ok(_) => Check::passed(NAME, "the API server accepts the credentials"),
        Err(e @ ClusterError::Unauthorized(_)) => Check::failed(
            NAME,
            e.to_string(),
            "log in again (oc login, a fresh token or client certificate in the kubeconfig)",
        ),
        Err(e @ ClusterError::Forbidden(_)) => Check::failed(
            NAME,
            e.to_string(),
            "these credentials may not even read the API's discovery; use an account with access",
        ),
        Err(e) => Check::failed(
            NAME,
            format!("cannot list the API groups: {e}"),
            "retry; if it persists, check the API server's health",
        ),
    }
}

/// The server's version against the oldest version each enabled component supports.
pub fn kubernetes_version(version: &str, ranges: &[(String, KubeRange)]) -> Check {
    const NAME: &str = "kubernetes-version";
    let newest_min = ranges
        .iter()
        .filter_map(|(_, r)| parse_minor(&r.min).map(|m| (m, r.min.clone())))
        .max()
        .map(|(_, text)| text);
    let Some(have) = parse_minor(version) else {
        return Check::warning(
            NAME,
            format!("cannot read the server version {version:?}"),
            match &newest_min {
                Some(min) => format!("make sure the server is Kubernetes {min} or later"),
                None => "make sure the server is a Kubernetes API server".to_string(),
            },
        );
    };
    let too_old: Vec<String> = ranges
        .iter()
        .filter(|(_, range)| parse_minor(&range.min).is_some_and(|min| have < min))
        .map(|(component, range)| {
            format!(
                "{component} needs Kubernetes {} or later ({})",
                range.min, range.source
            )
        })
        .collect();
    match (too_old.is_empty(), newest_min) {
        (true, Some(min)) => Check::passed(
            NAME,
            format!("Kubernetes {version} (the profiles need {min} or later)"),
        ),
        (true, None) => Check::passed(NAME, format!("Kubernetes {version}")),
        (false, _) => Check::failed(
            NAME,
            format!(
                "Kubernetes {version} is older than {} component(s) support",
                too_old.len()
            ),
            "upgrade the cluster, or turn the named components off with --set",
        )
        .with_items(too_old),
    }
}

/// The platform asked for (`None`: auto) against the API groups the cluster serves.
pub fn platform(asked: Option<Platform>, groups: &[String]) -> Check {
    const NAME: &str = "platform";
    let missing: Vec<&str> = OPENSHIFT_GROUPS
        .iter()
        .copied()
        .filter(|g| !groups.iter().any(|have| have == g))
        .collect();
    let openshift = missing.is_empty();
    match (asked, openshift) {
        (Some(Platform::Openshift), false) => Check::failed(
            NAME,
            format!(
                "--platform openshift, but the cluster serves no {} API: it is not OpenShift",
                missing.join(" or ")
            ),
            "use --platform kubernetes (or auto) on this cluster",
        ),
        (Some(Platform::Kubernetes), true) => Check::warning(
            NAME,
            "--platform kubernetes on an OpenShift cluster: the upstream components are installed directly, not through the ODH operator",
            "use --platform openshift (or auto) to install through OLM",
        ),
        (Some(p), _) => Check::passed(NAME, format!("{p}, as asked")),
        (None, true) => Check::passed(NAME, "detected openshift (Route and OLM APIs served)"),
        (None, false) => Check::passed(NAME, "detected kubernetes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;

    fn range(min: &str) -> KubeRange {
        KubeRange {
            min: min.into(),
            source: "org/repo@v1:Chart.yaml".into(),
        }
    }

    #[test]
    fn connection_failures_are_named_with_a_hint() {
        let refused = Err(ClusterError::Unreachable {
            server: "https://127.0.0.1:1".into(),
            reason: "connection refused".into(),
        });
        let check = api_server("https://127.0.0.1:1", &refused);
        assert_eq!(check.verdict, Verdict::Failed);
        assert!(
            check
                .detail
                .contains("https://127.0.0.1:1: connection refused")
        );
        assert!(check.hint.is_some());
        let ok = api_server("s", &Ok("v1.33.2".into()));
        assert_eq!(ok.verdict, Verdict::Passed);
        let denied = credentials(&Err(ClusterError::Unauthorized(
            "Unauthorized (401)".into(),
        )));
        assert_eq!(denied.verdict, Verdict::Failed);
        assert!(denied.detail.contains("401"), "{}", denied.detail);
    }

    #[test]
    fn versions_below_a_components_minimum_fail_naming_it() {
        let ranges = vec![("jupyterhub".to_string(), range("1.28"))];
        let old = kubernetes_version("v1.27.9", &ranges);
        assert_eq!(old.verdict, Verdict::Failed);
        assert!(old.items[0].starts_with("jupyterhub needs Kubernetes 1.28"));
        assert!(old.items[0].contains("org/repo@v1:Chart.yaml"));
        assert_eq!(
            kubernetes_version("v1.28.0", &ranges).verdict,
            Verdict::Passed
        );
        assert_eq!(
            kubernetes_version("v1.33.2+k3s1", &ranges).verdict,
            Verdict::Passed
        );
        assert_eq!(
            kubernetes_version("weird", &ranges).verdict,
            Verdict::Warning
        );
    }

    #[test]
    fn openshift_asked_on_kubernetes_fails() {
        let kube = vec!["apps".to_string()];
        let ocp: Vec<String> = ["apps", "route.openshift.io", "operators.coreos.com"]
            .map(String::from)
            .to_vec();
        let check = platform(Some(Platform::Openshift), &kube);
        assert_eq!(check.verdict, Verdict::Failed);
        assert!(
            check
                .detail
                .contains("route.openshift.io or operators.coreos.com")
        );
        assert_eq!(
            platform(Some(Platform::Openshift), &ocp).verdict,
            Verdict::Passed
        );
        assert_eq!(
            platform(Some(Platform::Kubernetes), &ocp).verdict,
            Verdict::Warning
        );
        assert_eq!(platform(None, &kube).verdict, Verdict::Passed);
    }
}
