//! The health scripts run in Lua 5.1 (the language of Argo CD's gopher-lua)
//! against live objects written as YAML, and agree with odh's own readiness.

use super::CHECKS;
use crate::object::Object;
use crate::readiness::test_support::obj;
use crate::readiness::{self, State};
use mlua::{Lua, LuaSerdeExt, Table};

/// Runs the check for the object's kind the way Argo CD does: `obj` global, a table back.
fn health(object: &Object) -> (String, String) {
    let (_, _, script) = CHECKS
        .iter()
        .find(|(g, k, _)| *g == object.group() && *k == object.kind())
        .expect("a check for the kind");
    let lua = Lua::new();
    let value = lua.to_value(&object.0).unwrap();
    lua.globals().set("obj", value).unwrap();
    let result: Table = lua.load(*script).eval().unwrap();
    (
        result.get("status").unwrap(),
        result.get("message").unwrap(),
    )
}

/// Argo CD's status for what odh's readiness says.
fn expected(object: &Object) -> &'static str {
    match readiness::compute(object).state {
        State::Current => "Healthy",
        State::Failed => "Degraded",
        _ => "Progressing",
    }
}

const CASES: &[&str] = &[
    "apiVersion: datasciencecluster.opendatahub.io/v2\nkind: DataScienceCluster\nmetadata: {name: d, generation: 2}\nstatus: {phase: Ready, observedGeneration: 2}",
    "apiVersion: datasciencecluster.opendatahub.io/v2\nkind: DataScienceCluster\nmetadata: {name: d, generation: 2}\nstatus: {phase: Ready, observedGeneration: 1}",
    "apiVersion: datasciencecluster.opendatahub.io/v2\nkind: DataScienceCluster\nmetadata: {name: d, generation: 2}\nstatus: {phase: Error, observedGeneration: 2, conditions: [{type: Ready, status: \"False\", message: failed to find DSCInitialization}]}",
    "apiVersion: datasciencecluster.opendatahub.io/v2\nkind: DataScienceCluster\nmetadata: {name: d, generation: 1}\nstatus: {phase: Not Ready, observedGeneration: 1}",
    "apiVersion: datasciencecluster.opendatahub.io/v2\nkind: DataScienceCluster\nmetadata: {name: d}",
    "apiVersion: dscinitialization.opendatahub.io/v2\nkind: DSCInitialization\nmetadata: {name: i}\nstatus: {phase: Ready}",
    "apiVersion: dscinitialization.opendatahub.io/v2\nkind: DSCInitialization\nmetadata: {name: i}\nstatus: {phase: Progressing}",
    "apiVersion: dscinitialization.opendatahub.io/v2\nkind: DSCInitialization\nmetadata: {name: i}\nstatus: {phase: Error}",
    "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: s, namespace: n}\nstatus: {state: Available}",
    "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: s, namespace: n}\nstatus: {state: Failed, description: image pull failed}",
    "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: s, namespace: n}\nstatus: {state: Creating}",
    "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: s, namespace: n}",
    "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {name: c, namespace: rook-ceph}\nstatus: {phase: Ready, ceph: {health: HEALTH_OK}}",
    "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {name: c, namespace: rook-ceph}\nstatus: {phase: Ready, ceph: {health: HEALTH_WARN}}",
    "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {name: c, namespace: rook-ceph}\nstatus: {phase: Ready, ceph: {health: HEALTH_ERR}, conditions: [{type: Ready, status: \"True\"}]}",
    "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {name: c, namespace: rook-ceph}\nstatus: {phase: Progressing, state: Error, message: failed}",
    "apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {name: c, namespace: rook-ceph}",
    "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: opendatahub, generation: 1}\nstatus: {conditions: [{type: Ready, status: \"True\", reason: MinimumReplicasAvailable}, {type: DatabaseAvailable, status: \"True\", reason: DatabaseAvailable}, {type: ObjectStoreAvailable, status: \"True\", reason: ObjectStoreAvailable}, {type: APIServerReady, status: \"True\", reason: MinimumReplicasAvailable}]}",
    "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: opendatahub, generation: 1}\nstatus: {conditions: [{type: Ready, status: \"True\", reason: MinimumReplicasAvailable}, {type: DatabaseAvailable, status: \"True\", reason: DatabaseAvailable}, {type: APIServerReady, status: \"True\", reason: MinimumReplicasAvailable}]}",
    "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: opendatahub, generation: 1}\nstatus: {conditions: [{type: Ready, status: \"False\", reason: MinimumReplicasAvailable}, {type: DatabaseAvailable, status: \"True\", reason: DatabaseAvailable}, {type: ObjectStoreAvailable, status: \"False\", reason: ObjectStoreConnectionFailed, message: cannot reach}, {type: APIServerReady, status: \"False\", reason: Deploying}]}",
    "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: opendatahub, generation: 1}\nstatus: {conditions: [{type: Ready, status: \"False\", reason: MinimumReplicasAvailable}, {type: DatabaseAvailable, status: \"True\", reason: DatabaseAvailable}, {type: ObjectStoreAvailable, status: \"True\", reason: ObjectStoreAvailable}, {type: APIServerReady, status: \"False\", reason: FailingToDeploy, message: crash loop}]}",
    "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: opendatahub, generation: 1}\nstatus: {conditions: [{type: Ready, status: \"False\", reason: UnsupportedVersion, message: dspVersion v1 is not supported}]}",
    "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: opendatahub, generation: 1}\n",
];

#[test]
fn each_script_says_what_odh_s_readiness_says() {
    for case in CASES {
        let object = obj(case);
        let (status, message) = health(&object);
        assert_eq!(status, expected(&object), "{case}\nmessage: {message}");
        assert!(!message.is_empty(), "{case}");
    }
}

#[test]
fn messages_name_the_reason() {
    let (_, message) = health(&obj(CASES[2]));
    assert_eq!(message, "phase Error: failed to find DSCInitialization");
    let (_, message) = health(&obj(CASES[9]));
    assert_eq!(message, "state Failed: image pull failed");
    let (_, message) = health(&obj(CASES[14]));
    assert_eq!(
        message,
        "waiting for Ceph health HEALTH_OK or HEALTH_WARN, it is HEALTH_ERR"
    );
}

#[test]
fn an_application_reports_its_resources_health() {
    let app = |status: &str| {
        obj(&format!(
            "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {{name: a, namespace: argocd}}\n{status}"
        ))
    };
    assert_eq!(health(&app("")).0, "Progressing");
    assert_eq!(
        health(&app("status: {health: {status: Healthy}}")).0,
        "Healthy"
    );
    let degraded = health(&app(
        "status: {health: {status: Degraded, message: 1 resource failed}}",
    ));
    assert_eq!(
        degraded,
        ("Degraded".to_string(), "1 resource failed".to_string())
    );
}

#[test]
fn the_snippets_carry_every_check() {
    let cm = super::argocd_cm("argocd");
    let data = cm["data"].as_object().unwrap();
    assert_eq!(data.len(), CHECKS.len());
    assert!(data.contains_key("resource.customizations.health.argoproj.io_Application"));
    assert!(data.contains_key(
        "resource.customizations.health.datasciencecluster.opendatahub.io_DataScienceCluster"
    ));
    let operator = super::argocd_operator("openshift-gitops", "openshift-gitops");
    assert_eq!(
        operator["spec"]["resourceHealthChecks"]
            .as_array()
            .unwrap()
            .len(),
        CHECKS.len()
    );
}
