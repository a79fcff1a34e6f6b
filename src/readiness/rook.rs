//! Readiness of Rook's Ceph objects: the CephCluster by its phase and Ceph's
//! own health, the CephObjectStore by its phase, an ObjectBucketClaim once it
//! is Bound (facts: rook/rook@v1.20.6 pkg/apis/ceph.rook.io/v1/types.go,
//! pkg/operator/ceph/cluster/cephstatus.go, pkg/operator/ceph/object/status.go;
//! kube-object-storage/lib-bucket-provisioner@d1a8c34382f1
//! pkg/apis/objectbucket.io/v1alpha1/objectbucketclaim_types.go).
//!
//! The CephCluster's `Ready` condition is not used: Rook keeps it True after
//! the first successful configuration and reports later trouble as Ceph
//! health. `HEALTH_WARN` counts as ready, named with its checks, because Rook
//! itself goes on to the object store on WARN (and a one-node cluster warns
//! often); `HEALTH_ERR` does not. Rook retries every reconcile, so neither a
//! failed reconcile nor phase `Failure` is final: both wait, with the reason.

use super::Status;
use crate::object::Object;
use serde_json::Value;

pub(super) fn ceph_cluster(obj: &Object) -> Status {
    let phase = obj.str_at("/status/phase").unwrap_or("");
    let message = obj.str_at("/status/message").unwrap_or("");
    let health = obj.str_at("/status/ceph/health").unwrap_or("");
    match phase {
        "Ready" | "Connected" => match health {
            "HEALTH_OK" => Status::current("phase Ready, HEALTH_OK"),
            "HEALTH_WARN" => Status::current(format!(
                "phase Ready, HEALTH_WARN{}",
                details(obj).map(|d| format!(": {d}")).unwrap_or_default()
            )),
            "" => Status::in_progress("NoHealth", "waiting for Ceph to report its health"),
            other => Status::in_progress(
                "CephUnhealthy",
                format!(
                    "waiting for Ceph health HEALTH_OK or HEALTH_WARN, it is {other}{}",
                    details(obj).map(|d| format!(": {d}")).unwrap_or_default()
                ),
            ),
        },
        "" => Status::in_progress("NoPhase", "waiting for the Rook operator to report a phase"),
        _ => {
            let failed = obj.str_at("/status/state") == Some("Error");
            let reason = if failed { "ReconcileFailed" } else { phase };
            let mut text = format!("waiting for phase Ready, phase {phase}");
            if failed {
                text.push_str(" (the last reconcile failed; Rook retries)");
            }
            if !message.is_empty() {
                text.push_str(": ");
                text.push_str(message);
            }
            Status::in_progress(reason, text)
        }
    }
}

/// `MON_DISK_LOW (mon a is low on available space), POOL_NO_REDUNDANCY (…)`.
fn details(obj: &Object) -> Option<String> {
    let map = obj.get("/status/ceph/details")?.as_object()?;
    let parts: Vec<String> = map
        .iter()
        .map(
            |(code, detail)| match detail.get("message").and_then(Value::as_str) {
                Some(message) if !message.is_empty() => format!("{code} ({message})"),
                _ => code.clone(),
            },
        )
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

pub(super) fn ceph_object_store(obj: &Object) -> Status {
    let phase = obj.str_at("/status/phase").unwrap_or("");
    let message = obj.str_at("/status/message").unwrap_or("");
    match phase {
        "Ready" => match obj.str_at("/status/info/endpoint") {
            Some(endpoint) if !endpoint.is_empty() => {
                Status::current(format!("phase Ready, serving {endpoint}"))
            }
            _ => Status::current("phase Ready"),
        },
        "" => Status::in_progress("NoPhase", "waiting for the Rook operator to report a phase"),
        _ => {
            let mut text = format!("waiting for phase Ready, phase {phase}");
            if phase == "Failure" {
                text.push_str(" (Rook retries)");
            }
            if !message.is_empty() {
                text.push_str(": ");
                text.push_str(message);
            }
            Status::in_progress(phase, text)
        }
    }
}

pub(super) fn object_bucket_claim(obj: &Object) -> Status {
    match obj.str_at("/status/phase").unwrap_or("") {
        "Bound" => Status::current("phase Bound"),
        "Failed" => Status::failed("ClaimFailed", "phase Failed"),
        "" => Status::in_progress(
            "NoPhase",
            "waiting for the bucket provisioner to take the claim",
        ),
        phase => Status::in_progress(
            phase,
            format!(
                "waiting for phase Bound, phase {phase}: the bucket provisioner (in rook-ceph-operator) has not made the bucket yet"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn cluster(status: &str) -> Status {
        compute(&obj(&format!(
            "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {{name: rook-ceph, namespace: rook-ceph, generation: 1}}\nstatus: {status}\n"
        )))
    }

    #[test]
    fn a_ready_cluster_needs_ceph_health_ok_or_warn() {
        let ok = cluster(
            "{phase: Ready, observedGeneration: 1, ceph: {health: HEALTH_OK}, conditions: [{type: Ready, status: \"True\"}]}",
        );
        assert_eq!(
            (ok.state, ok.message.as_str()),
            (State::Current, "phase Ready, HEALTH_OK")
        );
        let warn = cluster(
            "{phase: Ready, observedGeneration: 1, ceph: {health: HEALTH_WARN, details: {MON_DISK_LOW: {severity: HEALTH_WARN, message: mon a is low on available space}}}}",
        );
        assert_eq!(warn.state, State::Current);
        assert_eq!(
            warn.message,
            "phase Ready, HEALTH_WARN: MON_DISK_LOW (mon a is low on available space)"
        );
        let unknown = cluster("{phase: Ready, observedGeneration: 1}");
        assert_eq!(unknown.reason.as_deref(), Some("NoHealth"));
    }

    #[test]
    fn health_err_is_not_ready_although_the_ready_condition_stays_true() {
        let status = cluster(
            r#"
              phase: Ready
              observedGeneration: 1
              conditions: [{type: Ready, status: "True", reason: ClusterCreated}]
              ceph:
                health: HEALTH_ERR
                details:
                  OSD_DOWN: {severity: HEALTH_WARN, message: 1 osds down}
                  PG_AVAILABILITY: {severity: HEALTH_ERR, message: Reduced data availability}
            "#,
        );
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("CephUnhealthy"));
        assert_eq!(
            status.message,
            "waiting for Ceph health HEALTH_OK or HEALTH_WARN, it is HEALTH_ERR: OSD_DOWN (1 osds down), PG_AVAILABILITY (Reduced data availability)"
        );
    }

    #[test]
    fn progressing_and_failed_reconciles_wait_with_the_message() {
        let progressing =
            cluster("{phase: Progressing, state: Creating, message: Configuring Ceph Mons}");
        assert_eq!(progressing.state, State::InProgress);
        assert_eq!(
            progressing.message,
            "waiting for phase Ready, phase Progressing: Configuring Ceph Mons"
        );
        let failed = cluster(
            "{phase: Progressing, state: Error, message: \"failed to create cluster: failed to start ceph osds\"}",
        );
        assert_eq!(failed.state, State::InProgress);
        assert_eq!(failed.reason.as_deref(), Some("ReconcileFailed"));
        assert!(
            failed
                .message
                .contains("the last reconcile failed; Rook retries")
        );
        assert_eq!(cluster("{}").reason.as_deref(), Some("NoPhase"));
        let stale = cluster("{phase: Ready, observedGeneration: 0, ceph: {health: HEALTH_OK}}");
        assert_eq!(stale.reason.as_deref(), Some("LatestGenerationNotObserved"));
    }

    #[test]
    fn the_object_store_is_ready_in_phase_ready() {
        let store = |status: &str| {
            compute(&obj(&format!(
                "apiVersion: ceph.rook.io/v1\nkind: CephObjectStore\nmetadata: {{name: odh, namespace: rook-ceph}}\nstatus: {status}\n"
            )))
        };
        let ready = store(
            "{phase: Ready, info: {endpoint: \"http://rook-ceph-rgw-odh.rook-ceph.svc:80\"}}",
        );
        assert_eq!(ready.state, State::Current);
        assert_eq!(
            ready.message,
            "phase Ready, serving http://rook-ceph-rgw-odh.rook-ceph.svc:80"
        );
        let failure = store("{phase: Failure, message: failed to create object pools}");
        assert_eq!(failure.state, State::InProgress);
        assert_eq!(
            failure.message,
            "waiting for phase Ready, phase Failure (Rook retries): failed to create object pools"
        );
        assert_eq!(store("{phase: Progressing}").state, State::InProgress);
        assert_eq!(store("{}").reason.as_deref(), Some("NoPhase"));
    }

    #[test]
    fn a_bucket_claim_is_ready_once_bound() {
        let claim = |status: &str| {
            compute(&obj(&format!(
                "apiVersion: objectbucket.io/v1alpha1\nkind: ObjectBucketClaim\nmetadata: {{name: s3-credentials, namespace: opendatahub}}\nstatus: {status}\n"
            )))
        };
        assert_eq!(claim("{phase: Bound}").state, State::Current);
        let pending = claim("{phase: Pending}");
        assert_eq!(
            (pending.state, pending.reason.as_deref()),
            (State::InProgress, Some("Pending"))
        );
        assert_eq!(claim("{}").state, State::InProgress);
        assert_eq!(claim("{phase: Failed}").state, State::Failed);
    }
}
