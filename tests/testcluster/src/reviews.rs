//! Answers to the review kinds, which are not stored: SelfSubjectAccessReview (from the same
//! RBAC evaluation as every request), SelfSubjectRulesReview (the caller's rules in a namespace)
//! and SelfSubjectReview (who the caller is), and the managedFields such answers carry.

use crate::handlers::{Req, body_json, write_opts};
use crate::http::{self, Resp};
use crate::rbac::{self, Attributes};
use crate::state::Shared;
use crate::status::ApiError;
use serde_json::{Value, json};

/// The managedFields a real apiserver puts on the answer to a create of a virtual object
/// (an access review, a token request): one Update entry for the request's fields, or none.
pub fn request_metadata(req: &Req, body: &Value, api_version: &str, sub: Option<&str>) -> Value {
    let mut spec_only = json!({});
    if let Some(s) = body.get("spec") {
        spec_only["spec"] = s.clone();
    }
    let fields = crate::fields::fieldset_of(&spec_only, crate::fields::Scope::All, true);
    if fields.is_empty() {
        return json!({});
    }
    let manager = write_opts(req).map(|o| o.manager).unwrap_or_default();
    let mut entry = json!({
        "manager": manager, "operation": "Update", "apiVersion": api_version,
        "time": crate::util::now_rfc3339(), "fieldsType": "FieldsV1", "fieldsV1": fields.to_json()
    });
    if let Some(s) = sub {
        entry["subresource"] = json!(s);
    }
    json!({"managedFields": [entry]})
}

/// What an access review asks about, as request attributes.
fn review_attributes(spec: &Value) -> Attributes {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let ra = &spec["resourceAttributes"];
    if ra.is_object() {
        return Attributes {
            verb: s(&ra["verb"]),
            resource: Some(rbac::Resource {
                group: s(&ra["group"]),
                resource: s(&ra["resource"]),
                subresource: s(&ra["subresource"]),
                name: s(&ra["name"]),
                namespace: s(&ra["namespace"]),
            }),
            path: String::new(),
        };
    }
    let na = &spec["nonResourceAttributes"];
    Attributes {
        verb: s(&na["verb"]),
        resource: None,
        path: s(&na["path"]),
    }
}

/// A SelfSubjectRulesReview: the rules that apply to the caller in a namespace.
pub fn rules_review(shared: &Shared, req: &Req) -> Result<Resp, ApiError> {
    let body = body_json(req, false)?;
    let spec = body.get("spec").cloned().unwrap_or(json!({}));
    let ns = spec["namespace"].as_str().unwrap_or("");
    let (rules, incomplete) = rbac::rules_for(&shared.lock(), &req.user, ns);
    let field = |r: &Value, k: &str| r.get(k).cloned().unwrap_or(json!([]));
    let mut resource_rules = Vec::new();
    let mut non_resource_rules = Vec::new();
    for r in &rules {
        if r.get("resources")
            .is_some_and(|x| x.as_array().is_some_and(|a| !a.is_empty()))
        {
            let mut rr = json!({"verbs": field(r, "verbs"), "apiGroups": field(r, "apiGroups"), "resources": field(r, "resources")});
            if let Some(n) = r.get("resourceNames") {
                rr["resourceNames"] = n.clone();
            }
            resource_rules.push(rr);
        }
        if r.get("nonResourceURLs")
            .is_some_and(|x| x.as_array().is_some_and(|a| !a.is_empty()))
        {
            non_resource_rules.push(
                json!({"verbs": field(r, "verbs"), "nonResourceURLs": field(r, "nonResourceURLs")}),
            );
        }
    }
    Ok(http::json(
        201,
        &json!({
            "kind": "SelfSubjectRulesReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": request_metadata(req, &body, "authorization.k8s.io/v1", None),
            "spec": spec,
            "status": {"resourceRules": resource_rules, "nonResourceRules": non_resource_rules, "incomplete": incomplete}
        }),
    ))
}

/// A SelfSubjectAccessReview, answered by the same evaluation as every request.
pub fn access_review(shared: &Shared, req: &Req) -> Result<Resp, ApiError> {
    let body = body_json(req, false)?;
    let spec = body.get("spec").cloned().unwrap_or(json!({}));
    let decision = rbac::authorize(&shared.lock(), &req.user, &review_attributes(&spec));
    let mut status = json!({"allowed": decision.allowed});
    if !decision.reason.is_empty() {
        status["reason"] = json!(decision.reason);
    }
    Ok(http::json(
        201,
        &json!({
            "kind": "SelfSubjectAccessReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": request_metadata(req, &body, "authorization.k8s.io/v1", None),
            "spec": spec,
            "status": status
        }),
    ))
}

/// A SelfSubjectReview: the caller's user name and groups.
pub fn who_am_i(req: &Req) -> Resp {
    http::json(
        201,
        &json!({
            "kind": "SelfSubjectReview",
            "apiVersion": "authentication.k8s.io/v1",
            "metadata": {"creationTimestamp": crate::util::now_rfc3339()},
            "status": {"userInfo": {"username": req.user.name, "groups": req.user.groups}}
        }),
    )
}
