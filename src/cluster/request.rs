//! One request to the API server: cut at the request time limit, its error
//! classified (and the server named when the connection itself failed), and
//! idempotent reads retried a few times when that can help.

use super::error::at_server;
use super::{Cluster, ClusterError, classify};

/// Retries an idempotent read a few times on transient errors (about 10 s in all),
/// so one throttled or dropped request does not fail a command.
pub(super) async fn read_with_retry<T, F, Fut>(mut op: F) -> Result<T, ClusterError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ClusterError>>,
{
    let mut delay = std::time::Duration::from_millis(100);
    for _ in 0..7 {
        match op().await {
            Err(err) if err.is_transient() => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(std::time::Duration::from_secs(3));
            }
            other => return other,
        }
    }
    op().await
}

impl Cluster {
    /// Runs one request within the request time limit and classifies its error,
    /// naming the server when the connection itself failed.
    pub(super) async fn call<T>(
        &self,
        request: impl std::future::Future<Output = Result<T, kube::Error>>,
    ) -> Result<T, ClusterError> {
        self.call_with(request, classify).await
    }

    /// Like [`Cluster::call`] with a classifier of one's own.
    pub(super) async fn call_with<T>(
        &self,
        request: impl std::future::Future<Output = Result<T, kube::Error>>,
        sort: impl FnOnce(kube::Error) -> ClusterError,
    ) -> Result<T, ClusterError> {
        let answer = match self.request_timeout {
            Some(limit) => match tokio::time::timeout(limit, request).await {
                Ok(answer) => answer,
                Err(_) => {
                    return Err(ClusterError::NoAnswer {
                        server: self.server.clone(),
                        reason: format!(
                            "within {} (--request-timeout)",
                            crate::duration::format(limit)
                        ),
                    });
                }
            },
            None => request.await,
        };
        answer.map_err(|e| at_server(sort(e), &self.server))
    }
}
