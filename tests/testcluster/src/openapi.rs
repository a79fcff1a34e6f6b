//! A minimal OpenAPI v3 index and per-group-version documents: every resource path with its
//! operations, `x-kubernetes-group-version-kind`, and the query parameters kubectl checks for
//! (notably `fieldValidation`), so that kubectl's default strict validation works.

use crate::registry::{Registry, ResourceInfo};
use crate::util::stable_hash;
use serde_json::{Map, Value, json};

fn param(name: &str, typ: &str) -> Value {
    json!({"name": name, "in": "query", "schema": {"type": typ, "uniqueItems": true}})
}

fn gvk(r: &ResourceInfo) -> Value {
    json!({"group": r.group, "version": r.version, "kind": r.kind})
}

fn op(r: &ResourceInfo, action: &str, params: Vec<Value>) -> Value {
    json!({
        "operationId": format!("{action}{}", r.kind),
        "parameters": params,
        "responses": {"200": {"description": "OK"}},
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": gvk(r),
    })
}

fn prefix(r: &ResourceInfo) -> String {
    if r.group.is_empty() {
        format!("/api/{}", r.version)
    } else {
        format!("/apis/{}/{}", r.group, r.version)
    }
}

/// The OpenAPI v3 document for one group-version.
pub fn document(reg: &Registry, g: &str, v: &str) -> Option<Value> {
    let rs = reg.in_group_version(g, v);
    if rs.is_empty() {
        return None;
    }
    let mut paths = Map::new();
    let schemas = crate::openapi_schemas::components(&rs);
    for r in rs {
        let base = if r.namespaced {
            format!("{}/namespaces/{{namespace}}/{}", prefix(r), r.plural)
        } else {
            format!("{}/{}", prefix(r), r.plural)
        };
        let write_params = || {
            vec![
                param("dryRun", "string"),
                param("fieldManager", "string"),
                param("fieldValidation", "string"),
            ]
        };
        let mut coll = Map::new();
        coll.insert("post".into(), op(r, "post", write_params()));
        if !r.virtual_kind {
            coll.insert(
                "get".into(),
                op(
                    r,
                    "list",
                    vec![
                        param("labelSelector", "string"),
                        param("fieldSelector", "string"),
                        param("limit", "integer"),
                        param("continue", "string"),
                        param("watch", "boolean"),
                    ],
                ),
            );
        }
        paths.insert(base.clone(), Value::Object(coll));
        if r.virtual_kind {
            continue;
        }
        let mut item = Map::new();
        item.insert("get".into(), op(r, "get", vec![]));
        item.insert("put".into(), op(r, "put", write_params()));
        let mut patch_params = write_params();
        patch_params.push(param("force", "boolean"));
        item.insert("patch".into(), op(r, "patch", patch_params));
        item.insert(
            "delete".into(),
            op(
                r,
                "delete",
                vec![
                    param("dryRun", "string"),
                    param("propagationPolicy", "string"),
                ],
            ),
        );
        paths.insert(format!("{base}/{{name}}"), Value::Object(item));
        if r.status {
            let mut st = Map::new();
            st.insert("get".into(), op(r, "get", vec![]));
            st.insert("put".into(), op(r, "put", write_params()));
            let mut pp = write_params();
            pp.push(param("force", "boolean"));
            st.insert("patch".into(), op(r, "patch", pp));
            paths.insert(format!("{base}/{{name}}/status"), Value::Object(st));
        }
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": crate::discovery::DEFAULT_VERSION},
        "paths": Value::Object(paths),
        "components": {"schemas": Value::Object(schemas)}
    }))
}

/// The `/openapi/v3` index.
pub fn index(reg: &Registry) -> Value {
    let mut paths = Map::new();
    let mut gvs: Vec<(String, String)> = Vec::new();
    for r in &reg.resources {
        let gv = (r.group.clone(), r.version.clone());
        if !gvs.contains(&gv) {
            gvs.push(gv);
        }
    }
    for (g, v) in gvs {
        let key = if g.is_empty() {
            format!("api/{v}")
        } else {
            format!("apis/{g}/{v}")
        };
        let hash = document(reg, &g, &v)
            .map(|d| stable_hash(&d, 24).to_ascii_uppercase())
            .unwrap_or_default();
        paths.insert(
            key.clone(),
            json!({"serverRelativeURL": format!("/openapi/v3/{key}?hash={hash}")}),
        );
    }
    json!({"paths": Value::Object(paths)})
}
