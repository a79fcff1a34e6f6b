//! Admission checks: mutating/validating webhooks whose service has no ready endpoints reject
//! matching requests (as a real apiserver does when it cannot call them), and the ODH operator's
//! guard against deleting a DSCInitialization while a DataScienceCluster exists.

use crate::registry::ResourceInfo;
use crate::selectors::matches_selector_object;
use crate::state::State;
use crate::status::ApiError;
use crate::util::{labels, meta_str};
use serde_json::Value;

fn list_has(v: &Value, want: &str) -> bool {
    v.as_array().is_some_and(|a| {
        a.iter()
            .any(|x| x == "*" || x == "*/*" || x.as_str() == Some(want))
    })
}

fn rule_matches(rule: &Value, ri: &ResourceInfo, op: &str, sub: Option<&str>) -> bool {
    let resource = match sub {
        Some(s) => format!("{}/{s}", ri.plural),
        None => ri.plural.clone(),
    };
    let res_ok = rule["resources"].as_array().is_some_and(|a| {
        a.iter().filter_map(Value::as_str).any(|r| {
            r == resource
                || r == "*/*"
                || (r == "*" && sub.is_none())
                || (sub.is_some() && r == format!("*/{}", sub.unwrap_or("")))
        })
    });
    let scope_ok = match rule["scope"].as_str().unwrap_or("*") {
        "Namespaced" => ri.namespaced,
        "Cluster" => !ri.namespaced,
        _ => true,
    };
    list_has(&rule["apiGroups"], &ri.group)
        && list_has(&rule["apiVersions"], &ri.version)
        && list_has(&rule["operations"], op)
        && res_ok
        && scope_ok
}

/// Whether a Service has at least one ready endpoint.
pub fn service_has_ready_endpoints(st: &State, ns: &str, svc: &str) -> bool {
    let slices = ("discovery.k8s.io".to_string(), "endpointslices".to_string());
    let ready_slice = st.store.range(&slices, Some(ns), None).any(|(_, s)| {
        labels(s)
            .get("kubernetes.io/service-name")
            .and_then(Value::as_str)
            == Some(svc)
            && s["endpoints"].as_array().is_some_and(|eps| {
                eps.iter()
                    .any(|e| e["conditions"]["ready"].as_bool().unwrap_or(true))
            })
    });
    if ready_slice {
        return true;
    }
    let eps = (String::new(), "endpoints".to_string());
    st.store.get(&eps, ns, svc).is_some_and(|e| {
        e["subsets"].as_array().is_some_and(|subs| {
            subs.iter()
                .any(|s| s["addresses"].as_array().is_some_and(|a| !a.is_empty()))
        })
    })
}

/// Runs the webhook checks for a request on `obj` (`op` is CREATE, UPDATE or DELETE).
pub fn webhooks(
    st: &State,
    ri: &ResourceInfo,
    op: &str,
    sub: Option<&str>,
    obj: &Value,
) -> Result<(), ApiError> {
    if ri.group == "admissionregistration.k8s.io" {
        return Ok(());
    }
    let ns = meta_str(obj, "namespace");
    let ns_labels = if ri.kind == "Namespace" {
        labels(obj)
    } else if ns.is_empty() {
        serde_json::Map::new()
    } else {
        st.store
            .get(&(String::new(), "namespaces".into()), "", ns)
            .map(|n| labels(n))
            .unwrap_or_default()
    };
    let obj_labels = labels(obj);
    for plural in [
        "mutatingwebhookconfigurations",
        "validatingwebhookconfigurations",
    ] {
        let key = (
            "admissionregistration.k8s.io".to_string(),
            plural.to_string(),
        );
        for cfg in st.store.iter(&key) {
            let Some(hooks) = cfg["webhooks"].as_array() else {
                continue;
            };
            for h in hooks {
                let rules_match = h["rules"]
                    .as_array()
                    .is_some_and(|rs| rs.iter().any(|r| rule_matches(r, ri, op, sub)));
                if !rules_match {
                    continue;
                }
                let ns_sel_applies = ri.namespaced || ri.kind == "Namespace";
                if ns_sel_applies
                    && !matches_selector_object(h.get("namespaceSelector"), &ns_labels)
                {
                    continue;
                }
                if !matches_selector_object(h.get("objectSelector"), &obj_labels) {
                    continue;
                }
                let Some(svc) = h["clientConfig"].get("service") else {
                    continue;
                };
                let svc_name = svc["name"].as_str().unwrap_or("");
                let svc_ns = svc["namespace"].as_str().unwrap_or("");
                let port = svc["port"].as_u64().unwrap_or(443);
                let path = svc["path"].as_str().unwrap_or("");
                let hook = h["name"].as_str().unwrap_or("");
                let url = format!("https://{svc_name}.{svc_ns}.svc:{port}{path}?timeout=10s");
                let svc_exists = st
                    .store
                    .get(&(String::new(), "services".into()), svc_ns, svc_name)
                    .is_some();
                let why = if !svc_exists {
                    format!("service \"{svc_name}\" not found")
                } else if !service_has_ready_endpoints(st, svc_ns, svc_name) {
                    format!("no endpoints available for service \"{svc_name}\"")
                } else {
                    continue;
                };
                if h["failurePolicy"].as_str() == Some("Ignore") {
                    continue;
                }
                return Err(ApiError::internal(&format!(
                    "failed calling webhook \"{hook}\": failed to call webhook: Post \"{url}\": {why}"
                )));
            }
        }
    }
    Ok(())
}

/// Checks that a delete is allowed by simulated operator webhooks.
pub fn check_delete(st: &State, ri: &ResourceInfo, obj: &Value) -> Result<(), ApiError> {
    if ri.kind == "DSCInitialization" && ri.group == "dscinitialization.opendatahub.io" {
        let dsc = (
            "datasciencecluster.opendatahub.io".to_string(),
            "datascienceclusters".to_string(),
        );
        let operator_running = st.registry.by_group_resource(&dsc.0, &dsc.1).is_some();
        if operator_running && st.store.iter(&dsc).next().is_some() {
            return Err(ApiError::admission_denied(
                &ri.gr(),
                meta_str(obj, "name"),
                "operator.opendatahub.io",
                "Cannot delete DSCInitialization object when DataScienceCluster object still exists",
            ));
        }
    }
    Ok(())
}
