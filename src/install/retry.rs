//! Retrying transient cluster errors with exponential backoff and jitter until a deadline.

use crate::cluster::ClusterError;
use rand::Rng;
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

/// The delay before attempt `n` (1-based): 200 ms doubling to 10 s, ±50 % jitter.
pub fn backoff(attempt: u32) -> Duration {
    let base = 200u64
        .saturating_mul(1 << attempt.saturating_sub(1).min(6))
        .min(10_000);
    let jitter = rand::rng().random_range(0.5..1.5);
    Duration::from_millis((base as f64 * jitter) as u64)
}

/// Runs `op` until it succeeds, fails for good, or the deadline passes.
/// Transient errors and kinds not served yet are retried; `on_retry` hears of each.
///
/// # Errors
/// The last error when it is not retryable or the deadline passed.
pub async fn retry<T, F, Fut>(
    deadline: Instant,
    mut op: F,
    mut on_retry: impl FnMut(&ClusterError, u32),
) -> Result<T, ClusterError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ClusterError>>,
{
    let mut attempt = 0;
    loop {
        let err = match tokio::time::timeout_at(deadline, op()).await {
            Ok(Ok(value)) => return Ok(value),
            Ok(Err(err)) => err,
            Err(_) => {
                return Err(ClusterError::Transient(
                    "the deadline passed while waiting for the API server".into(),
                ));
            }
        };
        let retryable = err.is_transient() || matches!(err, ClusterError::UnknownKind(_));
        attempt += 1;
        let delay = backoff(attempt);
        if !retryable {
            return Err(err);
        }
        if Instant::now() + delay >= deadline {
            // Still failing: give the server until the deadline, not less.
            tokio::time::sleep_until(deadline).await;
            return Err(err);
        }
        on_retry(&err, attempt);
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_caps() {
        for attempt in 1..20 {
            let d = backoff(attempt).as_millis();
            assert!((100..=15_000).contains(&d), "{attempt}: {d}");
        }
        assert!(backoff(1).as_millis() < 300);
    }

    #[tokio::test]
    async fn transient_errors_are_retried_and_others_are_not() {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut calls = 0;
        let mut retries = 0;
        let out = retry(
            deadline,
            || {
                calls += 1;
                let n = calls;
                async move {
                    if n < 3 {
                        Err(ClusterError::Transient("503".into()))
                    } else {
                        Ok(n)
                    }
                }
            },
            |_, _| retries += 1,
        )
        .await;
        assert_eq!(out.unwrap(), 3);
        assert_eq!(retries, 2);
        let mut calls = 0;
        let out: Result<(), _> = retry(
            deadline,
            || {
                calls += 1;
                async { Err(ClusterError::Invalid("bad".into())) }
            },
            |_, _| {},
        )
        .await;
        assert!(matches!(out, Err(ClusterError::Invalid(_))));
        assert_eq!(calls, 1);
    }
}
