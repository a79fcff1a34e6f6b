//! Strategic merge patches as kubectl sends them (`edit`, `patch`, `set env`, `apply`).

use super::*;
use serde_json::json;

fn deployment() -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "finalizers": ["a", "b"]},
      "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web", "tier": "x"}},
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%"}},
        "template": {"spec": {
          "containers": [
            {"name": "web", "image": "nginx:1", "args": ["a", "b"],
             "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 81, "protocol": "UDP"}],
             "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "3"}]},
            {"name": "side", "image": "busybox"}],
          "tolerations": [{"key": "k1"}, {"key": "k2"}],
          "volumes": [{"name": "cfg", "configMap": {"name": "c"}}]}}}})
}

fn patched(patch: Value) -> Value {
    let mut d = deployment();
    apply("Deployment", &mut d, &patch).unwrap();
    d
}

#[test]
fn kubectl_edit_deletes_a_list_item_and_keeps_order() {
    // What `kubectl edit` sent after removing env B (recorded with -v=8).
    let d = patched(
        json!({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"side"}],
        "containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"C"}],"env":[{"$patch":"delete","name":"B"}],"name":"web"}]}}}}),
    );
    let c = &d["spec"]["template"]["spec"]["containers"];
    assert_eq!(
        c[0]["env"],
        json!([{"name": "A", "value": "1"}, {"name": "C", "value": "3"}])
    );
    assert_eq!(c[1]["name"], "side");
}

#[test]
fn lists_merge_only_where_the_go_field_says_so() {
    let d = patched(json!({"spec": {"template": {"spec": {
        "containers": [{"name": "web", "image": "nginx:2", "args": ["c"], "ports": [{"containerPort": 80, "name": "web"}, {"containerPort": 90}]}],
        "tolerations": [{"key": "k3"}]}}}}));
    let spec = &d["spec"]["template"]["spec"];
    let web = &spec["containers"][0];
    assert_eq!(web["image"], "nginx:2");
    assert_eq!(
        web["args"],
        json!(["c"]),
        "args has no patch strategy: replaced"
    );
    assert_eq!(
        web["ports"],
        json!([{"containerPort": 80, "name": "web"}, {"containerPort": 81, "protocol": "UDP"}, {"containerPort": 90}]),
        "ports merge by containerPort"
    );
    assert_eq!(web["env"].as_array().unwrap().len(), 3);
    assert_eq!(spec["containers"][1]["name"], "side");
    assert_eq!(
        spec["tolerations"],
        json!([{"key": "k3"}]),
        "tolerations are replaced"
    );
}

#[test]
fn scalar_sets_replace_retain_keys_and_deletions() {
    let d = patched(
        json!({"metadata": {"finalizers": ["c"], "$deleteFromPrimitiveList/finalizers": ["a"]},
        "spec": {"selector": {"matchLabels": {"app": "web2"}},
                 "strategy": {"$retainKeys": ["type"], "type": "Recreate"},
                 "template": {"spec": {"volumes": [{"name": "cfg", "$retainKeys": ["name", "secret"], "secret": {"secretName": "s"}}]}}}}),
    );
    assert_eq!(d["metadata"]["finalizers"], json!(["b", "c"]));
    assert_eq!(
        d["spec"]["selector"],
        json!({"matchLabels": {"app": "web2", "tier": "x"}}),
        "a Deployment's selector has no patch strategy: its maps merge"
    );
    let mut pdb = json!({"spec": {"selector": {"matchLabels": {"app": "web", "tier": "x"}}}});
    apply(
        "PodDisruptionBudget",
        &mut pdb,
        &json!({"spec": {"selector": {"matchLabels": {"app": "web2"}}}}),
    )
    .unwrap();
    assert_eq!(
        pdb["spec"]["selector"],
        json!({"matchLabels": {"app": "web2"}}),
        "a PodDisruptionBudget's selector is patchStrategy replace"
    );
    assert_eq!(d["spec"]["strategy"], json!({"type": "Recreate"}));
    assert_eq!(
        d["spec"]["template"]["spec"]["volumes"],
        json!([{"name": "cfg", "secret": {"secretName": "s"}}])
    );
    let d = patched(
        json!({"spec": {"template": {"spec": {"containers": [{"name": "only", "image": "x"}, {"$patch": "replace"}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"],
        json!([{"name": "only", "image": "x"}])
    );
    let d = patched(
        json!({"spec": {"strategy": {"$patch": "replace", "type": "Recreate"}, "replicas": null}}),
    );
    assert_eq!(d["spec"]["strategy"], json!({"type": "Recreate"}));
    assert!(d["spec"].get("replicas").is_none());
    let d = patched(
        json!({"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "side"}, {"name": "web"}]}}}}),
    );
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["name"],
        "side"
    );
}

#[test]
fn bad_patches_are_refused() {
    let mut d = deployment();
    let e = apply(
        "Deployment",
        &mut d,
        &json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}),
    )
    .unwrap_err();
    assert!(
        e.contains("does not contain declared merge key: name"),
        "{e}"
    );
    assert!(
        apply(
            "Deployment",
            &mut d,
            &json!({"spec": {"$patch": "explode"}})
        )
        .is_err()
    );
    assert!(apply("Deployment", &mut d, &json!([1])).is_err());
}

#[test]
fn kinds_outside_the_table_merge_by_the_usual_keys() {
    let mut o = json!({"webhooks": [{"name": "a", "x": 1}, {"name": "b"}]});
    apply(
        "ValidatingWebhookConfiguration",
        &mut o,
        &json!({"webhooks": [{"name": "a", "x": 2}]}),
    )
    .unwrap();
    assert_eq!(o["webhooks"], json!([{"name": "a", "x": 2}, {"name": "b"}]));
}
