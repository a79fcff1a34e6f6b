//! The Spark operator 2.5: while its controller runs, SparkApplications in the namespaces it
//! watches (`--namespaces=`) go SUBMITTED → RUNNING → COMPLETED (FAILED, or stuck RUNNING, when a
//! test says so) in `status.applicationState`.

use super::apps::AppFault;
use crate::controllers::{Ctx, condition_true};
use crate::util::{is_deleting, meta_str};
use serde_json::{Value, json};

/// The namespaces the Spark operator's controller watches (`--namespaces=`), if it runs.
fn spark_namespaces(ctx: &Ctx) -> Option<Vec<String>> {
    let dri = ctx.ri("apps", "deployments")?;
    let running = ctx.objects(&dri).into_iter().find(|d| {
        let container = &d["spec"]["template"]["spec"]["containers"][0];
        condition_true(d, "Available")
            && container["image"]
                .as_str()
                .is_some_and(|i| i.contains("spark-operator/controller"))
            && container["args"][0] == "controller"
    })?;
    let args = running["spec"]["template"]["spec"]["containers"][0]["args"]
        .as_array()?
        .clone();
    let list = args
        .iter()
        .filter_map(Value::as_str)
        .find_map(|a| a.strip_prefix("--namespaces="))?;
    Some(list.split(',').map(str::to_string).collect())
}

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("sparkoperator.k8s.io", "sparkapplications") else {
        return;
    };
    let Some(watched) = spark_namespaces(ctx) else {
        return;
    };
    for app in ctx.objects(&ri) {
        let ready_after = ctx.ready_after_for(&app);
        let ns = meta_str(&app, "namespace").to_string();
        if is_deleting(&app) || !watched.contains(&ns) {
            continue;
        }
        let uid = meta_str(&app, "uid").to_string();
        let name = meta_str(&app, "name").to_string();
        let running = ctx.after(&format!("spark/{uid}/running"), ready_after);
        let done = running && ctx.after(&format!("spark/{uid}/done"), ready_after);
        let (state, error) = match (running, done) {
            (false, _) => ("SUBMITTED", ""),
            (true, false) => ("RUNNING", ""),
            (true, true) if ctx.st.apps.has(&AppFault::SparkStuck) => ("RUNNING", ""),
            (true, true) if ctx.st.apps.has(&AppFault::SparkFails) => (
                "FAILED",
                "driver container failed with ExitCode: 1, Reason: Error",
            ),
            (true, true) => ("COMPLETED", ""),
        };
        let mut application_state = json!({"state": state});
        if !error.is_empty() {
            application_state["errorMessage"] = json!(error);
        }
        let status = json!({
            "applicationState": application_state,
            "driverInfo": {"podName": format!("{name}-driver")},
            "sparkApplicationId": format!("spark-{}", &uid.replace('-', "")[..12.min(uid.len())]),
            "submissionAttempts": 1,
            "executionAttempts": 1
        });
        ctx.set_status(&ri, &app, status, "spark-operator-controller");
    }
}
