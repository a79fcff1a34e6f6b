//! CRDs and custom resources as a real apiserver treats them: non-structural schemas refused with
//! its 422, defaults filled from the schema, unknown fields pruned (unless preserved), and the
//! status subresource splitting what the main resource and `/status` may change.

mod common;

use common::{client, raw};
use odh_testcluster::{Options, TestCluster};
use serde_json::{Value, json};
use std::time::Duration;

const CRDS: &str = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

async fn post(c: &kube::Client, path: &str, body: &Value) -> common::Raw {
    raw(
        c,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        serde_json::to_vec(body).unwrap(),
    )
    .await
}

/// A stand-in for Seldon Core's SeldonDeployment CRD, made here. It reproduces the one defect that
/// makes a real apiserver 1.36 refuse the raw CRD base of Seldon Core v1.17.1
/// (`operator/config/crd/bases/machinelearning.seldon.io_seldondeployments.yaml`, see
/// /work/shared/reference/upstream-files.md): the items of `predictors[].graph.children` have no
/// type, which the structural rule "must not be empty for specified array items" forbids
/// (kubernetes/apiextensions-apiserver@v0.33.13 pkg/apiserver/schema/validation.go). With
/// `fixed`, the items are typed, as Seldon's kustomize patch `patches/graph_children.yaml` makes
/// them, and the CRD is accepted.
fn seldon_like(fixed: bool) -> Value {
    let mut children_items = json!({"properties": {"name": {"type": "string"}}});
    if fixed {
        children_items = json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true});
    }
    let schema = json!({"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
            "predictors": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"},
                "graph": {"type": "object", "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": children_items}}}}}}}},
        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}});
    let version = |name: &str, storage: bool| {
        json!({"name": name, "served": true, "storage": storage,
            "subresources": {"status": {}}, "schema": {"openAPIV3Schema": schema.clone()}})
    };
    json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "seldondeployments.machinelearning.seldon.io"},
        "spec": {"group": "machinelearning.seldon.io", "scope": "Namespaced",
            "names": {"kind": "SeldonDeployment", "plural": "seldondeployments", "shortNames": ["sdep"]},
            "versions": [version("v1", true), version("v1alpha2", false)]}})
}

#[tokio::test]
async fn a_non_structural_crd_is_refused_like_a_real_apiserver_does() {
    let tc = TestCluster::start(Options::default()).await.unwrap();
    let c = client(&tc).await;
    let r = post(&c, CRDS, &seldon_like(false)).await;
    assert_eq!(r.status, 422, "{}", r.json());
    let body = r.json();
    let field = "spec.validation.openAPIV3Schema.properties[spec].properties[predictors].items.properties[graph].properties[children].items.type";
    assert_eq!(
        body["message"],
        format!(
            "CustomResourceDefinition.apiextensions.k8s.io \"seldondeployments.machinelearning.seldon.io\" is invalid: {field}: Required value: must not be empty for specified array items"
        )
    );
    assert_eq!(body["reason"], "Invalid");
    assert_eq!(
        body["details"]["causes"],
        json!([{"reason": "FieldValueRequired", "message": "Required value: must not be empty for specified array items", "field": field}])
    );
    assert_eq!(body["details"]["kind"], "CustomResourceDefinition");
    assert!(
        tc.list("CustomResourceDefinition")
            .iter()
            .all(|c| c["metadata"]["name"] != "seldondeployments.machinelearning.seldon.io")
    );

    let r = post(&c, CRDS, &seldon_like(true)).await;
    assert_eq!(r.status, 201, "{}", r.json());
    assert_eq!(
        r.json()["spec"]["names"]["listKind"],
        "SeldonDeploymentList",
        "names are defaulted"
    );
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                "seldondeployments.machinelearning.seldon.io"
            )
            .is_some_and(|c| c["status"]["conditions"]
                .as_array()
                .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Established"))))
            .await
    );
}

#[tokio::test]
async fn per_version_schemas_are_reported_per_version() {
    let tc = TestCluster::start(Options::default()).await.unwrap();
    let c = client(&tc).await;
    let mut crd = seldon_like(true);
    crd["spec"]["versions"][1]["schema"]["openAPIV3Schema"] = json!({"type": "object", "properties": {"spec": {"type": "object", "additionalProperties": {"type": "string"}, "properties": {"a": {"type": "string"}}}}});
    let r = post(&c, CRDS, &crd).await;
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["details"]["causes"][0]["field"],
        "spec.versions[1].schema.openAPIV3Schema.properties[spec].additionalProperties"
    );
    assert_eq!(
        r.json()["details"]["causes"][0]["message"],
        "Forbidden: additionalProperties and properties are mutual exclusive"
    );
}

fn gadget_crd() -> Value {
    json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "gadgets.example.odh.test"},
        "spec": {"group": "example.odh.test", "scope": "Namespaced",
            "names": {"kind": "Gadget", "plural": "gadgets"},
            "versions": [{"name": "v1", "served": true, "storage": true, "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                    "spec": {"type": "object", "properties": {
                        "size": {"type": "integer", "default": 3},
                        "mode": {"type": "string", "default": "fast"},
                        "extras": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}},
                    "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}}}}}}]}})
}

#[tokio::test]
async fn custom_resources_are_defaulted_pruned_and_split_by_the_status_subresource() {
    let tc = TestCluster::start(Options::default()).await.unwrap();
    let c = client(&tc).await;
    tc.apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "t"}}))
        .unwrap();
    assert_eq!(post(&c, CRDS, &gadget_crd()).await.status, 201);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                "gadgets.example.odh.test"
            )
            .is_some_and(|c| c["status"]["acceptedNames"]["kind"] == "Gadget"))
            .await
    );
    let path = "/apis/example.odh.test/v1/namespaces/t/gadgets";
    let r = post(
        &c,
        path,
        &json!({"apiVersion": "example.odh.test/v1", "kind": "Gadget", "metadata": {"name": "g"},
            "spec": {"size": 5, "bogus": 1, "extras": {"anything": {"goes": true}}},
            "status": {"ready": true}}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.json());
    let warning = r
        .headers
        .get("warning")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert_eq!(warning, "299 - \"unknown field \\\"spec.bogus\\\"\"");
    let g = r.json();
    assert_eq!(
        g["spec"],
        json!({"size": 5, "extras": {"anything": {"goes": true}}, "mode": "fast"}),
        "pruned, preserved and defaulted"
    );
    assert!(g.get("status").is_none(), "a create cannot set status");
    assert_eq!(g["metadata"]["generation"], 1);

    // The main resource ignores status; /status ignores everything else.
    let mut put = g.clone();
    put["spec"]["size"] = json!(6);
    put["status"] = json!({"ready": true});
    let r = raw(
        &c,
        "PUT",
        &format!("{path}/g"),
        &[("Content-Type", "application/json")],
        serde_json::to_vec(&put).unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json());
    let g = r.json();
    assert_eq!(g["spec"]["size"], 6);
    assert!(g.get("status").is_none(), "{g}");
    assert_eq!(g["metadata"]["generation"], 2);
    let mut put = g.clone();
    put["spec"]["size"] = json!(99);
    put["metadata"]["labels"] = json!({"changed": "yes"});
    put["status"] = json!({"ready": true, "junk": 1});
    let r = raw(
        &c,
        "PUT",
        &format!("{path}/g/status"),
        &[("Content-Type", "application/json")],
        serde_json::to_vec(&put).unwrap(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json());
    let g = r.json();
    assert_eq!(
        g["status"],
        json!({"ready": true}),
        "status is written, and pruned"
    );
    assert_eq!(g["spec"]["size"], 6, "spec is not");
    assert!(g["metadata"].get("labels").is_none(), "nor metadata");
    assert_eq!(
        g["metadata"]["generation"], 2,
        "a status write does not bump generation"
    );
    // Strict field validation refuses what Warn prunes.
    let r = post(
        &c,
        &format!("{path}?fieldValidation=Strict"),
        &json!({"apiVersion": "example.odh.test/v1", "kind": "Gadget", "metadata": {"name": "h"}, "spec": {"bogus": 1}}),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "Gadget in version \"v1\" cannot be handled as a Gadget: strict decoding error: unknown field \"spec.bogus\""
    );
}
