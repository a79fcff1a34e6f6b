//! What the install reads besides the cluster's API: the remote upstream files,
//! and Secrets it does not create but its objects read (an external S3's credentials).

use super::Check;
use crate::object::Object;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Where each remote file came from (`bundle`, `cache`, a download), or why one could not be had.
pub fn remote_files(found: &Result<Vec<(String, String)>, String>) -> Check {
    const NAME: &str = "remote-files";
    match found {
        Ok(files) if files.is_empty() => Check::passed(NAME, "the profiles need no remote files"),
        Ok(files) => {
            let mut by_origin: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, origin) in files {
                *by_origin.entry(origin.as_str()).or_default() += 1;
            }
            let parts: Vec<String> = by_origin
                .iter()
                .map(|(origin, n)| format!("{n} from {origin}"))
                .collect();
            Check::passed(
                NAME,
                format!(
                    "{} remote file(s) verified: {}",
                    files.len(),
                    parts.join(", ")
                ),
            )
        }
        Err(e) => Check::failed(
            NAME,
            e.clone(),
            "where the network is reachable run `odh fetch --profile … --to DIR`, then pass --bundle DIR (or --source-mirror URL)",
        ),
    }
}

/// A Secret the install reads but does not create.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SecretNeed {
    pub namespace: String,
    pub name: String,
    /// The keys read from it.
    pub keys: BTreeSet<String>,
    /// Who reads it: a value key or an object.
    pub by: BTreeSet<String>,
}

/// A needed Secret and what the cluster has: its keys (never values), none, or an error.
#[derive(Debug, Clone)]
pub struct SecretSeen {
    pub need: SecretNeed,
    pub found: Result<Option<BTreeSet<String>>, String>,
}

/// The Secrets the objects read through `secretKeyRef` and `envFrom.secretRef`
/// that are not among them, merged with `declared` (Secrets values name).
pub fn secrets_needed(objects: &[&Object], declared: Vec<SecretNeed>) -> Vec<SecretNeed> {
    // An ObjectBucketClaim's provisioner writes a Secret of the claim's name
    // and namespace (kube-object-storage/lib-bucket-provisioner, as Rook serves it).
    let rendered: BTreeSet<(String, String)> = objects
        .iter()
        .filter(|o| {
            o.kind() == "Secret"
                || (o.kind() == "ObjectBucketClaim" && o.group() == "objectbucket.io")
        })
        .map(|o| {
            (
                o.namespace().unwrap_or_default().to_string(),
                o.name().to_string(),
            )
        })
        .collect();
    let mut needs: BTreeMap<(String, String), SecretNeed> = BTreeMap::new();
    let mut add = |need: SecretNeed| {
        let key = (need.namespace.clone(), need.name.clone());
        if rendered.contains(&key) {
            return;
        }
        let entry = needs.entry(key).or_insert_with(|| SecretNeed {
            keys: BTreeSet::new(),
            by: BTreeSet::new(),
            ..need.clone()
        });
        entry.keys.extend(need.keys);
        entry.by.extend(need.by);
    };
    for need in declared {
        add(need);
    }
    for object in objects {
        let namespace = object.namespace().unwrap_or_default().to_string();
        let mut refs = Vec::new();
        collect_env_refs(&object.0, &mut refs);
        for (name, key) in refs {
            add(SecretNeed {
                namespace: namespace.clone(),
                name,
                keys: key.into_iter().collect(),
                by: BTreeSet::from([object.to_ref().to_string()]),
            });
        }
    }
    needs.into_values().collect()
}

/// Every non-optional `secretKeyRef` (name, key) and `secretRef` (name) under `value`.
fn collect_env_refs(value: &Value, out: &mut Vec<(String, Option<String>)>) {
    match value {
        Value::Object(map) => {
            for (field, inner) in map {
                let optional = inner.get("optional").and_then(Value::as_bool) == Some(true);
                let name = inner.get("name").and_then(Value::as_str);
                match (field.as_str(), name, optional) {
                    ("secretKeyRef", Some(name), false) => out.push((
                        name.to_string(),
                        inner.get("key").and_then(Value::as_str).map(str::to_string),
                    )),
                    ("secretRef", Some(name), false) => out.push((name.to_string(), None)),
                    _ => collect_env_refs(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_env_refs(i, out)),
        _ => {}
    }
}

/// Each needed Secret exists with the keys read from it.
pub fn secrets(seen: &[SecretSeen]) -> Check {
    const NAME: &str = "secrets";
    if seen.is_empty() {
        return Check::passed(NAME, "the install reads no Secret it does not create");
    }
    let mut problems = Vec::new();
    let mut unreadable = Vec::new();
    for s in seen {
        let place = format!("Secret {}/{}", s.need.namespace, s.need.name);
        let by = s.need.by.iter().cloned().collect::<Vec<_>>().join(", ");
        match &s.found {
            Ok(None) => problems.push(format!("{place} does not exist (read by {by})")),
            Ok(Some(keys)) => {
                let missing: Vec<&str> = s
                    .need
                    .keys
                    .iter()
                    .filter(|k| !keys.contains(*k))
                    .map(String::as_str)
                    .collect();
                if !missing.is_empty() {
                    problems.push(format!(
                        "{place} has no key {} (read by {by})",
                        missing.join(", ")
                    ));
                }
            }
            Err(e) => unreadable.push(format!("{place}: {e}")),
        }
    }
    if !problems.is_empty() {
        return Check::failed(
            NAME,
            format!("{} Secret(s) the install reads are missing or incomplete", problems.len()),
            "create them first, e.g. kubectl create secret generic NAME -n NAMESPACE --from-literal=KEY=…",
        )
        .with_items(problems);
    }
    if !unreadable.is_empty() {
        return Check::warning(
            NAME,
            format!("{} Secret(s) could not be read", unreadable.len()),
            "make sure they exist with the keys named in `odh profiles`",
        )
        .with_items(unreadable);
    }
    Check::passed(
        NAME,
        format!(
            "{} Secret(s) exist with the keys read from them",
            seen.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use serde_json::json;

    fn deployment() -> Object {
        Object::new(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "model", "namespace": "odh"},
            "spec": {"template": {"spec": {"containers": [{"name": "c", "env": [
                {"name": "A", "valueFrom": {"secretKeyRef": {"name": "s3", "key": "AWS_ACCESS_KEY_ID"}}},
                {"name": "B", "valueFrom": {"secretKeyRef": {"name": "opt", "key": "x", "optional": true}}},
                {"name": "C", "valueFrom": {"secretKeyRef": {"name": "made", "key": "y"}}}
            ], "envFrom": [{"secretRef": {"name": "all"}}]}]}}}
        }))
    }

    #[test]
    fn references_to_secrets_odh_does_not_create_are_needed() {
        let made = Object::new(
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "made", "namespace": "odh"}}),
        );
        let d = deployment();
        let declared = vec![SecretNeed {
            namespace: "odh".into(),
            name: "s3".into(),
            keys: BTreeSet::from(["AWS_SECRET_ACCESS_KEY".to_string()]),
            by: BTreeSet::from(["value s3.credentialsSecret".to_string()]),
        }];
        let needs = secrets_needed(&[&d, &made], declared);
        let names: Vec<&str> = needs.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["all", "s3"]);
        assert_eq!(needs[1].keys.len(), 2, "declared and referenced keys merge");
    }

    #[test]
    fn a_bucket_claim_provides_the_secret_of_its_name() {
        let claim = Object::new(json!({"apiVersion": "objectbucket.io/v1alpha1",
            "kind": "ObjectBucketClaim", "metadata": {"name": "s3", "namespace": "odh"}}));
        let d = deployment();
        let names: Vec<String> = secrets_needed(&[&d, &claim], Vec::new())
            .into_iter()
            .map(|n| n.name)
            .collect();
        assert_eq!(names, ["all", "made"]);
    }

    #[test]
    fn a_missing_secret_or_key_fails_and_names_no_value() {
        let need = SecretNeed {
            namespace: "odh".into(),
            name: "s3".into(),
            keys: BTreeSet::from([
                "AWS_ACCESS_KEY_ID".to_string(),
                "AWS_SECRET_ACCESS_KEY".to_string(),
            ]),
            by: BTreeSet::from(["value s3.credentialsSecret".to_string()]),
        };
        let missing = secrets(&[SecretSeen {
            need: need.clone(),
            found: Ok(None),
        }]);
        assert_eq!(missing.verdict, Verdict::Failed);
        assert!(missing.items[0].starts_with("Secret odh/s3 does not exist"));
        let partial = secrets(&[SecretSeen {
            need: need.clone(),
            found: Ok(Some(BTreeSet::from(["AWS_ACCESS_KEY_ID".to_string()]))),
        }]);
        assert!(partial.items[0].contains("has no key AWS_SECRET_ACCESS_KEY"));
        let full = secrets(&[SecretSeen {
            found: Ok(Some(need.keys.clone())),
            need,
        }]);
        assert_eq!(full.verdict, Verdict::Passed);
    }

    #[test]
    fn remote_files_count_by_origin_or_fail_with_the_reason() {
        let ok = remote_files(&Ok(vec![
            ("a".into(), "bundle".into()),
            ("b".into(), "bundle".into()),
        ]));
        assert_eq!(ok.detail, "2 remote file(s) verified: 2 from bundle");
        let bad = remote_files(&Err(
            "1 remote file(s) not found in the cache (--offline): u".into(),
        ));
        assert_eq!(bad.verdict, Verdict::Failed);
    }
}
