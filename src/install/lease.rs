//! The install lock: a coordination.k8s.io Lease with an expiry, renewed while
//! odh works. A crashed holder never blocks for longer than the lease lasts, and
//! a holder on this host whose process is gone is taken over at once.

use crate::cluster::{Cluster, ClusterError};
use crate::object::{Object, ObjectRef};
use k8s_openapi::jiff::Timestamp;
use serde_json::json;
use std::time::Duration;

/// The Lease's name.
pub const LEASE_NAME: &str = "odh-install-lock";
/// How long a lease lasts without renewal.
pub const LEASE_SECONDS: i64 = 30;

/// Who holds the lock: `host/pid/start` (start = the process start tick, so a
/// recycled pid is not mistaken for the holder).
pub fn holder_identity() -> String {
    format!(
        "{}/{}/{}",
        hostname(),
        std::process::id(),
        process_start(std::process::id()).unwrap_or_default()
    )
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "unknown-host".into())
}

fn process_start(pid: u32) -> Option<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    after_name.split_whitespace().nth(19).map(str::to_string)
}

/// True when the holder ran on this host and its process is gone.
fn holder_is_dead_here(holder: &str) -> bool {
    let mut parts = holder.split('/');
    let (Some(host), Some(pid), Some(start)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    if host != hostname() {
        return false;
    }
    match pid.parse::<u32>() {
        Ok(pid) => process_start(pid).as_deref() != Some(start),
        Err(_) => false,
    }
}

fn now() -> String {
    Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

fn lease_object(namespace: &str, holder: &str, resource_version: Option<&str>) -> Object {
    let mut value = json!({
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {
            "name": LEASE_NAME,
            "namespace": namespace,
            "labels": {"app.kubernetes.io/managed-by": "odh"},
        },
        "spec": {
            "holderIdentity": holder,
            "leaseDurationSeconds": LEASE_SECONDS,
            "acquireTime": now(),
            "renewTime": now(),
        },
    });
    if let Some(rv) = resource_version {
        value["metadata"]["resourceVersion"] = json!(rv);
    }
    Object::new(value)
}

/// The Lease of the installation in `namespace`.
pub fn lease_ref(namespace: &str) -> ObjectRef {
    ObjectRef {
        api_version: "coordination.k8s.io/v1".into(),
        kind: "Lease".into(),
        namespace: Some(namespace.into()),
        name: LEASE_NAME.into(),
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LeaseError {
    #[error(
        "another odh install holds the lock (Lease {namespace}/{LEASE_NAME}, holder {holder}); it expires in {remaining}s unless renewed"
    )]
    Held {
        namespace: String,
        holder: String,
        remaining: i64,
    },
    #[error("install lock: {0}")]
    Cluster(#[from] ClusterError),
}

fn remaining_seconds(lease: &Object) -> i64 {
    let renewed = lease
        .str_at("/spec/renewTime")
        .and_then(|t| t.parse::<Timestamp>().ok());
    let duration = lease
        .i64_at("/spec/leaseDurationSeconds")
        .unwrap_or(LEASE_SECONDS);
    match renewed {
        Some(t) => duration - Timestamp::now().duration_since(t).as_secs(),
        None => 0,
    }
}

/// Takes the lock in `namespace` for `holder`.
///
/// # Errors
/// `Held` while another live holder has it.
pub async fn acquire(cluster: &Cluster, namespace: &str, holder: &str) -> Result<(), LeaseError> {
    let target = lease_ref(namespace);
    for _ in 0..5 {
        match cluster.get(&target).await? {
            None => match cluster.create(&lease_object(namespace, holder, None)).await {
                Ok(_) => return Ok(()),
                Err(ClusterError::AlreadyExists) => continue,
                Err(e) => return Err(e.into()),
            },
            Some(lease) => {
                let current = lease
                    .str_at("/spec/holderIdentity")
                    .unwrap_or("")
                    .to_string();
                let remaining = remaining_seconds(&lease);
                let free = current.is_empty()
                    || current == holder
                    || remaining <= 0
                    || holder_is_dead_here(&current);
                if !free {
                    return Err(LeaseError::Held {
                        namespace: namespace.into(),
                        holder: current,
                        remaining,
                    });
                }
                let rv = lease.str_at("/metadata/resourceVersion");
                match cluster.replace(&lease_object(namespace, holder, rv)).await {
                    Ok(_) => return Ok(()),
                    Err(ClusterError::Changed(_)) => continue,
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    Err(LeaseError::Cluster(ClusterError::Other(
        "the install lock kept changing while odh tried to take it".into(),
    )))
}

/// Takes the lock like [`acquire`], retrying transient errors (throttling, a
/// dropped connection) until the deadline.
///
/// # Errors
/// `Held` while another live holder has it; the last error at the deadline.
pub async fn acquire_until(
    cluster: &Cluster,
    namespace: &str,
    holder: &str,
    deadline: tokio::time::Instant,
) -> Result<(), LeaseError> {
    let mut attempt = 0;
    loop {
        match acquire(cluster, namespace, holder).await {
            Err(LeaseError::Cluster(e))
                if e.is_transient() && tokio::time::Instant::now() < deadline =>
            {
                attempt += 1;
                tokio::time::sleep(super::retry::backoff(attempt)).await;
            }
            other => return other,
        }
    }
}

/// Renews the lock every third of its duration until the task is aborted.
pub fn keep_renewed(
    cluster: std::sync::Arc<Cluster>,
    namespace: String,
    holder: String,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs((LEASE_SECONDS / 3) as u64)).await;
            let _ = acquire(&cluster, &namespace, &holder).await;
        }
    })
}

/// Releases the lock (deletes the Lease) if this holder still has it.
pub async fn release(cluster: &Cluster, namespace: &str, holder: &str) {
    let target = lease_ref(namespace);
    if let Ok(Some(lease)) = cluster.get(&target).await
        && lease.str_at("/spec/holderIdentity") == Some(holder)
    {
        let _ = cluster.delete(&target).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_process_is_alive_and_identity_has_three_parts() {
        let me = holder_identity();
        assert_eq!(me.split('/').count(), 3);
        assert!(!holder_is_dead_here(&me));
        let gone = format!("{}/{}/1", hostname(), u32::MAX - 1);
        assert!(holder_is_dead_here(&gone));
        assert!(!holder_is_dead_here("elsewhere/1/1"));
    }

    #[test]
    fn remaining_time_comes_from_renew_time() {
        let fresh = lease_object("n", "h", None);
        assert!(remaining_seconds(&fresh) > LEASE_SECONDS - 3);
        let mut old = fresh.clone();
        old.0["spec"]["renewTime"] = json!("2020-01-01T00:00:00.000000Z");
        assert!(remaining_seconds(&old) < 0);
    }
}
