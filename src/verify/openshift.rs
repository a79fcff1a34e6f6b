//! OpenShift: the ODH operator's ClusterServiceVersion, the DSCInitialization
//! and DataScienceCluster with their conditions, and the dashboard answering.

use super::{Check, Reply};
use crate::object::Object;
use serde_json::Value;

pub const COMPONENT: &str = "odh-operator";
/// The dashboard's Service in the applications namespace (port `dashboard-ui`, HTTPS).
pub const DASHBOARD_SERVICE: &str = "odh-dashboard";

/// The operator's CSV (from the Subscription's `installedCSV`) has phase Succeeded.
pub fn csv(subscription: Option<&Object>, csv: Option<&Object>) -> Check {
    let name = "operator ClusterServiceVersion succeeded";
    let Some(subscription) = subscription else {
        return Check::failed(
            COMPONENT,
            name,
            "Subscription opendatahub-operator not found",
            "run `odh status -p core`",
        );
    };
    let installed = subscription.str_at("/status/installedCSV").unwrap_or("");
    let Some(csv) = csv else {
        return Check::failed(
            COMPONENT,
            name,
            format!(
                "Subscription {}: state {}, installedCSV {}",
                subscription.name(),
                subscription.str_at("/status/state").unwrap_or("none"),
                if installed.is_empty() {
                    "none"
                } else {
                    installed
                }
            ),
            "OLM has not installed the operator yet; look at the Subscription's conditions and InstallPlan",
        );
    };
    let phase = csv.str_at("/status/phase").unwrap_or("none");
    if phase == "Succeeded" {
        return Check::passed(
            COMPONENT,
            name,
            format!("ClusterServiceVersion {} Succeeded", csv.name()),
        );
    }
    Check::failed(
        COMPONENT,
        name,
        format!(
            "ClusterServiceVersion {}: phase {phase}: {} {}",
            csv.name(),
            csv.str_at("/status/reason").unwrap_or(""),
            csv.str_at("/status/message").unwrap_or("")
        ),
        format!(
            "oc -n {} describe csv {}",
            csv.namespace().unwrap_or("openshift-operators"),
            csv.name()
        ),
    )
}

/// Conditions that are not True, leaving out components set to Removed.
fn not_true(object: &Object) -> Vec<String> {
    object
        .get("/status/conditions")
        .and_then(Value::as_array)
        .map(|conditions| {
            conditions
                .iter()
                .filter(|c| c["status"] != "True" && c["reason"] != "Removed")
                .filter(|c| {
                    let kind = c["type"].as_str().unwrap_or("");
                    kind == "Ready" || kind.ends_with("Ready") || kind == "Available"
                })
                .map(|c| {
                    format!(
                        "{} {}: {}",
                        c["type"].as_str().unwrap_or("?"),
                        c["status"].as_str().unwrap_or("?"),
                        c["message"]
                            .as_str()
                            .unwrap_or(c["reason"].as_str().unwrap_or(""))
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A DSCInitialization or DataScienceCluster: phase Ready, no readiness
/// condition that is not True.
pub fn phase_ready(object: Option<&Object>, kind: &str) -> Check {
    let name = format!("{kind} is Ready");
    let Some(object) = object else {
        return Check::failed(
            COMPONENT,
            &name,
            format!("no {kind} found"),
            "run `odh status -p core`",
        );
    };
    let phase = object.str_at("/status/phase").unwrap_or("none");
    let bad = not_true(object);
    if phase == "Ready" && bad.is_empty() {
        let count = object
            .get("/status/conditions")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        return Check::passed(
            COMPONENT,
            &name,
            format!("{kind} {}: phase Ready, {count} conditions", object.name()),
        );
    }
    let mut evidence = format!("{kind} {}: phase {phase}", object.name());
    if !bad.is_empty() {
        evidence.push_str(&format!("; {}", bad.join("; ")));
    }
    Check::failed(
        COMPONENT,
        &name,
        evidence,
        format!("oc describe {} {}", kind.to_lowercase(), object.name()),
    )
}

/// The dashboard's Service answers through the proxy (any HTTP answer below
/// 500: its auth proxy refusing an anonymous request counts); the Route, when
/// there is one, is admitted.
pub fn dashboard(route: Option<&Object>, reply: &Reply) -> Check {
    let name = "dashboard answers";
    let route_note = match route {
        Some(route) => {
            let admitted = route
                .get("/status/ingress")
                .and_then(Value::as_array)
                .is_some_and(|ingress| {
                    ingress.iter().any(|i| {
                        i["conditions"].as_array().is_some_and(|cs| {
                            cs.iter()
                                .any(|c| c["type"] == "Admitted" && c["status"] == "True")
                        })
                    })
                });
            if !admitted {
                return Check::failed(
                    COMPONENT,
                    name,
                    format!("Route {} is not admitted by a router", route.name()),
                    format!(
                        "oc -n {} describe route {}",
                        route.namespace().unwrap_or(""),
                        route.name()
                    ),
                );
            }
            format!(
                "; Route {} admitted at {}",
                route.name(),
                route.str_at("/spec/host").unwrap_or("?")
            )
        }
        None => "; no Route (exposed another way)".to_string(),
    };
    match reply.status() {
        Some(status) if status < 500 => Check::passed(
            COMPONENT,
            name,
            format!("HTTP {status} from the dashboard Service{route_note}"),
        ),
        _ => {
            let hint = reply.proxy_hint("the dashboard").unwrap_or_else(|| {
                "the dashboard answered with a server error; look at its pods' log".into()
            });
            Check::failed(COMPONENT, name, reply.describe(), hint)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;

    fn object(yaml: &str) -> Object {
        Object::from_yaml(yaml).unwrap()
    }

    #[test]
    fn the_csv_must_have_succeeded() {
        let sub = object(
            "apiVersion: operators.coreos.com/v1alpha1\nkind: Subscription\nmetadata: {name: opendatahub-operator, namespace: openshift-operators}\nstatus: {state: AtLatestKnown, installedCSV: opendatahub-operator.v3.5.0}\n",
        );
        let ok = object(
            "apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\nmetadata: {name: opendatahub-operator.v3.5.0, namespace: openshift-operators}\nstatus: {phase: Succeeded}\n",
        );
        assert_eq!(csv(Some(&sub), Some(&ok)).outcome, Outcome::Passed);
        let failed = object(
            "apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\nmetadata: {name: x, namespace: openshift-operators}\nstatus: {phase: Failed, reason: InstallCheckFailed, message: install timeout}\n",
        );
        let check = csv(Some(&sub), Some(&failed));
        assert_eq!(check.outcome, Outcome::Failed);
        assert!(check.evidence.contains("InstallCheckFailed"));
        assert_eq!(csv(Some(&sub), None).outcome, Outcome::Failed);
    }

    #[test]
    fn phase_and_conditions_decide_readiness() {
        let ready = object(
            "apiVersion: v1\nkind: DataScienceCluster\nmetadata: {name: default-dsc}\nstatus:\n  phase: Ready\n  conditions:\n  - {type: Ready, status: 'True'}\n  - {type: KserveReady, status: 'False', reason: Removed}\n",
        );
        assert_eq!(
            phase_ready(Some(&ready), "DataScienceCluster").outcome,
            Outcome::Passed
        );
        let not = object(
            "apiVersion: v1\nkind: DataScienceCluster\nmetadata: {name: default-dsc}\nstatus:\n  phase: Not Ready\n  conditions:\n  - {type: DashboardReady, status: 'False', reason: Error, message: deployment not available}\n",
        );
        let check = phase_ready(Some(&not), "DataScienceCluster");
        assert_eq!(check.outcome, Outcome::Failed);
        assert!(
            check
                .evidence
                .contains("DashboardReady False: deployment not available"),
            "{}",
            check.evidence
        );
    }

    #[test]
    fn the_dashboard_may_refuse_anonymous_requests_but_must_answer() {
        let forbidden = Reply::Answer {
            status: 403,
            body: b"Forbidden".to_vec(),
        };
        assert_eq!(dashboard(None, &forbidden).outcome, Outcome::Passed);
        let down = Reply::Proxy {
            status: 503,
            message: "no endpoints available".into(),
        };
        assert_eq!(dashboard(None, &down).outcome, Outcome::Failed);
        let unadmitted = object(
            "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: odh-dashboard, namespace: opendatahub}\nstatus: {ingress: [{conditions: [{type: Admitted, status: 'False'}]}]}\n",
        );
        assert_eq!(
            dashboard(Some(&unadmitted), &forbidden).outcome,
            Outcome::Failed
        );
    }
}
