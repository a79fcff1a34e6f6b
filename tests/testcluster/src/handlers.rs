//! Request dispatch: discovery, OpenAPI, and resource verbs (get, list, watch, create, update,
//! patch, delete, deletecollection, status/scale/finalize/token subresources, access reviews).

use crate::auth::{MASTERS, User};
use crate::discovery;
use crate::http::{self, Query, Resp};
use crate::ops::{self, DeleteOpts, FieldValidation, ListParams, PatchType, WriteOpts};
use crate::rbac::{self, Attributes};
use crate::registry::ResourceInfo;
use crate::reviews;
use crate::router::{Route, Target};
use crate::selectors::{FieldSelector, LabelSelector};
use crate::state::Shared;
use crate::status::ApiError;
use crate::table;
use bytes::Bytes;
use hyper::Method;
use serde_json::{Value, json};
use std::sync::Arc;

/// A request with its body read and its caller authenticated.
pub struct Req {
    pub method: Method,
    pub path: String,
    pub query: Query,
    pub content_type: String,
    pub accept: String,
    pub user_agent: String,
    pub body: Bytes,
    pub user: User,
}

/// The Kubernetes verb of a request, for authorization and the log.
pub fn verb(method: &Method, route: &Route, q: &Query) -> String {
    match route {
        Route::Resource(t) => match (method.as_str(), t.name.is_some()) {
            ("GET", true) => "get",
            ("GET", false) if q.flag("watch") => "watch",
            ("GET", false) => "list",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", true) => "delete",
            ("DELETE", false) => "deletecollection",
            (m, _) => return m.to_ascii_lowercase(),
        }
        .to_string(),
        _ => method.as_str().to_ascii_lowercase(),
    }
}

/// Checks a request against RBAC (members of `system:masters` are allowed without looking).
fn authorized(shared: &Shared, user: &User, a: &Attributes) -> Result<(), ApiError> {
    if user.in_group(MASTERS) {
        return Ok(());
    }
    rbac::check(&shared.lock(), user, a)
}

/// The attributes of a resource request.
fn resource_attributes(verb: &str, ri: &ResourceInfo, t: &Target, path: &str) -> Attributes {
    Attributes {
        verb: verb.to_string(),
        resource: Some(rbac::Resource {
            group: ri.group.clone(),
            resource: ri.plural.clone(),
            subresource: t.sub.clone().unwrap_or_default(),
            name: t.name.clone().unwrap_or_default(),
            namespace: t.namespace.clone().unwrap_or_default(),
        }),
        path: path.to_string(),
    }
}

/// Answers one request.
pub async fn dispatch(shared: &Arc<Shared>, req: Req, route: Route) -> Result<Resp, ApiError> {
    if !matches!(route, Route::Resource(_)) {
        let a = Attributes {
            verb: req.method.as_str().to_ascii_lowercase(),
            resource: None,
            path: req.path.clone(),
        };
        authorized(shared, &req.user, &a)?;
        if req.method != Method::GET {
            return Err(ApiError::method_not_allowed());
        }
    }
    match route {
        Route::Version => Ok(http::json(200, &discovery::version(&shared.version))),
        Route::Health => Ok(http::text(200, "ok")),
        Route::Api => {
            let st = shared.lock();
            Ok(match discovery::wants_aggregated(&req.accept) {
                Some(ct) => http::json_ct(200, &discovery::aggregated(&st.registry, true, ct), ct),
                None => http::json(200, &discovery::api_versions(&shared.address())),
            })
        }
        Route::Apis => {
            let st = shared.lock();
            Ok(match discovery::wants_aggregated(&req.accept) {
                Some(ct) => http::json_ct(200, &discovery::aggregated(&st.registry, false, ct), ct),
                None => http::json(200, &discovery::group_list(&st.registry)),
            })
        }
        Route::Group(g) => {
            let st = shared.lock();
            discovery::group(&st.registry, &g)
                .map(|v| http::json(200, &v))
                .ok_or_else(ApiError::page_not_found)
        }
        Route::GroupVersion { group, version } => {
            let st = shared.lock();
            discovery::resource_list(&st.registry, &group, &version)
                .map(|v| http::json(200, &v))
                .ok_or_else(ApiError::page_not_found)
        }
        Route::OpenApiV3Root => {
            let st = shared.lock();
            Ok(http::json(200, &crate::openapi::index(&st.registry)))
        }
        Route::OpenApiV3 { group, version } => {
            let st = shared.lock();
            crate::openapi::document(&st.registry, &group, &version)
                .map(|v| http::json(200, &v))
                .ok_or_else(ApiError::page_not_found)
        }
        Route::OpenApiV2 | Route::NotFound => Err(ApiError::page_not_found()),
        Route::Resource(t) => resource(shared, req, t).await,
    }
}

pub(crate) fn write_opts(req: &Req) -> Result<WriteOpts, ApiError> {
    let given = req.query.get("fieldManager").filter(|m| !m.is_empty());
    let manager = match given {
        Some(m) => m.to_string(),
        None => {
            let ua = req.user_agent.split('/').next().unwrap_or("").trim();
            if ua.is_empty() {
                "unknown".to_string()
            } else {
                ua.to_string()
            }
        }
    };
    let validation = match req.query.get("fieldValidation") {
        None | Some("") | Some("Warn") => FieldValidation::Warn,
        Some("Strict") => FieldValidation::Strict,
        Some("Ignore") => FieldValidation::Ignore,
        Some(other) => {
            return Err(ApiError::bad_request(&format!(
                "fieldValidation parameter unsupported: {other}"
            )));
        }
    };
    let dry_run = match req.query.get("dryRun") {
        None | Some("") => false,
        Some("All") => true,
        Some(other) => {
            return Err(ApiError::bad_request(&format!(
                "dryRun parameter unsupported: {other} (only All is supported)"
            )));
        }
    };
    Ok(WriteOpts {
        manager,
        manager_given: given.is_some(),
        dry_run,
        validation,
        internal: false,
    })
}

fn list_params(q: &Query) -> Result<ListParams, ApiError> {
    Ok(ListParams {
        labels: LabelSelector::parse(q.get("labelSelector").unwrap_or(""))?,
        fields: FieldSelector::parse(q.get("fieldSelector").unwrap_or(""))?,
        limit: q.num("limit").map(|l| l as usize),
        continue_token: q.get("continue").map(str::to_string),
    })
}

/// The request body as JSON; protobuf bodies of built-in kinds are decoded (custom resources
/// have no protobuf form, as on a real apiserver).
pub(crate) fn body_json(req: &Req, custom: bool) -> Result<Value, ApiError> {
    if !crate::proto::is_protobuf(&req.content_type) {
        return ops::parse_body(&req.body);
    }
    if custom {
        return Err(ApiError::unsupported_media_type(&req.content_type));
    }
    crate::proto::decode_object(&req.body).map_err(|e| match e {
        crate::proto::ProtoError::UnknownKind(kind) => ApiError::unsupported_media_type(&format!(
            "{} for kind {kind}, which the test cluster cannot decode; send it as JSON",
            req.content_type
        )),
        crate::proto::ProtoError::Malformed(why) => ApiError::bad_request(&why),
    })
}

fn written(w: ops::Written) -> Resp {
    let mut r = http::json(w.code, &w.obj);
    for msg in w.warnings {
        if let Ok(v) =
            hyper::header::HeaderValue::from_str(&format!("299 - \"{}\"", msg.replace('"', "\\\"")))
        {
            r.headers_mut().append("Warning", v);
        }
    }
    r
}

fn delete_opts(req: &Req) -> Result<DeleteOpts, ApiError> {
    let mut d = DeleteOpts {
        propagation: req.query.get("propagationPolicy").map(str::to_string),
        dry_run: req.query.get("dryRun") == Some("All"),
        grace_period: req
            .query
            .get("gracePeriodSeconds")
            .and_then(|g| g.parse().ok()),
        ..Default::default()
    };
    if !req.body.is_empty() {
        let b = body_json(req, false)?;
        if let Some(g) = b["gracePeriodSeconds"].as_i64() {
            d.grace_period = Some(g);
        }
        if let Some(p) = b["propagationPolicy"].as_str() {
            d.propagation = Some(p.to_string());
        }
        if b["orphanDependents"] == true {
            d.propagation = Some("Orphan".into());
        }
        if let Some(u) = b["preconditions"]["uid"].as_str() {
            d.uid = Some(u.to_string());
        }
        if let Some(rv) = b["preconditions"]["resourceVersion"].as_str() {
            d.resource_version = Some(rv.to_string());
        }
        if b["dryRun"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == "All"))
        {
            d.dry_run = true;
        }
    }
    if let Some(p) = &d.propagation
        && !matches!(p.as_str(), "Foreground" | "Background" | "Orphan")
    {
        return Err(ApiError::bad_request(&format!(
            "invalid propagationPolicy: {p}"
        )));
    }
    Ok(d)
}

fn scale_of(obj: &Value) -> Value {
    let selector = obj["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": obj["metadata"]["name"],
            "namespace": obj["metadata"]["namespace"],
            "uid": obj["metadata"]["uid"],
            "resourceVersion": obj["metadata"]["resourceVersion"],
            "creationTimestamp": obj["metadata"]["creationTimestamp"]
        },
        "spec": {"replicas": obj["spec"]["replicas"].as_i64().unwrap_or(0)},
        "status": {"replicas": obj["status"]["replicas"].as_i64().unwrap_or(0), "selector": selector}
    })
}

async fn resource(shared: &Arc<Shared>, req: Req, t: Target) -> Result<Resp, ApiError> {
    let ri: ResourceInfo = {
        let st = shared.lock();
        if !st.registry.has_group_version(&t.group, &t.version) {
            return Err(ApiError::page_not_found());
        }
        st.registry
            .find(&t.group, &t.version, &t.plural)
            .cloned()
            .ok_or_else(ApiError::resource_not_found)?
    };
    if t.namespace.is_some() && !ri.namespaced {
        return Err(ApiError::resource_not_found());
    }
    let route = Route::Resource(t.clone());
    let v = verb(&req.method, &route, &req.query);
    authorized(
        shared,
        &req.user,
        &resource_attributes(&v, &ri, &t, &req.path),
    )?;
    if ri.virtual_kind {
        return match (
            req.method == Method::POST && t.name.is_none(),
            ri.kind.as_str(),
        ) {
            (true, "SelfSubjectRulesReview") => reviews::rules_review(shared, &req),
            (true, "SelfSubjectReview") => Ok(reviews::who_am_i(&req)),
            (true, _) => reviews::access_review(shared, &req),
            _ => Err(ApiError::method_not_allowed()),
        };
    }
    let ns = t.namespace.clone().unwrap_or_default();
    let sub = t.sub.as_deref();
    match sub {
        None => {}
        Some("status") if ri.status => {}
        Some("scale") if ri.scale => {}
        Some("finalize") if ri.kind == "Namespace" => {}
        Some("token") if ri.kind == "ServiceAccount" => {}
        Some("log") if ri.kind == "Pod" => {}
        Some(_) => return Err(ApiError::resource_not_found()),
    }
    let table = table::wants_table(&req.accept);
    match (req.method.clone(), t.name.as_deref()) {
        (Method::GET, None) => {
            let params = list_params(&req.query)?;
            if req.query.flag("watch") {
                let wr = crate::watch::WatchRequest {
                    ri,
                    namespace: t.namespace.clone(),
                    params,
                    resource_version: req.query.get("resourceVersion").map(str::to_string),
                    send_initial: req.query.flag("sendInitialEvents"),
                    bookmarks: req.query.flag("allowWatchBookmarks"),
                    timeout: crate::watch::timeout_for(&req.query, shared.max_watch_timeout),
                    table,
                };
                return Ok(crate::watch::start(shared.clone(), wr));
            }
            let st = shared.lock();
            let list = ops::list(&st, &ri, t.namespace.as_deref(), &params)?;
            drop(st);
            if table {
                let items = list["items"].as_array().cloned().unwrap_or_default();
                let rv = list["metadata"]["resourceVersion"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let mut tb = table::table(&ri, &items, &rv, true);
                if let Some(c) = list["metadata"].get("continue") {
                    tb["metadata"]["continue"] = c.clone();
                }
                return Ok(http::json(200, &tb));
            }
            Ok(http::json(200, &list))
        }
        (Method::GET, Some(name)) => {
            let st = shared.lock();
            let obj = ops::get(&st, &ri, &ns, name)?;
            drop(st);
            match sub {
                Some("scale") => Ok(http::json(200, &scale_of(&obj))),
                Some("log") => Ok(http::text(200, "")),
                _ if table => Ok(http::json(200, &table::table(&ri, &[obj], "", true))),
                _ => Ok(http::json(200, &obj)),
            }
        }
        (Method::POST, None) => {
            let body = body_json(&req, ri.custom)?;
            let o = write_opts(&req)?;
            let mut st = shared.lock();
            Ok(written(ops::create(&mut st, &ri, &ns, body, &o)?))
        }
        (Method::POST, Some(name)) if sub == Some("token") => {
            let st = shared.lock();
            let sa = ops::get(&st, &ri, &ns, name)?;
            drop(st);
            let body = if req.body.is_empty() {
                json!({})
            } else {
                body_json(&req, false)?
            };
            let secs = body["spec"]["expirationSeconds"].as_u64().unwrap_or(3600);
            let exp = std::time::SystemTime::now() + std::time::Duration::from_secs(secs);
            let mut meta =
                reviews::request_metadata(&req, &body, "authentication.k8s.io/v1", Some("token"));
            meta["name"] = json!(name);
            meta["namespace"] = json!(ns);
            meta["uid"] = sa["metadata"]["uid"].clone();
            meta["creationTimestamp"] = json!(crate::util::now_rfc3339());
            // A bearer token for the ServiceAccount, good until it expires or the account goes.
            let token = shared.tokens.issue(
                &ns,
                name,
                sa["metadata"]["uid"].as_str().unwrap_or(""),
                std::time::Duration::from_secs(secs),
            );
            Ok(http::json(
                201,
                &json!({
                    "kind": "TokenRequest",
                    "apiVersion": "authentication.k8s.io/v1",
                    "metadata": meta,
                    "spec": {"audiences": ["https://kubernetes.default.svc.cluster.local"], "expirationSeconds": secs, "boundObjectRef": null},
                    "status": {"token": token, "expirationTimestamp": crate::util::rfc3339(exp)}
                }),
            ))
        }
        (Method::PUT, Some(name)) => {
            let body = body_json(&req, ri.custom)?;
            let o = write_opts(&req)?;
            let mut st = shared.lock();
            match sub {
                Some("scale") => {
                    let replicas = body["spec"]["replicas"].clone();
                    let patch = serde_json::to_vec(&json!({"spec": {"replicas": replicas}}))
                        .unwrap_or_default();
                    let w = ops::patch(
                        &mut st,
                        &ri,
                        &ns,
                        name,
                        PatchType::Merge,
                        &patch,
                        None,
                        false,
                        &o,
                    )?;
                    Ok(http::json(200, &scale_of(&w.obj)))
                }
                Some("finalize") => {
                    let fins = body["spec"]["finalizers"].clone();
                    let patch = serde_json::to_vec(&json!({"spec": {"finalizers": fins}}))
                        .unwrap_or_default();
                    Ok(written(ops::patch(
                        &mut st,
                        &ri,
                        &ns,
                        name,
                        PatchType::Merge,
                        &patch,
                        None,
                        false,
                        &o,
                    )?))
                }
                _ => Ok(written(ops::update(
                    &mut st, &ri, &ns, name, body, sub, &o,
                )?)),
            }
        }
        (Method::PATCH, Some(name)) => {
            let ptype = PatchType::from_content_type(&req.content_type)
                .ok_or_else(|| ApiError::unsupported_media_type(&req.content_type))?;
            let o = write_opts(&req)?;
            let force = req.query.flag("force");
            let mut st = shared.lock();
            // An apply that creates is also authorized as create (kubernetes/apiserver@v0.33.13
            // pkg/endpoints/handlers/patch.go, createAuthorizerAttributes).
            if ptype == PatchType::Apply
                && !req.user.in_group(MASTERS)
                && st.store.get(&ri.storage_key(), &ns, name).is_none()
            {
                rbac::check(
                    &st,
                    &req.user,
                    &resource_attributes("create", &ri, &t, &req.path),
                )?;
            }
            if sub == Some("scale") {
                let p = ops::parse_body(&req.body)?;
                let patch =
                    serde_json::to_vec(&json!({"spec": {"replicas": p["spec"]["replicas"]}}))
                        .unwrap_or_default();
                let w = ops::patch(
                    &mut st,
                    &ri,
                    &ns,
                    name,
                    PatchType::Merge,
                    &patch,
                    None,
                    false,
                    &o,
                )?;
                return Ok(http::json(200, &scale_of(&w.obj)));
            }
            Ok(written(ops::patch(
                &mut st, &ri, &ns, name, ptype, &req.body, sub, force, &o,
            )?))
        }
        (Method::DELETE, Some(name)) => {
            let d = delete_opts(&req)?;
            let o = write_opts(&req)?;
            let mut st = shared.lock();
            let v = ops::delete(&mut st, &ri, &ns, name, &d, &o)?;
            Ok(http::json(200, &v))
        }
        (Method::DELETE, None) => {
            let d = delete_opts(&req)?;
            let o = write_opts(&req)?;
            let params = list_params(&req.query)?;
            let mut st = shared.lock();
            let v = ops::delete_collection(&mut st, &ri, t.namespace.as_deref(), &params, &d, &o)?;
            Ok(http::json(200, &v))
        }
        _ => Err(ApiError::method_not_allowed()),
    }
}
