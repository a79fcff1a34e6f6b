//! A Kubernetes object as plain data, with the accessors the pure core needs.
//!
//! Rendered manifests, server answers and test literals are all `Object`s: a
//! JSON value with `apiVersion`, `kind` and `metadata`. Nothing here does I/O.

use serde_json::Value;
use std::fmt;

/// One Kubernetes object (any kind), held as JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Object(pub Value);

/// Identifies an object: group/version, kind, namespace (if any) and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    pub api_version: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl Object {
    /// The file an object is written to in a directory of objects in apply
    /// order: `NNN-kind-namespace-name.EXT`, lower-case kind, other characters
    /// than letters, digits, `-` and `.` as `_`.
    pub fn file_name(&self, index: usize, ext: &str) -> String {
        let mut parts = vec![self.kind().to_ascii_lowercase()];
        parts.extend(self.namespace().map(str::to_string));
        parts.push(self.name().to_string());
        let stem: String = parts
            .join("-")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("{:03}-{stem}.{ext}", index + 1)
    }

    /// Wraps a JSON value; it is the caller's job that it is an object.
    pub fn new(value: Value) -> Self {
        Object(value)
    }

    /// Parses one YAML document into an object.
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        crate::yaml::from_str::<Value>(text)
            .map(Object)
            .map_err(|e| e.to_string())
    }

    pub fn api_version(&self) -> &str {
        self.0
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn kind(&self) -> &str {
        self.0.get("kind").and_then(Value::as_str).unwrap_or("")
    }

    /// The API group: "" for the core group, else the part before the slash.
    pub fn group(&self) -> &str {
        match self.api_version().split_once('/') {
            Some((group, _)) => group,
            None => "",
        }
    }

    pub fn name(&self) -> &str {
        self.0
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn namespace(&self) -> Option<&str> {
        self.0
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .filter(|ns| !ns.is_empty())
    }

    /// Looks up a value by JSON pointer, e.g. `/status/phase`.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.0.pointer(pointer)
    }

    /// A string at a JSON pointer, if present and a string.
    pub fn str_at(&self, pointer: &str) -> Option<&str> {
        self.0.pointer(pointer).and_then(Value::as_str)
    }

    /// An integer at a JSON pointer, if present and a number.
    pub fn i64_at(&self, pointer: &str) -> Option<i64> {
        self.0.pointer(pointer).and_then(Value::as_i64)
    }

    pub fn label(&self, key: &str) -> Option<&str> {
        self.0
            .get("metadata")
            .and_then(|m| m.get("labels"))
            .and_then(|l| l.get(key))
            .and_then(Value::as_str)
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.0
            .get("metadata")
            .and_then(|m| m.get("annotations"))
            .and_then(|l| l.get(key))
            .and_then(Value::as_str)
    }

    /// Sets a label, creating `metadata.labels` when needed.
    pub fn set_label(&mut self, key: &str, value: &str) {
        if let Some(labels) = self.metadata_map("labels") {
            labels.insert(key.into(), value.into());
        }
    }

    /// Sets an annotation, creating `metadata.annotations` when needed.
    pub fn set_annotation(&mut self, key: &str, value: &str) {
        if let Some(annotations) = self.metadata_map("annotations") {
            annotations.insert(key.into(), value.into());
        }
    }

    /// `metadata.<field>` as a mapping (made one if missing or not a mapping).
    fn metadata_map(&mut self, field: &str) -> Option<&mut serde_json::Map<String, Value>> {
        let metadata = self.0.get_mut("metadata")?.as_object_mut()?;
        let entry = metadata
            .entry(field)
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(serde_json::Map::new());
        }
        entry.as_object_mut()
    }

    /// `metadata.generation`, if the server set one.
    pub fn generation(&self) -> Option<i64> {
        self.i64_at("/metadata/generation")
    }

    /// True when `metadata.deletionTimestamp` is set.
    pub fn is_terminating(&self) -> bool {
        self.get("/metadata/deletionTimestamp")
            .is_some_and(|v| !v.is_null())
    }

    /// The condition of the given type from `status.conditions`, if any.
    pub fn condition(&self, type_: &str) -> Option<&Value> {
        self.get("/status/conditions")?
            .as_array()?
            .iter()
            .find(|c| c.get("type").and_then(Value::as_str) == Some(type_))
    }

    /// The reference that names this object.
    pub fn to_ref(&self) -> ObjectRef {
        ObjectRef {
            api_version: self.api_version().to_string(),
            kind: self.kind().to_string(),
            namespace: self.namespace().map(str::to_string),
            name: self.name().to_string(),
        }
    }
}

impl ObjectRef {
    /// The API group of the reference ("" for core).
    pub fn group(&self) -> &str {
        self.api_version.split_once('/').map_or("", |(g, _)| g)
    }
}

impl fmt::Display for ObjectRef {
    /// `Deployment/hub (apps/v1) in opendatahub`, or without the namespace part
    /// for cluster-scoped objects.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{} ({})", self.kind, self.name, self.api_version)?;
        if let Some(ns) = &self.namespace {
            write!(f, " in {ns}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_read_metadata_and_conditions() {
        let obj = Object::from_yaml(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hub\n  namespace: odh\n  generation: 3\nstatus:\n  conditions:\n  - type: Available\n    status: \"True\"\n",
        )
        .unwrap();
        assert_eq!(obj.group(), "apps");
        assert_eq!(obj.generation(), Some(3));
        assert_eq!(
            obj.condition("Available").and_then(|c| c.get("status")),
            Some(&Value::String("True".into()))
        );
        assert_eq!(obj.to_ref().to_string(), "Deployment/hub (apps/v1) in odh");
    }
}
