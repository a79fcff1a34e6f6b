//! Discovery documents: `/version`, `/api`, `/apis`, per group-version resource lists, and the
//! aggregated (`apidiscovery.k8s.io/v2`) form.

use crate::registry::{Registry, ResourceInfo};
use crate::util::{api_version, stable_hash};
use base64::Engine;
use serde_json::{Map, Value, json};

pub const AGGREGATED_CT: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
pub const AGGREGATED_CT_BETA: &str =
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

/// The content type to answer for an Accept header asking for aggregated discovery, if any.
pub fn wants_aggregated(accept: &str) -> Option<&'static str> {
    for part in accept.split(',') {
        let p = part.replace(' ', "");
        if p.contains("as=APIGroupDiscoveryList") {
            if p.contains("v=v2beta1") {
                return Some(AGGREGATED_CT_BETA);
            }
            return Some(AGGREGATED_CT);
        }
        if p == "application/json" || p == "*/*" {
            return None;
        }
    }
    None
}

/// The version a cluster reports unless told otherwise.
pub const DEFAULT_VERSION: &str = "v1.33.2";

/// `/version` for a `gitVersion` such as `v1.33.2`.
pub fn version(git_version: &str) -> Value {
    let mut parts = git_version.trim_start_matches('v').split('.');
    let major = parts.next().unwrap_or("1").to_string();
    let minor: String = parts
        .next()
        .unwrap_or("0")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let previous = minor
        .parse::<u32>()
        .map_or_else(|_| minor.clone(), |m| m.saturating_sub(1).to_string());
    json!({
        "major": major,
        "minor": minor,
        "emulationMajor": major,
        "emulationMinor": minor,
        "minCompatibilityMajor": major,
        "minCompatibilityMinor": previous,
        "gitVersion": git_version,
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z",
        "goVersion": "go1.24.4",
        "compiler": "gc",
        "platform": "linux/amd64"
    })
}

pub fn api_versions(address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": address}]
    })
}

fn group_entry(reg: &Registry, g: &str) -> Value {
    let versions = reg.versions(g);
    let vs: Vec<Value> = versions
        .iter()
        .map(|v| json!({"groupVersion": api_version(g, v), "version": v}))
        .collect();
    let preferred = versions.first().cloned().unwrap_or_default();
    json!({
        "name": g,
        "versions": vs,
        "preferredVersion": {"groupVersion": api_version(g, &preferred), "version": preferred}
    })
}

pub fn group_list(reg: &Registry) -> Value {
    let groups: Vec<Value> = reg.groups().iter().map(|g| group_entry(reg, g)).collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

pub fn group(reg: &Registry, g: &str) -> Option<Value> {
    if !reg.groups().iter().any(|x| x == g) {
        return None;
    }
    let mut e = group_entry(reg, g);
    if let Some(m) = e.as_object_mut() {
        m.insert("kind".into(), json!("APIGroup"));
        m.insert("apiVersion".into(), json!("v1"));
    }
    Some(e)
}

fn storage_hash(ri: &ResourceInfo) -> String {
    let h = stable_hash(&json!([ri.group, ri.kind, ri.plural]), 8);
    base64::engine::general_purpose::STANDARD.encode(h.as_bytes())
}

fn strings(v: &[String]) -> Value {
    Value::Array(v.iter().map(|s| json!(s)).collect())
}

/// `APIResourceList` for one group-version.
pub fn resource_list(reg: &Registry, g: &str, v: &str) -> Option<Value> {
    let mut rs: Vec<&ResourceInfo> = reg.in_group_version(g, v);
    if rs.is_empty() {
        return None;
    }
    rs.sort_by(|a, b| a.plural.cmp(&b.plural));
    let mut out = Vec::new();
    for r in rs {
        let mut m = Map::new();
        m.insert("name".into(), json!(r.plural));
        m.insert("singularName".into(), json!(r.singular));
        m.insert("namespaced".into(), json!(r.namespaced));
        m.insert("kind".into(), json!(r.kind));
        m.insert("verbs".into(), strings(&r.verbs));
        if !r.short_names.is_empty() {
            m.insert("shortNames".into(), strings(&r.short_names));
        }
        if !r.categories.is_empty() {
            m.insert("categories".into(), strings(&r.categories));
        }
        if !r.virtual_kind {
            m.insert("storageVersionHash".into(), json!(storage_hash(r)));
        }
        out.push(Value::Object(m));
        for (name, group, version, kind, verbs) in subresources(r) {
            let mut s = Map::new();
            s.insert("name".into(), json!(format!("{}/{name}", r.plural)));
            s.insert("singularName".into(), json!(""));
            s.insert("namespaced".into(), json!(r.namespaced));
            if !group.is_empty() || !version.is_empty() {
                s.insert("group".into(), json!(group));
                s.insert("version".into(), json!(version));
            }
            s.insert("kind".into(), json!(kind));
            s.insert("verbs".into(), json!(verbs));
            out.push(Value::Object(s));
        }
    }
    let mut doc = Map::new();
    doc.insert("kind".into(), json!("APIResourceList"));
    if !g.is_empty() {
        doc.insert("apiVersion".into(), json!("v1"));
    }
    doc.insert("groupVersion".into(), json!(api_version(g, v)));
    doc.insert("resources".into(), Value::Array(out));
    Some(Value::Object(doc))
}

type Sub = (String, String, String, String, Vec<&'static str>);

fn subresources(r: &ResourceInfo) -> Vec<Sub> {
    let mut subs: Vec<Sub> = Vec::new();
    for e in &r.extra_subs {
        subs.push((
            e.name.into(),
            e.group.into(),
            e.version.into(),
            e.kind.into(),
            e.verbs.to_vec(),
        ));
    }
    if r.scale {
        subs.push((
            "scale".into(),
            "autoscaling".into(),
            "v1".into(),
            "Scale".into(),
            vec!["get", "patch", "update"],
        ));
    }
    if r.status {
        subs.push((
            "status".into(),
            String::new(),
            String::new(),
            r.kind.clone(),
            vec!["get", "patch", "update"],
        ));
    }
    subs.sort_by(|a, b| a.0.cmp(&b.0));
    subs
}

fn aggregated_resource(r: &ResourceInfo) -> Value {
    let mut m = Map::new();
    m.insert("resource".into(), json!(r.plural));
    m.insert(
        "responseKind".into(),
        json!({"group": "", "version": "", "kind": r.kind}),
    );
    m.insert(
        "scope".into(),
        json!(if r.namespaced {
            "Namespaced"
        } else {
            "Cluster"
        }),
    );
    m.insert("singularResource".into(), json!(r.singular));
    m.insert("verbs".into(), strings(&r.verbs));
    if !r.short_names.is_empty() {
        m.insert("shortNames".into(), strings(&r.short_names));
    }
    if !r.categories.is_empty() {
        m.insert("categories".into(), strings(&r.categories));
    }
    let subs: Vec<Value> = subresources(r)
        .into_iter()
        .map(|(name, g, v, kind, verbs)| {
            json!({"subresource": name, "responseKind": {"group": g, "version": v, "kind": kind}, "verbs": verbs})
        })
        .collect();
    if !subs.is_empty() {
        m.insert("subresources".into(), Value::Array(subs));
    }
    Value::Object(m)
}

fn aggregated_group(reg: &Registry, g: &str) -> Value {
    let versions: Vec<Value> = reg
        .versions(g)
        .iter()
        .map(|v| {
            let mut rs = reg.in_group_version(g, v);
            rs.sort_by(|a, b| a.plural.cmp(&b.plural));
            json!({
                "version": v,
                "resources": rs.into_iter().map(aggregated_resource).collect::<Vec<_>>(),
                "freshness": "Current"
            })
        })
        .collect();
    let meta = if g.is_empty() {
        json!({})
    } else {
        json!({"name": g})
    };
    json!({"metadata": meta, "versions": versions})
}

/// The aggregated discovery document for `/api` (core) or `/apis`.
pub fn aggregated(reg: &Registry, core: bool, ct: &str) -> Value {
    let items: Vec<Value> = if core {
        vec![aggregated_group(reg, "")]
    } else {
        reg.groups()
            .iter()
            .map(|g| aggregated_group(reg, g))
            .collect()
    };
    let av = if ct.contains("v2beta1") {
        "apidiscovery.k8s.io/v2beta1"
    } else {
        "apidiscovery.k8s.io/v2"
    };
    json!({"kind": "APIGroupDiscoveryList", "apiVersion": av, "metadata": {}, "items": items})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_negotiation() {
        let kubectl = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert_eq!(wants_aggregated(kubectl), Some(AGGREGATED_CT));
        assert_eq!(wants_aggregated("application/json"), None);
        assert_eq!(wants_aggregated(""), None);
    }

    #[test]
    fn core_list_has_subresources() {
        let reg = crate::builtins::registry(false);
        let l = resource_list(&reg, "", "v1").unwrap();
        let names: Vec<&str> = l["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"namespaces/status"));
        assert!(names.contains(&"configmaps"));
        assert!(l.get("apiVersion").is_none());
    }
}
