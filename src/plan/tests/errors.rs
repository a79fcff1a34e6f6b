//! Plans that cannot be built, and inputs that must not break the planner.

use super::*;

#[test]
fn component_cycle_is_an_error_naming_the_cycle() {
    let deps = requires(&[
        ("spark-operator", &["jupyterhub"]),
        ("jupyterhub", &["odh-namespace", "spark-operator"]),
    ]);
    let error = install(&objects(SPARK_AND_HUB), &deps).unwrap_err();
    assert_eq!(
        error.to_string(),
        "component dependency cycle: jupyterhub -> spark-operator -> jupyterhub (each requires the next)"
    );
}

#[test]
fn object_cycle_is_an_error_naming_the_objects() {
    // The DSCI's component requires the DSC's, but a DSC must follow its DSCI.
    let input = objects(
        r#"
        # core/a
        apiVersion: datasciencecluster.opendatahub.io/v2
        kind: DataScienceCluster
        metadata: {name: default-dsc}
        ---
        # core/b
        apiVersion: dscinitialization.opendatahub.io/v2
        kind: DSCInitialization
        metadata: {name: default-dsci}
        "#,
    );
    let error = install(&input, &requires(&[("b", &["a"])])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "dependency cycle: DataScienceCluster/default-dsc (datasciencecluster.opendatahub.io/v2) -> DSCInitialization/default-dsci (dscinitialization.opendatahub.io/v2) -> DataScienceCluster/default-dsc (datasciencecluster.opendatahub.io/v2) (each waits for the next)"
    );
}

#[test]
fn duplicate_objects_are_an_error() {
    let input = objects(
        "
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: hub, namespace: odh}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: hub, namespace: odh}
        ",
    );
    assert_eq!(
        install(&input, &[]).unwrap_err().to_string(),
        "object listed twice: ConfigMap/hub (v1) in odh"
    );
}

#[test]
fn empty_and_unlabelled_inputs_do_not_panic() {
    let plan = install(&[], &[]).unwrap();
    assert!(plan.is_empty());
    assert_eq!(plan.render_tree(|_| None), "nothing to do\n");
    let odd = vec![
        Object::new(serde_json::Value::Null),
        Object::new(serde_json::json!({"kind": "Widget"})),
    ];
    let plan = install(&odd, &requires(&[("x", &["y"])])).unwrap();
    assert_eq!(plan.len(), 2);
    assert_tree(
        plan.render_tree(|_| None),
        "
        wave 1: config
          (no component)
            / ()
            Widget/ ()
        ",
    );
}
