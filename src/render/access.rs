//! How a user reaches what was installed: each entry point (a Route URL on
//! OpenShift, a `kubectl port-forward` line elsewhere) and the command that
//! shows each credential, never the credential itself.
//!
//! Pure: computed from the objects (rendered, or their live copies, whose
//! Routes carry the host the router assigned).

use crate::object::Object;
use serde::Serialize;
use serde_json::Value;

/// One thing a user can open or call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryPoint {
    pub component: String,
    pub name: String,
    /// What to open or call; after `reach` has run when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The command that makes it reachable from the user's machine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach: Option<String>,
    /// How to log in: a user name, or the command that prints a credential.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<Credential>,
    /// Where it is inside the cluster, or what else to know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One credential: what it is and either its public value or the command that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credential {
    pub what: String,
    /// A value that is not secret (a user name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The command that prints a secret value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

impl Credential {
    fn value(what: &str, value: &str) -> Credential {
        Credential {
            what: what.into(),
            value: Some(value.into()),
            command: None,
        }
    }

    fn secret(what: &str, namespace: &str, secret: &str, key: &str) -> Credential {
        Credential {
            what: what.into(),
            value: None,
            command: Some(format!(
                "kubectl -n {namespace} get secret {secret} -o jsonpath='{{.data.{key}}}' | base64 -d"
            )),
        }
    }
}

/// The entry points of the objects, in a stable order.
pub fn entry_points(objects: &[&Object]) -> Vec<EntryPoint> {
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .copied()
            .find(|o| o.kind() == kind && o.name() == name)
    };
    let mut out = Vec::new();
    if let Some(svc) = find("Service", "proxy-public") {
        let hub = find("Deployment", "hub");
        let mut e = service_entry(svc, find("Route", "proxy-public"), "JupyterHub", 8080, "");
        e.credentials
            .push(Credential::value("user", "any user name"));
        if let Some((secret, key)) = hub.and_then(|d| env_secret(d, "JUPYTERHUB_SHARED_PASSWORD")) {
            e.credentials
                .push(Credential::secret("password", svc_ns(svc), &secret, &key));
        }
        out.push(e);
    }
    if let Some(config) = find("ConfigMap", "s3-config") {
        let gateway = objects
            .iter()
            .copied()
            .find(|o| o.kind() == "CephObjectStore");
        out.push(s3_entry(config, find("Service", "minio"), gateway));
    }
    if let Some(svc) = find("Service", "grafana") {
        let mut e = service_entry(svc, find("Route", "grafana"), "Grafana", 3000, "");
        if let Some(d) = find("Deployment", "grafana") {
            if let Some(user) = env_value(d, "GF_SECURITY_ADMIN_USER") {
                e.credentials.push(Credential::value("user", &user));
            }
            if let Some((secret, key)) = env_secret(d, "GF_SECURITY_ADMIN_PASSWORD") {
                e.credentials
                    .push(Credential::secret("password", svc_ns(svc), &secret, &key));
            }
        }
        out.push(e);
    }
    if let Some(svc) = find("Service", "prometheus") {
        out.push(service_entry(
            svc,
            find("Route", "prometheus"),
            "Prometheus",
            9090,
            "",
        ));
    }
    out.extend(models(objects));
    out.extend(pipelines::entry_points(objects));
    let dashboard = objects.iter().find(|o| {
        o.kind() == "DataScienceCluster"
            && o.str_at("/spec/components/dashboard/managementState") == Some("Managed")
    });
    if let Some(dsc) = dashboard {
        let ns = objects
            .iter()
            .find(|o| o.kind() == "DSCInitialization")
            .and_then(|o| o.str_at("/spec/applicationsNamespace"))
            .unwrap_or("opendatahub");
        out.push(EntryPoint {
            component: component(dsc),
            name: "Open Data Hub dashboard (workbenches)".into(),
            url: None,
            reach: Some(format!("kubectl -n {ns} get routes")),
            credentials: vec![Credential::value("login", "your OpenShift account")],
            note: Some("the operator creates the dashboard's Route".into()),
        });
    }
    out
}

fn component(o: &Object) -> String {
    o.label(super::COMPONENT_LABEL).unwrap_or("").to_string()
}

fn svc_ns(o: &Object) -> &str {
    o.namespace().unwrap_or("default")
}

/// A Service reached through its Route when there is one, else a port-forward
/// from `local` to the Service's first port.
fn service_entry(
    svc: &Object,
    route: Option<&Object>,
    name: &str,
    local: u16,
    path: &str,
) -> EntryPoint {
    let ns = svc_ns(svc);
    let port = svc
        .get("/spec/ports/0/port")
        .and_then(Value::as_u64)
        .unwrap_or(80);
    let (url, reach) = match route {
        Some(r) => match r.str_at("/spec/host").filter(|h| !h.is_empty()) {
            Some(host) => (Some(format!("https://{host}{path}")), None),
            None => (
                None,
                Some(format!(
                    "kubectl -n {ns} get route {} -o jsonpath='{{.spec.host}}'",
                    r.name()
                )),
            ),
        },
        None => (
            Some(format!("http://localhost:{local}{path}")),
            Some(format!(
                "kubectl -n {ns} port-forward svc/{} {local}:{port}",
                svc.name()
            )),
        ),
    };
    EntryPoint {
        component: component(svc),
        name: name.into(),
        url,
        reach,
        credentials: Vec::new(),
        note: Some(format!(
            "in the cluster: http://{}.{ns}.svc:{port}{path}",
            svc.name()
        )),
    }
}

fn s3_entry(config: &Object, store: Option<&Object>, gateway: Option<&Object>) -> EntryPoint {
    let ns = svc_ns(config);
    let endpoint = config.str_at("/data/AWS_S3_ENDPOINT").unwrap_or("");
    let bucket = config.str_at("/data/AWS_S3_BUCKET").unwrap_or("");
    let secret = config.str_at("/data/AWS_CREDENTIALS_SECRET").unwrap_or("");
    let (url, reach) = match store {
        Some(svc) => {
            let port = svc
                .get("/spec/ports/0/port")
                .and_then(Value::as_u64)
                .unwrap_or(9000);
            (
                format!("http://localhost:{port}"),
                Some(format!(
                    "kubectl -n {ns} port-forward svc/{} {port}:{port}",
                    svc.name()
                )),
            )
        }
        // Rook's gateway Service is rook-ceph-rgw-<store> on the store's port
        // (rook/rook@v1.20.6 pkg/apis/ceph.rook.io/v1/object.go GetServiceName).
        None => match gateway {
            Some(store) => {
                let port = store
                    .get("/spec/gateway/port")
                    .and_then(Value::as_u64)
                    .unwrap_or(80);
                (
                    "http://localhost:8080".to_string(),
                    Some(format!(
                        "kubectl -n {} port-forward svc/rook-ceph-rgw-{} 8080:{port}",
                        svc_ns(store),
                        store.name()
                    )),
                )
            }
            None => (endpoint.to_string(), None),
        },
    };
    EntryPoint {
        component: component(config),
        name: "S3".into(),
        url: Some(url),
        reach,
        credentials: vec![
            Credential::secret("access key", ns, secret, "AWS_ACCESS_KEY_ID"),
            Credential::secret("secret key", ns, secret, "AWS_SECRET_ACCESS_KEY"),
        ],
        note: Some(format!(
            "bucket {bucket}; in the cluster: {endpoint} (ConfigMap {ns}/s3-config)"
        )),
    }
}

/// The model servers: Seldon's executor Service, or KServe's predictor Service.
fn models(objects: &[&Object]) -> Vec<EntryPoint> {
    let mut out = Vec::new();
    for (i, o) in objects
        .iter()
        .filter(|o| matches!(o.kind(), "SeldonDeployment" | "InferenceService"))
        .enumerate()
    {
        let ns = svc_ns(o);
        let local = 8500 + i as u16;
        let (service, port, path) = if o.kind() == "SeldonDeployment" {
            let predictor = o.str_at("/spec/predictors/0/name").unwrap_or("default");
            (
                format!("{}-{predictor}", o.name()),
                8000,
                "/api/v0.1/predictions",
            )
        } else {
            (format!("{}-predictor", o.name()), 80, "/predict")
        };
        out.push(EntryPoint {
            component: component(o),
            name: format!("model {}", o.name()),
            url: Some(format!("http://localhost:{local}{path}")),
            reach: Some(format!(
                "kubectl -n {ns} port-forward svc/{service} {local}:{port}"
            )),
            credentials: Vec::new(),
            note: Some(format!(
                "POST JSON; in the cluster: http://{service}.{ns}.svc:{port}{path}"
            )),
        });
    }
    out
}

fn containers_env(d: &Object) -> impl Iterator<Item = &Value> {
    d.get("/spec/template/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|c| c["env"].as_array().into_iter().flatten())
}

fn env_value(d: &Object, name: &str) -> Option<String> {
    containers_env(d).find(|e| e["name"] == name)?["value"]
        .as_str()
        .map(str::to_string)
}

fn env_secret(d: &Object, name: &str) -> Option<(String, String)> {
    let r = &containers_env(d).find(|e| e["name"] == name)?["valueFrom"]["secretKeyRef"];
    Some((
        r["name"].as_str()?.to_string(),
        r["key"].as_str()?.to_string(),
    ))
}

mod pipelines;

#[cfg(test)]
mod tests;
