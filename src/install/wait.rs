//! Waiting for one applied (or deleted) object: watches, readiness from
//! `readiness::compute`, failing pods explained, fail fast after a grace.

use super::retry::retry;
use crate::cluster::{Cluster, ObjectWatch, watch_labels, watch_object};
use crate::object::{Object, ObjectRef};
use crate::plan::WaitFor;
use crate::readiness::{self, State};
use futures::StreamExt;
use std::time::Duration;
use tokio::time::Instant;

/// Why a wait ended without success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitError {
    /// It will not get ready without a change (after the grace).
    Failed(String),
    /// The deadline passed; the last thing it was waiting for.
    TimedOut(String),
}

/// Waits for what `wait` asks of the object (`applied` is the object as applied).
///
/// # Errors
/// `Failed` when it fails for longer than `grace`, `TimedOut` at the deadline.
pub async fn wait_for(
    cluster: &Cluster,
    wait: &WaitFor,
    applied: &Object,
    deadline: Instant,
    grace: Duration,
    progress: &(dyn Fn(String) + Sync),
) -> Result<(), WaitError> {
    let target = applied.to_ref();
    match wait {
        WaitFor::Nothing => Ok(()),
        WaitFor::Ready | WaitFor::Established => {
            let done = wait_ready(
                cluster,
                &target,
                readiness::pod_selector(applied),
                deadline,
                grace,
                progress,
            )
            .await?;
            if done.kind() == "CustomResourceDefinition" {
                cluster.learn_crd(&done);
            }
            if let Some(csv) = readiness::subscription_csv(&done) {
                wait_ready(cluster, &csv, None, deadline, grace, progress).await?;
            }
            Ok(())
        }
        WaitFor::Endpoints(services) => {
            for service in services {
                wait_endpoints(cluster, service, deadline, progress).await?;
            }
            Ok(())
        }
        WaitFor::Deleted => wait_deleted(cluster, &target, deadline, progress).await,
    }
}

async fn open_watch(
    cluster: &Cluster,
    target: &ObjectRef,
    deadline: Instant,
) -> Result<std::pin::Pin<Box<dyn futures::Stream<Item = ObjectWatch> + Send>>, WaitError> {
    retry(deadline, || watch_object(cluster, target), |_, _| {})
        .await
        .map_err(|e| WaitError::TimedOut(format!("cannot watch {target}: {e}")))
}

async fn wait_ready(
    cluster: &Cluster,
    target: &ObjectRef,
    selector: Option<String>,
    deadline: Instant,
    grace: Duration,
    progress: &(dyn Fn(String) + Sync),
) -> Result<Object, WaitError> {
    let mut objects = open_watch(cluster, target, deadline).await?;
    let mut pods = match (&selector, &target.namespace) {
        (Some(selector), Some(ns)) => watch_labels(cluster, "v1", "Pod", ns, selector).await.ok(),
        _ => None,
    };
    let mut live: Option<Object> = None;
    let mut pod_list: Vec<Object> = Vec::new();
    let mut failing_since: Option<Instant> = None;
    let mut message = String::from("waiting for the first status");
    loop {
        let fail_at = failing_since.map(|t| t + grace).unwrap_or(deadline);
        tokio::select! {
            update = objects.next() => match update {
                Some(ObjectWatch::Present(o)) => live = Some(o),
                Some(ObjectWatch::Absent) => live = None,
                Some(ObjectWatch::Interrupted(_)) => continue,
                None => return Err(WaitError::TimedOut(message)),
            },
            Some(list) = async { match pods.as_mut() { Some(p) => p.next().await, None => futures::future::pending().await } } => pod_list = list,
            _ = tokio::time::sleep_until(fail_at) => {
                if failing_since.is_some() && Instant::now() < deadline {
                    return Err(WaitError::Failed(message));
                }
                return Err(WaitError::TimedOut(message));
            }
        }
        let status = match &live {
            Some(o) => readiness::compute(o),
            None => readiness::not_found(target),
        };
        if status.state == State::Current {
            return Ok(live.expect("current objects exist"));
        }
        let failing_pod = readiness::pod_blocker(&pod_list);
        let failing = match (status.state, failing_pod) {
            (State::Failed, _) => Some(status.message.clone()),
            (_, Some(pod)) => Some(pod),
            _ => None,
        }
        .map(|reason| readiness::with_known_issue(reason, live.as_ref()));
        match &failing {
            Some(_) if failing_since.is_none() => failing_since = Some(Instant::now()),
            None => failing_since = None,
            _ => {}
        }
        let next = failing.unwrap_or(status.message);
        if next != message {
            message = next;
            progress(message.clone());
        }
    }
}

async fn wait_endpoints(
    cluster: &Cluster,
    service: &ObjectRef,
    deadline: Instant,
    progress: &(dyn Fn(String) + Sync),
) -> Result<(), WaitError> {
    let namespace = service.namespace.clone().unwrap_or_default();
    let selector = format!("kubernetes.io/service-name={}", service.name);
    let mut slices = retry(
        deadline,
        || {
            watch_labels(
                cluster,
                "discovery.k8s.io/v1",
                "EndpointSlice",
                &namespace,
                &selector,
            )
        },
        |_, _| {},
    )
    .await
    .map_err(|e| WaitError::TimedOut(format!("cannot watch endpoints of {service}: {e}")))?;
    let message = format!(
        "waiting for Service {}/{} to have a ready endpoint",
        namespace, service.name
    );
    progress(message.clone());
    loop {
        tokio::select! {
            list = slices.next() => match list {
                Some(list) if readiness::service_endpoints_ready(&list) => return Ok(()),
                Some(_) => {}
                None => return Err(WaitError::TimedOut(message)),
            },
            _ = tokio::time::sleep_until(deadline) => return Err(WaitError::TimedOut(message)),
        }
    }
}

async fn wait_deleted(
    cluster: &Cluster,
    target: &ObjectRef,
    deadline: Instant,
    progress: &(dyn Fn(String) + Sync),
) -> Result<(), WaitError> {
    let mut objects = open_watch(cluster, target, deadline).await?;
    let mut message = String::from("waiting for deletion");
    loop {
        tokio::select! {
            update = objects.next() => match update {
                Some(ObjectWatch::Absent) => return Ok(()),
                Some(ObjectWatch::Present(o)) => {
                    let finalizers: Vec<String> = o.get("/metadata/finalizers").and_then(|f| f.as_array()).map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()).unwrap_or_default();
                    let next = if finalizers.is_empty() { "waiting for deletion".to_string() } else { format!("waiting for finalizers {}", finalizers.join(", ")) };
                    if next != message { message = next; progress(message.clone()); }
                }
                Some(ObjectWatch::Interrupted(_)) => {}
                None => return Err(WaitError::TimedOut(message)),
            },
            _ = tokio::time::sleep_until(deadline) => return Err(WaitError::TimedOut(message)),
        }
    }
}
