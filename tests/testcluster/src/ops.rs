//! Resource operations with Kubernetes semantics: get, list (selectors, paging), create, update,
//! patch (apply, merge, JSON, strategic), delete (finalizers, propagation) — shared by the HTTP
//! handlers, the controllers and the handle.

use crate::admission;
use crate::defaults;
use crate::faults::STUCK_FINALIZER;
use crate::fields::Scope;
use crate::registry::ResourceInfo;
use crate::schema;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::ssa::{self, Entry};
use crate::state::State;
use crate::status::{self, ApiError};
use crate::util::{
    finalizers, is_deleting, labels, meta_mut, meta_str, now_rfc3339, random_suffix, set_finalizers,
};
use crate::validation::validate_name;
use base64::Engine;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Instant;

/// How unknown fields in a create or update are treated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FieldValidation {
    Strict,
    #[default]
    Warn,
    Ignore,
}

/// Options of a write.
#[derive(Clone, Debug, Default)]
pub struct WriteOpts {
    pub manager: String,
    /// Whether `fieldManager` was given explicitly (server-side apply requires it).
    pub manager_given: bool,
    pub dry_run: bool,
    pub validation: FieldValidation,
    /// A controller's write: skips admission webhooks and keeps status on create.
    pub internal: bool,
}

impl WriteOpts {
    /// Options for a simulated controller writing as `manager`.
    pub fn internal(manager: &str) -> Self {
        WriteOpts {
            manager: manager.to_string(),
            manager_given: true,
            internal: true,
            ..Default::default()
        }
    }
}

/// The result of a write.
#[derive(Clone, Debug)]
pub struct Written {
    pub code: u16,
    pub obj: Value,
    pub warnings: Vec<String>,
}

/// Options of a delete.
#[derive(Clone, Debug, Default)]
pub struct DeleteOpts {
    pub propagation: Option<String>,
    pub uid: Option<String>,
    pub resource_version: Option<String>,
    pub dry_run: bool,
    /// `gracePeriodSeconds`: for pods, how long the kubelet may take (0 deletes at once).
    pub grace_period: Option<i64>,
}

/// The grace period a pod's deletion gets: none for a pod no kubelet runs (no node), else the
/// request's or the pod's `terminationGracePeriodSeconds` (30 by default).
fn pod_grace(obj: &Value, d: &DeleteOpts) -> i64 {
    if obj["spec"]["nodeName"].as_str().is_none_or(str::is_empty) {
        return 0;
    }
    d.grace_period
        .or_else(|| obj["spec"]["terminationGracePeriodSeconds"].as_i64())
        .unwrap_or(30)
        .max(0)
}

/// Whether an object waits for a kubelet to confirm its deletion (a pod deleted gracefully).
pub fn terminating_pod(ri: &ResourceInfo, obj: &Value) -> bool {
    ri.kind == "Pod"
        && !ri.custom
        && obj["metadata"]["deletionGracePeriodSeconds"]
            .as_i64()
            .is_some_and(|g| g > 0)
}

/// List parameters.
#[derive(Clone, Debug, Default)]
pub struct ListParams {
    pub labels: LabelSelector,
    pub fields: FieldSelector,
    pub limit: Option<usize>,
    pub continue_token: Option<String>,
}

impl ListParams {
    pub fn matches(&self, obj: &Value) -> bool {
        (self.labels.is_empty() || self.labels.matches(&labels(obj)))
            && (self.fields.is_empty() || self.fields.matches(obj))
    }
}

/// The object as served in `ri`'s version.
pub fn for_read(obj: &Value, ri: &ResourceInfo) -> Value {
    let mut o = obj.clone();
    if let Some(m) = o.as_object_mut() {
        m.insert("apiVersion".into(), json!(ri.api_version()));
        m.insert("kind".into(), json!(ri.kind));
    }
    o
}

fn scope(ri: &ResourceInfo, sub: Option<&str>) -> Scope {
    match (sub, ri.status) {
        (Some("status"), _) if !ri.custom => Scope::StatusAndAnnotations,
        (Some("status"), _) => Scope::StatusOnly,
        (_, true) => Scope::NoStatus,
        _ => Scope::All,
    }
}

pub fn get(st: &State, ri: &ResourceInfo, ns: &str, name: &str) -> Result<Value, ApiError> {
    st.store
        .get(&ri.storage_key(), ns, name)
        .map(|o| for_read(o, ri))
        .ok_or_else(|| ApiError::not_found(&ri.gr(), name))
}

fn encode_continue(rv: u64, key: &(String, String)) -> String {
    let tok =
        json!({"v": "meta.k8s.io/v1", "rv": rv, "start": format!("{}/{}\u{0}", key.0, key.1)});
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tok.to_string())
}

fn decode_continue(tok: &str) -> Result<(u64, (String, String)), ApiError> {
    let bad = || {
        ApiError::bad_request(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)",
        )
    };
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(tok.trim_end_matches('='))
        .map_err(|_| bad())?;
    let v: Value = serde_json::from_slice(&raw).map_err(|_| bad())?;
    let rv = v["rv"].as_u64().ok_or_else(bad)?;
    let start = v["start"]
        .as_str()
        .ok_or_else(bad)?
        .trim_end_matches('\u{0}');
    let (ns, name) = start.rsplit_once('/').ok_or_else(bad)?;
    Ok((rv, (ns.to_string(), name.to_string())))
}

/// A list response (`XList`) with paging.
pub fn list(
    st: &State,
    ri: &ResourceInfo,
    ns: Option<&str>,
    p: &ListParams,
) -> Result<Value, ApiError> {
    let (list_rv, start) = match &p.continue_token {
        Some(t) if !t.is_empty() => {
            let (rv, k) = decode_continue(t)?;
            (rv, Some(k))
        }
        _ => (st.store.rv(), None),
    };
    let limit = p.limit.filter(|l| *l > 0);
    let mut items = Vec::new();
    let mut last_key = None;
    let mut remaining = 0usize;
    for (k, obj) in st.store.range(&ri.storage_key(), ns, start) {
        if !p.matches(obj) {
            continue;
        }
        if limit.is_some_and(|l| items.len() >= l) {
            remaining += 1;
            continue;
        }
        let mut o = for_read(obj, ri);
        if !ri.custom
            && let Some(m) = o.as_object_mut()
        {
            m.remove("apiVersion");
            m.remove("kind");
        }
        items.push(o);
        last_key = Some(k.clone());
    }
    let mut meta = Map::new();
    meta.insert("resourceVersion".into(), json!(list_rv.to_string()));
    if remaining > 0
        && let Some(k) = last_key
    {
        meta.insert("continue".into(), json!(encode_continue(list_rv, &k)));
        meta.insert("remainingItemCount".into(), json!(remaining));
    } else if ri.custom {
        meta.insert("continue".into(), json!(""));
    }
    Ok(json!({
        "kind": ri.list_kind(),
        "apiVersion": ri.api_version(),
        "metadata": Value::Object(meta),
        "items": items,
    }))
}

/// Rejects objects whose metadata, spec or status have the wrong JSON types.
fn check_shape(obj: &Value, ri: &ResourceInfo) -> Result<(), ApiError> {
    let bad = |what: &str| {
        ApiError::bad_request(&format!(
            "{kind} in version \"{v}\" cannot be handled as a {kind}: {what}",
            kind = ri.kind,
            v = ri.version
        ))
    };
    let meta = obj.get("metadata").unwrap_or(&Value::Null);
    if !(meta.is_object() || meta.is_null()) {
        return Err(bad("metadata must be an object"));
    }
    for key in ["labels", "annotations"] {
        match meta.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) if m.values().all(Value::is_string) => {}
            Some(_) => {
                return Err(bad(&format!(
                    "json: cannot unmarshal into Go struct field ObjectMeta.metadata.{key} of type map[string]string"
                )));
            }
        }
    }
    match meta.get("finalizers") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => {}
        Some(_) => {
            return Err(bad(
                "json: cannot unmarshal into Go struct field ObjectMeta.metadata.finalizers of type []string",
            ));
        }
    }
    match meta.get("ownerReferences") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) if a.iter().all(Value::is_object) => {}
        Some(_) => {
            return Err(bad(
                "json: cannot unmarshal into Go struct field ObjectMeta.metadata.ownerReferences of type []v1.OwnerReference",
            ));
        }
    }
    for key in [
        "name",
        "namespace",
        "generateName",
        "resourceVersion",
        "uid",
    ] {
        if meta
            .get(key)
            .is_some_and(|v| !v.is_string() && !v.is_null())
        {
            return Err(bad(&format!(
                "json: cannot unmarshal into Go struct field ObjectMeta.metadata.{key} of type string"
            )));
        }
    }
    for key in ["spec", "status"] {
        if !ri.custom && obj.get(key).is_some_and(|v| !v.is_object() && !v.is_null()) {
            return Err(bad(&format!(
                "json: cannot unmarshal into Go struct field {}.{key} of type object",
                ri.kind
            )));
        }
    }
    Ok(())
}

fn check_type(obj: &Value, ri: &ResourceInfo) -> Result<(), ApiError> {
    if !obj.is_object() {
        return Err(ApiError::bad_request(
            "the request body must be a JSON or YAML object",
        ));
    }
    check_shape(obj, ri)?;
    if let Some(av) = obj.get("apiVersion").and_then(Value::as_str)
        && av != ri.api_version()
        && crate::util::split_api_version(av).0 != ri.group
    {
        return Err(ApiError::bad_request(&format!(
            "the API version in the data ({av}) does not match the expected API version ({})",
            ri.api_version()
        )));
    }
    if let Some(k) = obj.get("kind").and_then(Value::as_str)
        && k != ri.kind
    {
        return Err(ApiError::bad_request(&format!(
            "the kind in the data ({k}) does not match the expected kind ({})",
            ri.kind
        )));
    }
    Ok(())
}

/// Names, namespaces and existence checks for a new object.
fn prepare_new(st: &State, ri: &ResourceInfo, ns: &str, obj: &mut Value) -> Result<(), ApiError> {
    if let Some(m) = obj.as_object_mut() {
        m.insert("apiVersion".into(), json!(ri.api_version()));
        m.insert("kind".into(), json!(ri.kind));
    }
    let mut name = meta_str(obj, "name").to_string();
    if name.is_empty() {
        let gen_name = meta_str(obj, "generateName").to_string();
        if gen_name.is_empty() {
            return Err(ApiError::invalid(
                &ri.kind,
                &ri.group,
                "",
                &[(
                    "FieldValueRequired".into(),
                    "metadata.name".into(),
                    "Required value: name or generateName is required".into(),
                )],
            ));
        }
        name = format!("{gen_name}{}", random_suffix(5));
        meta_mut(obj).insert("name".into(), json!(name));
    }
    if let Some(msg) = validate_name(&ri.kind, &name) {
        return Err(ApiError::invalid(
            &ri.kind,
            &ri.group,
            &name,
            &[("FieldValueInvalid".into(), "metadata.name".into(), msg)],
        ));
    }
    if ri.namespaced {
        let body_ns = meta_str(obj, "namespace");
        if !body_ns.is_empty() && body_ns != ns {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        if ns.is_empty() {
            return Err(ApiError::bad_request(
                "a namespace is required for namespaced resources",
            ));
        }
        meta_mut(obj).insert("namespace".into(), json!(ns));
        match st.store.get(&(String::new(), "namespaces".into()), "", ns) {
            None => {
                return Err(ApiError::not_found(
                    &status::GroupResource::new("", "namespaces"),
                    ns,
                ));
            }
            Some(n) if is_deleting(n) => {
                return Err(ApiError::namespace_terminating(&ri.gr(), &name, ns));
            }
            Some(_) => {}
        }
    } else {
        meta_mut(obj).remove("namespace");
    }
    if st.store.get(&ri.storage_key(), ns, &name).is_some() {
        return Err(ApiError::already_exists(&ri.gr(), &name));
    }
    Ok(())
}

/// Schema checks for JSON creates and updates of custom resources.
fn check_builtin_update(
    ri: &ResourceInfo,
    obj: &mut Value,
    v: FieldValidation,
    warnings: &mut Vec<String>,
) -> Result<(), ApiError> {
    use crate::builtin_schema::{Problem, problems, prune};
    let found = problems(&ri.kind, obj);
    let prefix = format!(
        "{kind} in version \"{ver}\" cannot be handled as a {kind}",
        kind = ri.kind,
        ver = ri.version
    );
    if let Some(Problem::WrongType(_, _, go)) =
        found.iter().find(|p| matches!(p, Problem::WrongType(..)))
    {
        return Err(ApiError::bad_request(&format!("{prefix}: {go}")));
    }
    let unknown: Vec<String> = found
        .iter()
        .filter_map(|p| match p {
            Problem::Unknown(u) => Some(format!("unknown field \"{u}\"")),
            _ => None,
        })
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    match v {
        FieldValidation::Strict => {
            return Err(ApiError::bad_request(&format!(
                "{prefix}: strict decoding error: {}",
                unknown.join(", ")
            )));
        }
        FieldValidation::Warn => warnings.extend(unknown),
        FieldValidation::Ignore => {}
    }
    prune(&ri.kind, obj);
    Ok(())
}

fn check_custom_update(
    ri: &ResourceInfo,
    obj: &mut Value,
    v: FieldValidation,
    warnings: &mut Vec<String>,
) -> Result<(), ApiError> {
    let Some(schema) = &ri.schema else {
        return check_builtin_update(ri, obj, v, warnings);
    };
    let unknown = crate::pruning::unknown_fields(obj, schema);
    if !unknown.is_empty() {
        match v {
            FieldValidation::Strict => {
                return Err(ApiError::bad_request(&format!(
                    "{kind} in version \"{ver}\" cannot be handled as a {kind}: strict decoding error: {}",
                    unknown
                        .iter()
                        .map(|u| format!("unknown field \"{u}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                    kind = ri.kind,
                    ver = ri.version
                )));
            }
            FieldValidation::Warn => {
                warnings.extend(unknown.iter().map(|u| format!("unknown field \"{u}\"")));
            }
            FieldValidation::Ignore => {}
        }
        crate::pruning::prune(obj, schema);
    }
    if let Some(e) = schema::type_error(obj, schema) {
        let (path, msg) = e.split_once(": ").unwrap_or(("", &e));
        return Err(ApiError::invalid(
            &ri.kind,
            &ri.group,
            meta_str(obj, "name"),
            &[(
                "FieldValueTypeInvalid".into(),
                path.trim_start_matches('.').to_string(),
                format!("Invalid value: {msg}"),
            )],
        ));
    }
    Ok(())
}

/// Applies a custom resource's schema defaults, then checks its value constraints.
fn check_values(ri: &ResourceInfo, obj: &mut Value) -> Result<(), ApiError> {
    let Some(schema) = &ri.schema else {
        return Ok(());
    };
    crate::pruning::default(obj, schema);
    let causes = schema::violations(obj, schema);
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid(
            &ri.kind,
            &ri.group,
            meta_str(obj, "name"),
            &causes,
        ))
    }
}

/// Completes and stores a new object.
fn finish_create(
    st: &mut State,
    ri: &ResourceInfo,
    mut obj: Value,
    o: &WriteOpts,
    apply_entries: Option<Vec<Entry>>,
) -> Result<Value, ApiError> {
    let uid = uuid::Uuid::new_v4().to_string();
    {
        let meta = meta_mut(&mut obj);
        meta.insert("uid".into(), json!(uid));
        meta.insert("creationTimestamp".into(), json!(now_rfc3339()));
        for k in [
            "resourceVersion",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "selfLink",
        ] {
            meta.remove(k);
        }
        if ri.generation {
            meta.insert("generation".into(), json!(1));
        } else {
            meta.remove("generation");
        }
    }
    if ri.status
        && !o.internal
        && let Some(m) = obj.as_object_mut()
    {
        m.remove("status");
    }
    defaults::apply(&ri.kind, &mut obj, &mut st.sim, true);
    if ri.kind == "CustomResourceDefinition" {
        crate::crd::validate(&obj)?;
    }
    let name = meta_str(&obj, "name").to_string();
    if st.faults.stuck_matches(&ri.kind, &name) {
        let mut f = finalizers(&obj);
        if !f.iter().any(|x| x == STUCK_FINALIZER) {
            f.push(STUCK_FINALIZER.to_string());
            set_finalizers(&mut obj, &f);
        }
    }
    match apply_entries {
        Some(e) => ssa::write_entries(&mut obj, &e),
        None => {
            meta_mut(&mut obj).remove("managedFields");
            let mut view = obj.clone();
            defaults::strip_unowned(&ri.kind, &mut view);
            ssa::record_update(
                None,
                &mut view,
                &o.manager,
                &ri.api_version(),
                None,
                scope(ri, None),
            );
            match view["metadata"].get("managedFields").cloned() {
                Some(mf) => {
                    meta_mut(&mut obj).insert("managedFields".into(), mf);
                }
                None => {
                    meta_mut(&mut obj).remove("managedFields");
                }
            }
        }
    }
    if !o.internal {
        admission::webhooks(st, ri, "CREATE", None, &obj)?;
    }
    if o.dry_run {
        return Ok(obj);
    }
    st.sim.born.insert(uid, Instant::now());
    let stored = st.store.put(&ri.storage_key(), obj);
    Ok(for_read(&stored, ri))
}

fn strip_for_generation(v: &Value, ri: &ResourceInfo) -> Value {
    let mut c = v.clone();
    if let Some(m) = c.as_object_mut() {
        m.remove("metadata");
        m.remove("apiVersion");
        m.remove("kind");
        if ri.status {
            m.remove("status");
        }
    }
    c
}

/// Completes and stores an update of `old`.
fn finish_update(
    st: &mut State,
    ri: &ResourceInfo,
    old: &Arc<Value>,
    mut new: Value,
    sub: Option<&str>,
    o: &WriteOpts,
    apply_entries: Option<Vec<Entry>>,
) -> Result<Value, ApiError> {
    if let Some(m) = new.as_object_mut() {
        m.insert("apiVersion".into(), old["apiVersion"].clone());
        m.insert("kind".into(), json!(ri.kind));
    }
    let old_meta = old["metadata"].as_object().cloned().unwrap_or_default();
    {
        let meta = meta_mut(&mut new);
        for k in [
            "uid",
            "creationTimestamp",
            "namespace",
            "name",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
            "resourceVersion",
            "managedFields",
        ] {
            match old_meta.get(k) {
                Some(v) => {
                    meta.insert(k.into(), v.clone());
                }
                None => {
                    meta.remove(k);
                }
            }
        }
    }
    if ri.status {
        if sub == Some("status") {
            let status = new.get("status").cloned();
            let annotations = new["metadata"].get("annotations").cloned();
            let mut base = (**old).clone();
            if let Some(m) = base.as_object_mut() {
                match status {
                    Some(s) => {
                        m.insert("status".into(), s);
                    }
                    None => {
                        m.remove("status");
                    }
                }
            }
            // Built-in status strategies keep annotation changes; custom resources keep only
            // status (apiextensions-apiserver pkg/registry/customresource/status_strategy.go).
            if !ri.custom {
                let meta = meta_mut(&mut base);
                match annotations {
                    Some(a) => meta.insert("annotations".into(), a),
                    None => meta.remove("annotations"),
                };
            }
            new = base;
        } else if let Some(m) = new.as_object_mut() {
            match old.get("status") {
                Some(s) => {
                    m.insert("status".into(), s.clone());
                }
                None => {
                    m.remove("status");
                }
            }
        }
    }
    defaults::apply(&ri.kind, &mut new, &mut st.sim, false);
    if ri.kind == "Service" {
        for k in ["clusterIP", "clusterIPs"] {
            if new["spec"].get(k).is_none()
                && let (Some(v), Some(spec)) = (
                    old["spec"].get(k),
                    new.get_mut("spec").and_then(Value::as_object_mut),
                )
            {
                spec.insert(k.into(), v.clone());
            }
        }
    }
    if ri.kind == "CustomResourceDefinition" {
        crate::crd::validate(&new)?;
    }
    if ri.generation {
        let old_gen = old["metadata"]["generation"].as_i64().unwrap_or(1);
        let gen_now = if strip_for_generation(old, ri) != strip_for_generation(&new, ri) {
            old_gen + 1
        } else {
            old_gen
        };
        meta_mut(&mut new).insert("generation".into(), json!(gen_now));
    }
    match apply_entries {
        Some(e) => ssa::write_entries(&mut new, &e),
        None => ssa::record_update(
            Some(old),
            &mut new,
            &o.manager,
            &ri.api_version(),
            sub,
            scope(ri, sub),
        ),
    }
    if !o.internal && sub.is_none() && **old != new {
        admission::webhooks(st, ri, "UPDATE", None, &new)?;
    }
    if o.dry_run {
        return Ok(for_read(&new, ri));
    }
    // A namespace also waits for its spec.finalizers (the namespace controller's `kubernetes`).
    let spec_finalized = ri.kind != "Namespace"
        || new["spec"]["finalizers"]
            .as_array()
            .is_none_or(|a| a.is_empty());
    if is_deleting(&new)
        && finalizers(&new).is_empty()
        && spec_finalized
        && !terminating_pod(ri, &new)
    {
        st.store.remove(
            &ri.storage_key(),
            meta_str(&new, "namespace"),
            meta_str(&new, "name"),
        );
        return Ok(for_read(&new, ri));
    }
    if **old == new {
        return Ok(for_read(old, ri));
    }
    let stored = st.store.put(&ri.storage_key(), new);
    Ok(for_read(&stored, ri))
}

/// POST.
pub fn create(
    st: &mut State,
    ri: &ResourceInfo,
    ns: &str,
    body: Value,
    o: &WriteOpts,
) -> Result<Written, ApiError> {
    check_type(&body, ri)?;
    let mut obj = body;
    prepare_new(st, ri, ns, &mut obj)?;
    let mut warnings = Vec::new();
    check_custom_update(ri, &mut obj, o.validation, &mut warnings)?;
    check_values(ri, &mut obj)?;
    let obj = finish_create(st, ri, obj, o, None)?;
    Ok(Written {
        code: 201,
        obj,
        warnings,
    })
}

/// PUT (of the object or its status).
pub fn update(
    st: &mut State,
    ri: &ResourceInfo,
    ns: &str,
    name: &str,
    body: Value,
    sub: Option<&str>,
    o: &WriteOpts,
) -> Result<Written, ApiError> {
    check_type(&body, ri)?;
    let Some(old) = st.store.get(&ri.storage_key(), ns, name).cloned() else {
        return Err(ApiError::not_found(&ri.gr(), name));
    };
    let body_name = meta_str(&body, "name");
    if !body_name.is_empty() && body_name != name {
        return Err(ApiError::bad_request(&format!(
            "the name of the object ({body_name}) does not match the name on the URL ({name})"
        )));
    }
    let rv = meta_str(&body, "resourceVersion");
    if !rv.is_empty() && rv != meta_str(&old, "resourceVersion") {
        return Err(ApiError::stale(&ri.gr(), name));
    }
    let mut new = body;
    let mut warnings = Vec::new();
    check_custom_update(ri, &mut new, o.validation, &mut warnings)?;
    check_values(ri, &mut new)?;
    let obj = finish_update(st, ri, &old, new, sub, o, None)?;
    Ok(Written {
        code: 200,
        obj,
        warnings,
    })
}

/// The patch content types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Apply,
    Merge,
    Json,
    Strategic,
}

impl PatchType {
    pub fn from_content_type(ct: &str) -> Option<PatchType> {
        let base = ct.split(';').next().unwrap_or("").trim();
        match base {
            "application/apply-patch+yaml"
            | "application/apply-patch+json"
            | "application/apply-patch+cbor" => Some(PatchType::Apply),
            "application/merge-patch+json" => Some(PatchType::Merge),
            "application/json-patch+json" => Some(PatchType::Json),
            "application/strategic-merge-patch+json" => Some(PatchType::Strategic),
            _ => None,
        }
    }
}

/// Parses a JSON or YAML document.
pub fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    if let Ok(v) = serde_json::from_slice::<Value>(body) {
        return Ok(v);
    }
    let text = std::str::from_utf8(body)
        .map_err(|_| ApiError::bad_request("the request body is not valid UTF-8"))?;
    serde_saphyr::from_str::<Value>(text)
        .map_err(|e| ApiError::bad_request(&format!("error decoding YAML: {e}")))
}

fn typed_patch_error(ri: &ResourceInfo, ns: &str, name: &str, msg: &str) -> ApiError {
    let who = if ns.is_empty() {
        name.to_string()
    } else {
        format!("{ns}/{name}")
    };
    ApiError::typed_patch(&format!(
        "failed to create typed patch object ({who}; {}, Kind={}): {msg}",
        ri.api_version(),
        ri.kind
    ))
}

/// PATCH of any supported type.
#[allow(clippy::too_many_arguments)]
pub fn patch(
    st: &mut State,
    ri: &ResourceInfo,
    ns: &str,
    name: &str,
    ptype: PatchType,
    body: &[u8],
    sub: Option<&str>,
    force: bool,
    o: &WriteOpts,
) -> Result<Written, ApiError> {
    let old = st.store.get(&ri.storage_key(), ns, name).cloned();
    match ptype {
        PatchType::Apply => {
            if !o.manager_given || o.manager.is_empty() {
                return Err(ApiError::invalid(
                    "PatchOptions",
                    "meta.k8s.io",
                    "",
                    &[(
                        "FieldValueRequired".into(),
                        "fieldManager".into(),
                        "Required value: is required for apply patch".into(),
                    )],
                ));
            }
            let applied = parse_body(body)?;
            if !applied.is_object() {
                return Err(ApiError::bad_request(
                    "the apply configuration must be an object",
                ));
            }
            if applied
                .get("kind")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                return Err(ApiError::bad_request(
                    "Object 'Kind' is missing in the apply configuration",
                ));
            }
            check_type(&applied, ri)?;
            let body_name = meta_str(&applied, "name");
            if body_name != name {
                return Err(ApiError::bad_request(&format!(
                    "the name of the object ({body_name}) does not match the name on the URL ({name})"
                )));
            }
            if ri.namespaced {
                let body_ns = meta_str(&applied, "namespace");
                if !body_ns.is_empty() && body_ns != ns {
                    return Err(ApiError::bad_request(
                        "the namespace of the provided object does not match the namespace sent on the request",
                    ));
                }
            }
            if let Some(schema) = &ri.schema {
                if let Some(e) = schema::type_error(&applied, schema) {
                    return Err(typed_patch_error(ri, ns, name, &e));
                }
                if let Some(u) = crate::pruning::unknown_fields(&applied, schema).first() {
                    return Err(typed_patch_error(
                        ri,
                        ns,
                        name,
                        &format!(".{u}: field not declared in schema"),
                    ));
                }
            } else if let Some(e) = crate::builtin_schema::check(&ri.kind, &applied) {
                return Err(typed_patch_error(ri, ns, name, &e));
            }
            let req = ssa::Apply {
                manager: &o.manager,
                force,
                api_version: &ri.api_version(),
                subresource: sub,
                has_status: ri.status,
            };
            match old {
                None => {
                    if sub.is_some() {
                        return Err(ApiError::not_found(&ri.gr(), name));
                    }
                    let mut applied = applied;
                    prepare_new(st, ri, ns, &mut applied)?;
                    let (merged, entries) = ssa::apply(None, &applied, &req)?;
                    let mut merged = merged;
                    if ri.kind != "Namespace" && ri.namespaced {
                        meta_mut(&mut merged).insert("namespace".into(), json!(ns));
                    }
                    check_values(ri, &mut merged)?;
                    let obj = finish_create(st, ri, merged, o, Some(entries))?;
                    Ok(Written {
                        code: 201,
                        obj,
                        warnings: Vec::new(),
                    })
                }
                Some(old) => {
                    let (mut merged, entries) = ssa::apply(Some(&old), &applied, &req)?;
                    check_values(ri, &mut merged)?;
                    let obj = finish_update(st, ri, &old, merged, sub, o, Some(entries))?;
                    Ok(Written {
                        code: 200,
                        obj,
                        warnings: Vec::new(),
                    })
                }
            }
        }
        other => {
            let Some(old) = old else {
                return Err(ApiError::not_found(&ri.gr(), name));
            };
            let mut new = (*old).clone();
            match other {
                PatchType::Merge => {
                    let p: Value = serde_json::from_slice(body).map_err(|e| {
                        ApiError::bad_request(&format!("error decoding patch: {e}"))
                    })?;
                    json_patch::merge(&mut new, &p);
                }
                PatchType::Json => {
                    let p: json_patch::Patch = serde_json::from_slice(body).map_err(|e| {
                        ApiError::bad_request(&format!("error decoding patch: {e}"))
                    })?;
                    if json_patch::patch(&mut new, &p).is_err() {
                        return Err(ApiError::new(
                            422,
                            Some("Invalid"),
                            "the server rejected our request due to an error in our request",
                            Some(json!({})),
                        ));
                    }
                }
                PatchType::Strategic => {
                    if ri.custom {
                        return Err(ApiError::unsupported_patch(&[
                            "application/json-patch+json",
                            "application/merge-patch+json",
                            "application/apply-patch+yaml",
                        ]));
                    }
                    let p: Value = serde_json::from_slice(body).map_err(|e| {
                        ApiError::bad_request(&format!("error decoding patch: {e}"))
                    })?;
                    crate::smp::apply(&ri.kind, &mut new, &p)
                        .map_err(|e| ApiError::bad_request(&e))?;
                }
                PatchType::Apply => {}
            }
            if meta_str(&new, "resourceVersion") != meta_str(&old, "resourceVersion") {
                if meta_str(&new, "resourceVersion").is_empty() {
                    meta_mut(&mut new).insert(
                        "resourceVersion".into(),
                        old["metadata"]["resourceVersion"].clone(),
                    );
                } else {
                    return Err(ApiError::stale(&ri.gr(), name));
                }
            }
            check_type(&new, ri)?;
            let mut warnings = Vec::new();
            check_custom_update(ri, &mut new, o.validation, &mut warnings)?;
            check_values(ri, &mut new)?;
            let obj = finish_update(st, ri, &old, new, sub, o, None)?;
            Ok(Written {
                code: 200,
                obj,
                warnings,
            })
        }
    }
}

/// DELETE of one object. Returns the object while it lingers (finalizers), else a Success Status.
pub fn delete(
    st: &mut State,
    ri: &ResourceInfo,
    ns: &str,
    name: &str,
    d: &DeleteOpts,
    o: &WriteOpts,
) -> Result<Value, ApiError> {
    let Some(old) = st.store.get(&ri.storage_key(), ns, name).cloned() else {
        return Err(ApiError::not_found(&ri.gr(), name));
    };
    if let Some(uid) = &d.uid
        && uid != meta_str(&old, "uid")
    {
        return Err(ApiError::conflict(
            &ri.gr(),
            name,
            &format!(
                "Precondition failed: UID in precondition: {uid}, UID in object meta: {}",
                meta_str(&old, "uid")
            ),
        ));
    }
    if let Some(rv) = &d.resource_version
        && rv != meta_str(&old, "resourceVersion")
    {
        return Err(ApiError::conflict(
            &ri.gr(),
            name,
            &format!(
                "Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {}",
                meta_str(&old, "resourceVersion")
            ),
        ));
    }
    if !o.internal {
        admission::check_delete(st, ri, &old)?;
        admission::webhooks(st, ri, "DELETE", None, &old)?;
    }
    if is_deleting(&old) {
        // A second delete with grace 0 (the kubelet's, or --force) ends a pod's termination.
        if ri.kind == "Pod" && d.grace_period == Some(0) && finalizers(&old).is_empty() {
            let uid = meta_str(&old, "uid").to_string();
            if !d.dry_run {
                st.store.remove(&ri.storage_key(), ns, name);
            }
            return Ok(status::deleted(&ri.gr(), name, &uid));
        }
        return Ok(for_read(&old, ri));
    }
    let grace = if ri.kind == "Pod" && !ri.custom {
        pod_grace(&old, d)
    } else {
        0
    };
    let mut obj = (*old).clone();
    let mut fins = finalizers(&obj);
    let policy = d.propagation.as_deref().unwrap_or("Background");
    match policy {
        "Foreground" if !fins.iter().any(|f| f == "foregroundDeletion") => {
            fins.push("foregroundDeletion".into())
        }
        "Orphan" if !fins.iter().any(|f| f == "orphan") => fins.push("orphan".into()),
        _ => {}
    }
    if ri.kind == "CustomResourceDefinition" {
        let f = "customresourcecleanup.apiextensions.k8s.io".to_string();
        if !fins.contains(&f) {
            fins.push(f);
        }
        crate::crd::mark_terminating(&mut obj);
    }
    let lingers = !fins.is_empty() || ri.kind == "Namespace" || grace > 0;
    if lingers {
        set_finalizers(&mut obj, &fins);
        {
            let meta = meta_mut(&mut obj);
            let at = std::time::SystemTime::now() + std::time::Duration::from_secs(grace as u64);
            meta.insert("deletionTimestamp".into(), json!(crate::util::rfc3339(at)));
            // Namespaces and CRDs are deleted by their own registries, without a grace period
            // (transcripts 68 and 84); everything else shows 0, pods their grace.
            if !matches!(ri.kind.as_str(), "Namespace" | "CustomResourceDefinition") {
                meta.insert("deletionGracePeriodSeconds".into(), json!(grace));
            }
            if ri.generation {
                let g = meta.get("generation").and_then(Value::as_i64).unwrap_or(1);
                meta.insert("generation".into(), json!(g + 1));
            }
        }
        if ri.kind == "Namespace" {
            crate::util::ensure_object(&mut obj, "status")
                .insert("phase".into(), json!("Terminating"));
        }
        if d.dry_run {
            return Ok(for_read(&obj, ri));
        }
        let stored = st.store.put(&ri.storage_key(), obj);
        return Ok(for_read(&stored, ri));
    }
    let uid = meta_str(&old, "uid").to_string();
    if !d.dry_run {
        st.store.remove(&ri.storage_key(), ns, name);
    }
    Ok(status::deleted(&ri.gr(), name, &uid))
}

/// DELETE of a collection; answers the list of objects affected.
pub fn delete_collection(
    st: &mut State,
    ri: &ResourceInfo,
    ns: Option<&str>,
    p: &ListParams,
    d: &DeleteOpts,
    o: &WriteOpts,
) -> Result<Value, ApiError> {
    let targets: Vec<(String, String)> = st
        .store
        .range(&ri.storage_key(), ns, None)
        .filter(|(_, obj)| p.matches(obj))
        .map(|(k, _)| k.clone())
        .collect();
    let mut items = Vec::new();
    for (tns, tname) in targets {
        match delete(st, ri, &tns, &tname, d, o) {
            Ok(v) if v["kind"] == "Status" => {
                items.push(json!({"metadata": {"name": tname, "namespace": tns}}));
            }
            Ok(v) => items.push(v),
            Err(e) if e.code == 404 => {}
            Err(e) => return Err(e),
        }
    }
    Ok(json!({
        "kind": ri.list_kind(),
        "apiVersion": ri.api_version(),
        "metadata": {"resourceVersion": st.store.rv().to_string()},
        "items": items,
    }))
}
