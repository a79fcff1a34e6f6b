//! Services behind webhooks and API services, and whether they have ready
//! endpoints (from their EndpointSlices).

use crate::object::{Object, ObjectRef};
use serde_json::Value;

/// True when any endpoint of the given EndpointSlices (those of one Service)
/// has an address and is ready. A missing `conditions.ready` counts as ready,
/// as the EndpointSlice API asks consumers to read it.
pub fn service_endpoints_ready(slices: &[Object]) -> bool {
    slices.iter().any(|slice| {
        slice
            .get("/endpoints")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|endpoint| {
                let has_address = endpoint
                    .get("addresses")
                    .and_then(Value::as_array)
                    .is_some_and(|addresses| !addresses.is_empty());
                let ready = endpoint
                    .pointer("/conditions/ready")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                has_address && ready
            })
    })
}

/// The Services an object sends requests to: those of a webhook
/// configuration's webhooks, an APIService, or a CRD's conversion webhook.
/// Sorted, without duplicates; empty for other kinds and for URL webhooks.
pub fn backing_services(obj: &Object) -> Vec<ObjectRef> {
    let mut services: Vec<ObjectRef> = match (obj.group(), obj.kind()) {
        (
            "admissionregistration.k8s.io",
            "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration",
        ) => obj
            .get("/webhooks")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|webhook| service_ref(webhook.pointer("/clientConfig/service")?))
            .collect(),
        ("apiregistration.k8s.io", "APIService") => obj
            .get("/spec/service")
            .and_then(service_ref)
            .into_iter()
            .collect(),
        ("apiextensions.k8s.io", "CustomResourceDefinition") => obj
            .get("/spec/conversion/webhook/clientConfig/service")
            .and_then(service_ref)
            .into_iter()
            .collect(),
        _ => Vec::new(),
    };
    services.sort();
    services.dedup();
    services
}

fn service_ref(service: &Value) -> Option<ObjectRef> {
    let name = service.get("name").and_then(Value::as_str)?;
    Some(ObjectRef {
        api_version: "v1".to_string(),
        kind: "Service".to_string(),
        namespace: service
            .get("namespace")
            .and_then(Value::as_str)
            .map(str::to_string),
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::test_support::obj;

    fn slice(endpoints: &str) -> Object {
        obj(&format!(
            "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {{name: s-abc, namespace: odh}}\nendpoints: {endpoints}\n"
        ))
    }

    #[test]
    fn endpoints_ready_needs_an_address_and_readiness() {
        assert!(!service_endpoints_ready(&[]));
        assert!(!service_endpoints_ready(&[slice("[]")]));
        assert!(!service_endpoints_ready(&[slice(
            "[{addresses: [10.0.0.5], conditions: {ready: false}}]"
        )]));
        assert!(service_endpoints_ready(&[
            slice("[{addresses: [10.0.0.5], conditions: {ready: false}}]"),
            slice("[{addresses: [10.0.0.6], conditions: {ready: true}}]"),
        ]));
        assert!(service_endpoints_ready(&[slice(
            "[{addresses: [10.0.0.7]}]"
        )]));
        assert!(!service_endpoints_ready(&[slice("[{addresses: []}]")]));
        let no_endpoints_field = obj("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n");
        assert!(!service_endpoints_ready(&[no_endpoints_field]));
    }

    #[test]
    fn webhook_configurations_name_their_services() {
        let webhook = obj(r#"
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: {name: spark-operator-webhook}
            webhooks:
            - name: a.sparkoperator.k8s.io
              clientConfig: {service: {name: spark-operator-webhook-svc, namespace: odh, path: /validate}}
            - name: b.sparkoperator.k8s.io
              clientConfig: {service: {name: spark-operator-webhook-svc, namespace: odh}}
            - name: c.example.com
              clientConfig: {url: "https://example.com/validate"}
            "#);
        let services: Vec<String> = backing_services(&webhook)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(services, ["Service/spark-operator-webhook-svc (v1) in odh"]);
    }

    #[test]
    fn api_service_and_crd_conversion_services() {
        let api_service = obj(r#"
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata: {name: v1beta1.metrics.k8s.io}
            spec: {service: {name: metrics-server, namespace: kube-system}}
            "#);
        assert_eq!(backing_services(&api_service).len(), 1);
        let local = obj(
            "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.apps}\nspec: {}\n",
        );
        assert!(backing_services(&local).is_empty());
        let crd = obj(r#"
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: dscinitializations.dscinitialization.opendatahub.io}
            spec:
              conversion:
                strategy: Webhook
                webhook:
                  clientConfig: {service: {name: opendatahub-operator-webhook-service, namespace: opendatahub-operator-system}}
            "#);
        assert_eq!(
            backing_services(&crd)[0].name,
            "opendatahub-operator-webhook-service"
        );
        assert!(backing_services(&obj("apiVersion: v1\nkind: ConfigMap\n")).is_empty());
    }
}
