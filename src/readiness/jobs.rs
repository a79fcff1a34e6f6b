//! Job readiness (ready only when Complete) and CronJob (always current).

use super::Status;
use super::conditions::{condition, is_true};
use super::generic::or_default;
use crate::object::Object;

pub(super) fn job(obj: &Object) -> Status {
    if is_true(obj, "Complete") {
        return Status::current("job completed");
    }
    for failure in ["Failed", "FailureTarget"] {
        if let Some(failed) = condition(obj, failure)
            && failed.is_true()
        {
            return Status::failed(
                or_default(failed.reason, "JobFailed"),
                format!("job failed: {}", failed.explain()),
            );
        }
    }
    if is_true(obj, "Suspended") {
        return Status::in_progress("JobSuspended", "job is suspended");
    }
    let number = |field: &str| obj.i64_at(&format!("/status/{field}")).unwrap_or(0);
    let completions = obj.i64_at("/spec/completions").unwrap_or(1);
    if obj.get("/status/startTime").is_none() {
        return Status::in_progress("JobNotStarted", "waiting for the job to start");
    }
    Status::in_progress(
        "JobRunning",
        format!(
            "waiting for the job to complete: {} active, {}/{} succeeded, {} failed",
            number("active"),
            number("succeeded"),
            completions,
            number("failed")
        ),
    )
}

pub(super) fn cron_job(_obj: &Object) -> Status {
    Status::current("cron job exists")
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn job(status: &str) -> Status {
        compute(&obj(&format!(
            "apiVersion: batch/v1\nkind: Job\nmetadata: {{name: init-db, namespace: odh}}\nspec: {{completions: 1}}\nstatus: {status}\n"
        )))
    }

    #[test]
    fn complete_job_is_current() {
        let status = job(r#"{succeeded: 1, conditions: [{type: Complete, status: "True"}]}"#);
        assert_eq!(status.state, State::Current);
    }

    #[test]
    fn running_job_is_in_progress() {
        let status = job("{startTime: '2024-01-01T00:00:00Z', active: 1, failed: 1}");
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.message,
            "waiting for the job to complete: 1 active, 0/1 succeeded, 1 failed"
        );
        assert_eq!(job("{}").reason.as_deref(), Some("JobNotStarted"));
    }

    #[test]
    fn failed_job_is_failed() {
        let status = job(
            r#"{conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}]}"#,
        );
        assert_eq!(status.state, State::Failed);
        assert_eq!(status.reason.as_deref(), Some("BackoffLimitExceeded"));
        assert_eq!(
            status.message,
            "job failed: BackoffLimitExceeded: Job has reached the specified backoff limit"
        );
    }

    #[test]
    fn suspended_job_waits() {
        let status = job(r#"{conditions: [{type: Suspended, status: "True"}]}"#);
        assert_eq!(status.reason.as_deref(), Some("JobSuspended"));
    }

    #[test]
    fn cron_job_is_current() {
        let status = compute(&obj(
            "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\n",
        ));
        assert_eq!(status.state, State::Current);
    }
}
