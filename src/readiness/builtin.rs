//! Readiness of the passive built-in kinds: PersistentVolumeClaim, Service,
//! Namespace, CustomResourceDefinition and APIService.

use super::Status;
use super::conditions::{condition, conditions};
use super::generic::or_default;
use crate::object::Object;
use serde_json::Value;

pub(super) fn persistent_volume_claim(obj: &Object) -> Status {
    match obj.str_at("/status/phase").unwrap_or("") {
        "Bound" => Status::current("claim is bound"),
        "Lost" => Status::failed("ClaimLost", "the claim lost its volume"),
        "" => Status::in_progress("NotBound", "waiting for the claim to be bound"),
        phase => Status::in_progress(
            "NotBound",
            format!("waiting for the claim to be bound (phase {phase})"),
        ),
    }
}

pub(super) fn service(obj: &Object) -> Status {
    match obj.str_at("/spec/type").unwrap_or("ClusterIP") {
        "ExternalName" => Status::current("external name service"),
        "LoadBalancer" => {
            let ingress = obj
                .get("/status/loadBalancer/ingress")
                .and_then(Value::as_array)
                .is_some_and(|list| !list.is_empty());
            if ingress {
                Status::current("load balancer has an ingress")
            } else {
                Status::in_progress(
                    "NoIngress",
                    "waiting for the load balancer to get an ingress",
                )
            }
        }
        _ if obj
            .str_at("/spec/clusterIP")
            .is_some_and(|ip| !ip.is_empty()) =>
        {
            Status::current("cluster IP assigned")
        }
        _ => Status::in_progress("NoIPAssigned", "waiting for a cluster IP"),
    }
}

pub(super) fn namespace(obj: &Object) -> Status {
    match obj.str_at("/status/phase").unwrap_or("") {
        "Active" => Status::current("namespace is active"),
        "Terminating" => Status::terminating(match namespace_deletion_blockers(obj) {
            Some(blockers) => format!("being deleted: {blockers}"),
            None => "being deleted".to_string(),
        }),
        _ => Status::in_progress("NotActive", "waiting for the namespace to become active"),
    }
}

/// What holds up a namespace deletion, from its `NamespaceContentRemaining`,
/// `NamespaceFinalizersRemaining` and `NamespaceDeletion*Failure` conditions.
pub(super) fn namespace_deletion_blockers(obj: &Object) -> Option<String> {
    let messages: Vec<String> = conditions(obj)
        .filter(|c| c.is_true() && c.type_.starts_with("Namespace"))
        .map(|c| or_default(c.message, c.reason).to_string())
        .filter(|m| !m.is_empty())
        .collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

pub(super) fn custom_resource_definition(obj: &Object) -> Status {
    if let Some(names) = condition(obj, "NamesAccepted")
        && names.is_false()
    {
        return Status::failed(
            or_default(names.reason, "NamesNotAccepted"),
            format!("names not accepted: {}", names.explain()),
        );
    }
    match condition(obj, "Established") {
        Some(established) if established.is_true() => Status::current("established"),
        Some(established) if established.is_false() && established.reason != "Installing" => {
            Status::failed(
                or_default(established.reason, "NotEstablished"),
                format!("not established: {}", established.explain()),
            )
        }
        _ => Status::in_progress("Installing", "waiting for the CRD to be established"),
    }
}

pub(super) fn api_service(obj: &Object) -> Status {
    match condition(obj, "Available") {
        Some(available) if available.is_true() => Status::current("available"),
        Some(available) => Status::in_progress(
            or_default(available.reason, "NotAvailable"),
            format!(
                "waiting for the API service to be available: {}",
                available.explain()
            ),
        ),
        None => Status::in_progress(
            "NotAvailable",
            "waiting for the API service to be available",
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, compute};

    #[test]
    fn pvc_bound_pending_lost() {
        let pvc = |phase: &str| {
            compute(&obj(&format!(
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: data, namespace: odh}}\nstatus: {{phase: {phase}}}\n"
            )))
        };
        assert_eq!(pvc("Bound").state, State::Current);
        let pending = pvc("Pending");
        assert_eq!(pending.state, State::InProgress);
        assert_eq!(
            pending.message,
            "waiting for the claim to be bound (phase Pending)"
        );
        assert_eq!(pvc("Lost").state, State::Failed);
    }

    #[test]
    fn service_cluster_ip_and_load_balancer() {
        let cluster_ip = compute(&obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: hub}\nspec: {clusterIP: 10.0.0.1}\n",
        ));
        assert_eq!(cluster_ip.state, State::Current);
        let headless = compute(&obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: hub}\nspec: {clusterIP: None}\n",
        ));
        assert_eq!(headless.state, State::Current);
        let no_ip = compute(&obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: hub}\nspec: {}\n",
        ));
        assert_eq!(no_ip.reason.as_deref(), Some("NoIPAssigned"));
        let pending_lb = compute(&obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: proxy-public}\nspec: {type: LoadBalancer, clusterIP: 10.0.0.2}\nstatus: {loadBalancer: {}}\n",
        ));
        assert_eq!(pending_lb.state, State::InProgress);
        assert_eq!(
            pending_lb.message,
            "waiting for the load balancer to get an ingress"
        );
        let lb = compute(&obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: proxy-public}\nspec: {type: LoadBalancer, clusterIP: 10.0.0.2}\nstatus: {loadBalancer: {ingress: [{ip: 1.2.3.4}]}}\n",
        ));
        assert_eq!(lb.state, State::Current);
        let external = compute(&obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: s3}\nspec: {type: ExternalName, externalName: s3.example.com}\n",
        ));
        assert_eq!(external.state, State::Current);
    }

    #[test]
    fn namespace_active_and_terminating() {
        let active = compute(&obj(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: odh}\nstatus: {phase: Active}\n",
        ));
        assert_eq!(active.state, State::Current);
        let terminating = compute(&obj(r#"
            apiVersion: v1
            kind: Namespace
            metadata: {name: odh, deletionTimestamp: "2024-01-01T00:00:00Z"}
            status:
              phase: Terminating
              conditions:
              - type: NamespaceContentRemaining
                status: "True"
                message: "Some resources are remaining: seldondeployments.machinelearning.seldon.io has 1 resource instances"
              - type: NamespaceDeletionDiscoveryFailure
                status: "False"
            "#));
        assert_eq!(terminating.state, State::Terminating);
        assert_eq!(
            terminating.message,
            "being deleted: Some resources are remaining: seldondeployments.machinelearning.seldon.io has 1 resource instances"
        );
        let no_phase = compute(&obj(
            "apiVersion: v1\nkind: Namespace\nmetadata: {name: odh}\n",
        ));
        assert_eq!(no_phase.state, State::InProgress);
    }

    fn crd(conditions: &str) -> crate::readiness::Status {
        compute(&obj(&format!(
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {{name: widgets.example.com}}\nstatus:\n  conditions: {conditions}\n"
        )))
    }

    #[test]
    fn crd_established_names_accepted() {
        let ok =
            crd(r#"[{type: NamesAccepted, status: "True"}, {type: Established, status: "True"}]"#);
        assert_eq!(ok.state, State::Current);
        let installing = crd(
            r#"[{type: NamesAccepted, status: "True"}, {type: Established, status: "False", reason: Installing}]"#,
        );
        assert_eq!(installing.state, State::InProgress);
        assert_eq!(crd("[]").state, State::InProgress);
        let conflict = crd(
            r#"[{type: NamesAccepted, status: "False", reason: KindConflict, message: '"Widget" is already in use'}, {type: Established, status: "False", reason: NotAccepted}]"#,
        );
        assert_eq!(conflict.state, State::Failed);
        assert_eq!(
            conflict.message,
            "names not accepted: KindConflict: \"Widget\" is already in use"
        );
    }

    #[test]
    fn api_service_needs_available() {
        let unavailable = compute(&obj(r#"
            apiVersion: apiregistration.k8s.io/v1
            kind: APIService
            metadata: {name: v1beta1.metrics.k8s.io}
            status:
              conditions:
              - {type: Available, status: "False", reason: MissingEndpoints, message: endpoints for service/metrics-server in "kube-system" have no addresses}
            "#));
        assert_eq!(unavailable.state, State::InProgress);
        assert_eq!(unavailable.reason.as_deref(), Some("MissingEndpoints"));
        let available = compute(&obj(
            "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.apps}\nstatus:\n  conditions: [{type: Available, status: \"True\"}]\n",
        ));
        assert_eq!(available.state, State::Current);
    }
}
