//! Finding what to talk to from the live objects: the installation's objects
//! of a component, a Service and its port, a credential in a Secret.

use super::Ctx;
use crate::cluster::ServiceTarget;
use crate::install::Entry;
use crate::object::{Object, ObjectRef};
use base64::Engine;
use serde_json::Value;

impl Ctx<'_> {
    /// The inventory's entries of a component and kind.
    pub fn entries(&self, component: &str, kind: &str) -> Vec<&Entry> {
        self.inventory
            .objects
            .iter()
            .filter(|e| e.component == component && e.kind == kind)
            .collect()
    }

    /// A value the installation was rendered with.
    pub fn value(&self, key: &str) -> String {
        match self.inventory.values.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }

    /// Reads one live object; an absent object (or kind) and read errors are messages.
    pub async fn read(&self, target: &ObjectRef) -> Result<Object, String> {
        match self.cluster.find(target).await {
            Ok(Some(object)) => Ok(object),
            Ok(None) => Err(format!("{target} not found")),
            Err(err) => Err(format!("reading {target}: {err}")),
        }
    }

    /// The component's Service named `name` (or its only one), and the port
    /// of the first of `ports` it has by name (else its first port).
    pub async fn service(
        &self,
        component: &str,
        name: Option<&str>,
        ports: &[&str],
    ) -> Result<ServiceTarget, String> {
        let entries = self.entries(component, "Service");
        let entry = match name {
            Some(name) => entries.into_iter().find(|e| e.name == name),
            None => entries.into_iter().next(),
        }
        .ok_or_else(|| format!("the installation has no Service of {component}"))?;
        let live = self.read(&entry.to_ref()).await?;
        service_target(&live, ports)
    }

    /// A key of a Secret, decoded. The value joins the run's secrets, which
    /// are scrubbed from every check's text.
    pub async fn secret(&self, namespace: &str, name: &str, key: &str) -> Result<String, String> {
        let target = ObjectRef {
            api_version: "v1".into(),
            kind: "Secret".into(),
            namespace: Some(namespace.into()),
            name: name.into(),
        };
        let secret = self.read(&target).await?;
        let encoded = secret
            .str_at(&format!("/data/{key}"))
            .ok_or_else(|| format!("Secret {namespace}/{name} has no key {key}"))?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| format!("Secret {namespace}/{name} key {key} is not base64"))?;
        let value = String::from_utf8(bytes)
            .map_err(|_| format!("Secret {namespace}/{name} key {key} is not text"))?;
        if value.is_empty() {
            return Err(format!("Secret {namespace}/{name} key {key} is empty"));
        }
        self.remember_secret(&value);
        Ok(value)
    }

    /// The value a live workload's container gets in environment variable
    /// `name`: inline, or from the Secret its `secretKeyRef` names.
    pub async fn env_value(&self, workload: &Entry, name: &str) -> Result<String, String> {
        let live = self.read(&workload.to_ref()).await?;
        let containers = live
            .get("/spec/template/spec/containers")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let var = containers
            .iter()
            .filter_map(|c| c["env"].as_array())
            .flatten()
            .find(|e| e["name"] == name)
            .ok_or_else(|| format!("{} sets no {name}", workload.to_ref()))?;
        if let Some(value) = var["value"].as_str() {
            return Ok(value.to_string());
        }
        let reference = &var["valueFrom"]["secretKeyRef"];
        match (reference["name"].as_str(), reference["key"].as_str()) {
            (Some(secret), Some(key)) => {
                let namespace = workload.namespace.clone().unwrap_or_default();
                self.secret(&namespace, secret, key).await
            }
            _ => Err(format!(
                "{} takes {name} from neither a value nor a Secret",
                workload.to_ref()
            )),
        }
    }

    pub fn remember_secret(&self, value: &str) {
        self.secrets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(value.to_string());
    }
}

/// How to reach a live Service: the first port named in `ports`, else its first port.
pub fn service_target(service: &Object, ports: &[&str]) -> Result<ServiceTarget, String> {
    let list = service
        .get("/spec/ports")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let chosen = ports
        .iter()
        .find_map(|want| list.iter().find(|p| p["name"].as_str() == Some(want)))
        .or_else(|| list.first())
        .ok_or_else(|| format!("Service {} has no ports", service.name()))?;
    let port = match chosen["name"].as_str() {
        Some(name) if !name.is_empty() => name.to_string(),
        _ => chosen["port"].to_string(),
    };
    Ok(ServiceTarget {
        namespace: service.namespace().unwrap_or("default").to_string(),
        name: service.name().to_string(),
        https: chosen["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("https"))
            || chosen["appProtocol"].as_str() == Some("https"),
        port,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_chosen_by_name_then_first() {
        let svc = Object::from_yaml(
            "apiVersion: v1\nkind: Service\nmetadata: {name: minio, namespace: odh}\nspec:\n  ports:\n  - {name: console, port: 9001}\n  - {name: api, port: 9000}\n",
        )
        .unwrap();
        let target = service_target(&svc, &["api"]).unwrap();
        assert_eq!((target.port.as_str(), target.https), ("api", false));
        assert_eq!(service_target(&svc, &["nope"]).unwrap().port, "console");
        let unnamed = Object::from_yaml(
            "apiVersion: v1\nkind: Service\nmetadata: {name: x, namespace: odh}\nspec: {ports: [{port: 8000}]}\n",
        )
        .unwrap();
        assert_eq!(service_target(&unnamed, &[]).unwrap().port, "8000");
        let tls = Object::from_yaml(
            "apiVersion: v1\nkind: Service\nmetadata: {name: d, namespace: odh}\nspec: {ports: [{name: https-ui, port: 8443}]}\n",
        )
        .unwrap();
        assert!(service_target(&tls, &[]).unwrap().https);
    }
}
