//! Tests of values: layering, unknown keys, types, rules and named Secrets.

use super::*;
use crate::error::UsageError;

fn values(profiles: &[&str]) -> Values {
    let catalog = Catalog::embedded().unwrap();
    let names: Vec<String> = profiles.iter().map(|s| s.to_string()).collect();
    let selection = catalog.select(&names).unwrap();
    Values::defaults(&catalog, &selection)
}

fn message(err: anyhow::Error) -> String {
    err.downcast_ref::<UsageError>()
        .expect("a usage error")
        .to_string()
}

#[test]
fn set_and_files_layer_in_order() {
    let mut v = values(&["core"]);
    v.apply_file("a.yaml", "namespace: one\ns3:\n  endpoint: http://a\n")
        .unwrap();
    v.apply_file("b.yaml", "namespace: two\n").unwrap();
    v.apply_set("namespace=three").unwrap();
    assert_eq!(v.str("namespace"), "three");
    assert_eq!(v.str("s3.endpoint"), "http://a");
    assert_eq!(
        v.nested().pointer("/s3/endpoint"),
        Some(&Value::from("http://a"))
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let mut v = values(&["core"]);
    let msg = message(v.apply_set("s3.endpiont=x").unwrap_err());
    assert_eq!(
        msg,
        "--set unknown key `s3.endpiont`; did you mean `s3.endpoint`?"
    );
    let msg = message(v.apply_file("v.yaml", "namespce: x\n").unwrap_err());
    assert_eq!(
        msg,
        "values file v.yaml: unknown key `namespce`; did you mean `namespace`?"
    );
}

#[test]
fn key_of_unselected_profile_says_which() {
    let mut v = values(&["core"]);
    let msg = message(v.apply_set("grafana.enabled=false").unwrap_err());
    assert!(msg.contains("profile `monitoring`"), "{msg}");
}

#[test]
fn wrong_types_are_named() {
    let mut v = values(&["core"]);
    let msg = message(v.apply_set("jupyterhub.enabled=maybe").unwrap_err());
    assert_eq!(
        msg,
        "--set `jupyterhub.enabled` must be a bool (true or false), got \"maybe\""
    );
    let msg = message(
        v.apply_file("v.yaml", "jupyterhub:\n  enabled: [1]\n")
            .unwrap_err(),
    );
    assert!(msg.contains("`jupyterhub.enabled` must be a bool"), "{msg}");
}

#[test]
fn values_outside_their_rule_or_range_are_refused() {
    let mut v = values(&["core"]);
    let msg = message(v.apply_set("sparkOperator.replicas=-3").unwrap_err());
    assert_eq!(
        msg,
        "--set `sparkOperator.replicas` must be an integer of at least 1, got -3"
    );
    let msg = message(v.apply_set("s3.storageSize=lots").unwrap_err());
    assert!(
        msg.starts_with("--set `s3.storageSize` must be a Kubernetes quantity"),
        "{msg}"
    );
    assert!(msg.ends_with("got \"lots\""), "{msg}");
    let msg = message(v.apply_set("namespace=Bad_NS").unwrap_err());
    assert!(msg.contains("must be a DNS label"), "{msg}");
    let msg = message(v.apply_set("s3.bucket=bücket-☃").unwrap_err());
    assert!(msg.contains("must be an S3 bucket name"), "{msg}");
    let msg = message(
        v.apply_file("v.yaml", "jupyterhub:\n  userCpuLimit: 500m\n")
            .unwrap_err(),
    );
    assert!(
        msg.contains("`jupyterhub.userCpuLimit` must be a number of CPU cores"),
        "{msg}"
    );
    v.apply_set("s3.storageSize=5Gi").unwrap();
    v.apply_set("sparkOperator.replicas=2").unwrap();
    v.apply_set("s3.endpoint=").unwrap();
    v.apply_set("global.storageClass=").unwrap();
    assert!(
        v.apply_set("namespace=").is_err(),
        "a namespace is never empty"
    );
}

#[test]
fn earlier_values_that_break_a_rule_are_not_kept() {
    let mut v = values(&["core"]);
    let earlier = BTreeMap::from([("s3.storageSize".to_string(), Value::from("lots"))]);
    v.keep_from(&earlier);
    assert_eq!(v.str("s3.storageSize"), "20Gi");
}

#[test]
fn an_external_endpoint_names_its_credentials_secret() {
    let mut v = values(&["core"]);
    assert!(
        v.named_secrets().unwrap().is_empty(),
        "the dev store's Secret is odh's own"
    );
    v.apply_set("s3.endpoint=https://s3.example.com").unwrap();
    let named = v.named_secrets().unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].1, "s3-credentials");
    assert_eq!(named[0].2, ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);
    v.apply_set("s3.enabled=false").unwrap();
    assert!(v.named_secrets().unwrap().is_empty());
}

#[test]
fn malformed_set_is_rejected() {
    let mut v = values(&["core"]);
    assert!(message(v.apply_set("namespace").unwrap_err()).starts_with("malformed --set"));
    assert!(message(v.apply_set("=x").unwrap_err()).contains("key before `=` is empty"));
}

#[test]
fn invalid_yaml_and_non_mapping_files_are_rejected() {
    let mut v = values(&["core"]);
    let msg = message(v.apply_file("v.yaml", "a: [1\n").unwrap_err());
    assert!(
        msg.starts_with("values file v.yaml is not valid YAML"),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
    let msg = message(v.apply_file("v.yaml", "- 1\n").unwrap_err());
    assert!(msg.contains("must hold a mapping"), "{msg}");
}

#[test]
fn earlier_values_are_kept_under_new_overrides() {
    let mut v = values(&["core"]);
    let earlier = BTreeMap::from([
        ("namespace".to_string(), Value::from("kept")),
        ("s3.endpoint".to_string(), Value::from("http://s3")),
        ("gone.key".to_string(), Value::from(1)),
        ("jupyterhub.enabled".to_string(), Value::from("not a bool")),
    ]);
    v.keep_from(&earlier);
    v.apply_set("namespace=new").unwrap();
    assert_eq!(v.str("namespace"), "new");
    assert_eq!(v.str("s3.endpoint"), "http://s3");
    assert_eq!(v.get("jupyterhub.enabled"), Some(&Value::Bool(true)));
    assert!(v.get("gone.key").is_none());
}

#[test]
fn edit_distance_counts_edits() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "ab"), 2);
}
