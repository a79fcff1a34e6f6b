//! The Spark operator (slow check): a SparkPi SparkApplication in the job
//! namespace reaches `status.applicationState.state` COMPLETED.

use super::Check;
use crate::object::Object;
use serde_json::json;
use std::time::Duration;

pub const COMPONENT: &str = "spark-operator";
/// The example image of Spark operator 2.5.2 (`examples/spark-pi.yaml`).
pub const SPARK_IMAGE: &str = "docker.io/apache/spark:4.0.4";
pub const SPARK_VERSION: &str = "4.0.4";
/// The ServiceAccount the operator's chart creates in each job namespace.
pub const SERVICE_ACCOUNT: &str = "spark-operator-spark";

/// A small SparkPi run (100 partitions), shaped like the operator's example.
pub fn spark_pi(namespace: &str, name: &str, image: &str) -> Object {
    let security = json!({
        "capabilities": {"drop": ["ALL"]},
        "runAsUser": 185, "runAsGroup": 185, "runAsNonRoot": true,
        "allowPrivilegeEscalation": false,
        "seccompProfile": {"type": "RuntimeDefault"}
    });
    Object::new(json!({
        "apiVersion": "sparkoperator.k8s.io/v1beta2",
        "kind": "SparkApplication",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "type": "Scala",
            "mode": "cluster",
            "image": image,
            "imagePullPolicy": "IfNotPresent",
            "mainClass": "org.apache.spark.examples.SparkPi",
            "mainApplicationFile": "local:///opt/spark/examples/jars/spark-examples.jar",
            "arguments": ["100"],
            "sparkVersion": SPARK_VERSION,
            "restartPolicy": {"type": "Never"},
            "driver": {"cores": 1, "memory": "512m", "serviceAccount": SERVICE_ACCOUNT, "securityContext": security},
            "executor": {"instances": 1, "cores": 1, "memory": "512m", "securityContext": security}
        }
    }))
}

/// Where the application stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Completed,
    /// FAILED or SUBMISSION_FAILED, with the operator's error message.
    Failed(String),
    /// Any other state (empty before the operator saw it).
    Running(String),
}

pub fn progress(app: &Object) -> Progress {
    let state = app.str_at("/status/applicationState/state").unwrap_or("");
    match state {
        "COMPLETED" => Progress::Completed,
        "FAILED" | "SUBMISSION_FAILED" => Progress::Failed(format!(
            "{state}: {}",
            app.str_at("/status/applicationState/errorMessage")
                .unwrap_or("")
        )),
        other => Progress::Running(if other.is_empty() {
            "not picked up".into()
        } else {
            other.into()
        }),
    }
}

pub fn result(name: &str, namespace: &str, last: &Progress, waited: Duration) -> Check {
    let check = "SparkPi application completes";
    match last {
        Progress::Completed => Check::passed(
            COMPONENT,
            check,
            format!(
                "SparkApplication {name} COMPLETED after {}s",
                waited.as_secs()
            ),
        ),
        Progress::Failed(why) => Check::failed(
            COMPONENT,
            check,
            format!("SparkApplication {name} {why}"),
            format!("look at the driver pod's log: kubectl -n {namespace} logs {name}-driver"),
        ),
        Progress::Running(state) => Check::failed(
            COMPONENT,
            check,
            format!(
                "SparkApplication {name} still {state} after {}s",
                waited.as_secs()
            ),
            format!(
                "is the operator watching namespace {namespace}, and can its pods be scheduled? kubectl -n {namespace} get pods"
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;

    #[test]
    fn the_application_runs_in_the_job_namespace_as_the_spark_account() {
        let app = spark_pi("spark-jobs", "odh-verify-pi-x", SPARK_IMAGE);
        assert_eq!(app.namespace(), Some("spark-jobs"));
        assert_eq!(
            app.str_at("/spec/driver/serviceAccount"),
            Some(SERVICE_ACCOUNT)
        );
        assert_eq!(
            app.str_at("/spec/mainClass"),
            Some("org.apache.spark.examples.SparkPi")
        );
    }

    #[test]
    fn states_map_to_outcomes() {
        let with = |state: &str| {
            let mut app = spark_pi("n", "a", SPARK_IMAGE);
            app.0["status"] =
                json!({"applicationState": {"state": state, "errorMessage": "driver OOMKilled"}});
            progress(&app)
        };
        assert_eq!(with("COMPLETED"), Progress::Completed);
        assert_eq!(
            with("FAILED"),
            Progress::Failed("FAILED: driver OOMKilled".into())
        );
        assert_eq!(with("RUNNING"), Progress::Running("RUNNING".into()));
        let wait = Duration::from_secs(3);
        assert_eq!(
            result("a", "n", &Progress::Completed, wait).outcome,
            Outcome::Passed
        );
        assert_eq!(
            result("a", "n", &with("FAILED"), wait).outcome,
            Outcome::Failed
        );
        assert_eq!(
            result("a", "n", &Progress::Running("RUNNING".into()), wait).outcome,
            Outcome::Failed
        );
    }
}
