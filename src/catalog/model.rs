//! The shapes of profile files: profiles, components, parameters, sources.

use super::rules::Rule;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// A platform odh installs onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Kubernetes,
    Openshift,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Kubernetes => "kubernetes",
            Platform::Openshift => "openshift",
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named set of components, with the parameters users may set.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub requires: Vec<String>,
    pub platforms: Vec<Platform>,
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    #[serde(default)]
    pub components: Vec<Component>,
    /// Value combinations refused before anything is fetched or applied.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
}

/// A refusal: when the expression holds, the error (a template over the same
/// context) is the usage error odh stops with.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// A minijinja expression over the values, `platform` and `profiles`.
    pub when: String,
    pub error: String,
}

/// A unit of installation: templates (and remote files) applied together.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub name: String,
    pub description: String,
    pub platforms: Vec<Platform>,
    /// A minijinja expression over the values; the component is rendered only when true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Components that must be ready before this one starts.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Directories under `manifests/` whose `*.yaml` templates make up the component.
    #[serde(default)]
    pub templates: Vec<String>,
    /// Remote upstream files (third-party CRDs, release manifests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The Kubernetes versions upstream supports for this component.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<KubeRange>,
    /// Image names in the remote files replaced by pinned references, as
    /// kustomize's `images:` does (`kserve-sklearnserver` -> `kserve/sklearnserver:v0.20.0`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub images: BTreeMap<String, String>,
    /// The component holds data (a storage cluster): uninstall keeps all of
    /// its objects unless `--purge`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep: bool,
}

/// The Kubernetes versions a component supports, as its upstream declares them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KubeRange {
    /// The oldest supported `major.minor`, e.g. `1.28`.
    pub min: String,
    /// Where upstream says so: `repo@tag:path` and the field.
    pub source: String,
}

/// A pinned remote file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub url: String,
    /// The sha256 of the exact bytes, when known; otherwise recorded on first use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// The type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    String,
    Bool,
    Int,
    Enum,
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParamType::String => "string",
            ParamType::Bool => "bool",
            ParamType::Int => "int",
            ParamType::Enum => "enum",
        })
    }
}

/// One value a user may set, with its default.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Dotted key, e.g. `s3.endpoint`.
    pub key: String,
    #[serde(rename = "type")]
    pub type_: ParamType,
    pub default: Value,
    pub description: String,
    /// The allowed values of an `enum` parameter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// What a `string` value must look like; an empty value passes when the default is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The smallest value of an `int` parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The value names a Secret in the applications namespace that odh's
    /// objects read but odh does not create (`odh check` looks for it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<SecretUse>,
}

/// A Secret a parameter names: the keys read from it, and when it must exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretUse {
    pub keys: Vec<String>,
    /// A minijinja expression over the values; the Secret must exist only when true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

impl Parameter {
    /// What a valid value looks like, for error messages.
    pub fn expected(&self) -> String {
        match (self.type_, self.rule, self.minimum) {
            (ParamType::String, Some(rule), _) => rule.expected().into(),
            (ParamType::String, None, _) => "a string".into(),
            (ParamType::Bool, ..) => "a bool (true or false)".into(),
            (ParamType::Int, _, Some(min)) => format!("an integer of at least {min}"),
            (ParamType::Int, _, None) => "an integer".into(),
            (ParamType::Enum, ..) => format!("one of {}", self.values.join(", ")),
        }
    }

    /// Checks a typed value against this parameter: its type, its rule, its minimum.
    pub fn check(&self, value: &Value) -> Result<(), String> {
        let unset = value.as_str() == Some("") && self.default.as_str() == Some("");
        let ok = match self.type_ {
            ParamType::String => value
                .as_str()
                .is_some_and(|s| unset || self.rule.is_none_or(|r| r.accepts(s))),
            ParamType::Bool => value.is_boolean(),
            ParamType::Int => value
                .as_i64()
                .is_some_and(|n| self.minimum.is_none_or(|min| n >= min)),
            ParamType::Enum => value
                .as_str()
                .is_some_and(|s| self.values.iter().any(|v| v == s)),
        };
        if ok {
            Ok(())
        } else {
            Err(format!(
                "must be {}, got {}",
                self.expected(),
                describe(value)
            ))
        }
    }

    /// Parses the text of `--set key=text` into a typed value.
    pub fn parse(&self, text: &str) -> Result<Value, String> {
        let value = match self.type_ {
            ParamType::String | ParamType::Enum => Value::String(text.to_string()),
            ParamType::Bool => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text.to_string()),
            },
            ParamType::Int => match text.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => Value::String(text.to_string()),
            },
        };
        self.check(&value).map(|()| value)
    }
}

/// A short description of a value for error messages: `"abc"`, `12`, `a list`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

impl Profile {
    /// The component with this name.
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
    }
}
