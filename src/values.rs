//! Values: parameter defaults, layered `-f` files and `--set` overrides, checked
//! against the declared parameters. Pure: callers read the files.

use crate::catalog::{Catalog, ParamType, Parameter, Selection, model_describe};
use crate::error::{one_line, usage};
use anyhow::Result;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The values of every parameter of a selection.
#[derive(Debug, Clone)]
pub struct Values {
    params: Vec<Parameter>,
    values: BTreeMap<String, Value>,
    /// Parameters of profiles that are not selected: key -> profile.
    elsewhere: BTreeMap<String, String>,
}

impl Values {
    /// The defaults of the global parameters and those of the selected profiles.
    pub fn defaults(catalog: &Catalog, selection: &Selection<'_>) -> Values {
        let mut params: Vec<Parameter> = catalog.global.clone();
        for profile in &selection.profiles {
            params.extend(profile.parameters.iter().cloned());
        }
        let elsewhere = catalog
            .profiles
            .iter()
            .filter(|p| !selection.profiles.iter().any(|s| s.name == p.name))
            .flat_map(|p| p.parameters.iter().map(|q| (q.key.clone(), p.name.clone())))
            .collect();
        let values = params
            .iter()
            .map(|p| (p.key.clone(), p.default.clone()))
            .collect();
        Values {
            params,
            values,
            elsewhere,
        }
    }

    /// The parameters these values are checked against.
    pub fn parameters(&self) -> &[Parameter] {
        &self.params
    }

    /// The value of a parameter.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// The string value of a parameter, or "" when it is not a string.
    pub fn str(&self, key: &str) -> &str {
        self.get(key).and_then(Value::as_str).unwrap_or("")
    }

    /// Layers a values file (YAML mapping, nested by dotted key) over the current values.
    ///
    /// # Errors
    /// A usage error naming the file and the bad key or value.
    pub fn apply_file(&mut self, name: &str, text: &str) -> Result<()> {
        let doc: Value = crate::yaml::from_str(text).map_err(|e| {
            usage(format!(
                "values file {name} is not valid YAML: {}",
                one_line(&e.to_string())
            ))
        })?;
        match doc {
            Value::Null => Ok(()),
            Value::Object(map) => self
                .apply_map("", &map)
                .map_err(|msg| usage(format!("values file {name}: {msg}"))),
            other => Err(usage(format!(
                "values file {name} must hold a mapping of keys to values, not {}",
                model_describe(&other)
            ))),
        }
    }

    fn apply_map(&mut self, prefix: &str, map: &Map<String, Value>) -> Result<(), String> {
        for (k, v) in map {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            if let Some(param) = self.param(&key) {
                let value = coerce(param, v.clone());
                param.check(&value).map_err(|e| format!("`{key}` {e}"))?;
                self.values.insert(key, value);
            } else if let (Value::Object(inner), true) = (v, self.is_prefix(&key)) {
                self.apply_map(&key, inner)?;
            } else {
                return Err(self.unknown_key(&key));
            }
        }
        Ok(())
    }

    /// Takes the values of an earlier install for the keys still declared with a
    /// value that still fits (a parameter whose type changed keeps its default).
    pub fn keep_from(&mut self, earlier: &BTreeMap<String, Value>) {
        for (key, value) in earlier {
            if let Some(param) = self.param(key)
                && param.check(value).is_ok()
            {
                self.values.insert(key.clone(), value.clone());
            }
        }
    }

    /// Every value by key.
    pub fn to_map(&self) -> BTreeMap<String, Value> {
        self.values.clone()
    }

    /// Applies one `--set KEY=VALUE`.
    ///
    /// # Errors
    /// A usage error for a malformed argument, an unknown key or a wrong type.
    pub fn apply_set(&mut self, arg: &str) -> Result<()> {
        let Some((key, text)) = arg.split_once('=') else {
            return Err(usage(format!(
                "malformed --set `{arg}`: expected KEY=VALUE, e.g. --set namespace=odh"
            )));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(usage(format!(
                "malformed --set `{arg}`: the key before `=` is empty"
            )));
        }
        let Some(param) = self.param(key) else {
            return Err(usage(format!("--set {}", self.unknown_key(key))));
        };
        let value = param
            .parse(text)
            .map_err(|e| usage(format!("--set `{key}` {e}")))?;
        self.values.insert(key.to_string(), value);
        Ok(())
    }

    fn param(&self, key: &str) -> Option<&Parameter> {
        self.params.iter().find(|p| p.key == key)
    }

    fn is_prefix(&self, key: &str) -> bool {
        let dotted = format!("{key}.");
        self.params.iter().any(|p| p.key.starts_with(&dotted))
    }

    fn unknown_key(&self, key: &str) -> String {
        if let Some(profile) = self.elsewhere.get(key) {
            return format!(
                "key `{key}` belongs to profile `{profile}`, which is not selected; add --profile {profile}"
            );
        }
        match self.nearest(key) {
            Some(near) => format!("unknown key `{key}`; did you mean `{near}`?"),
            None => format!("unknown key `{key}`; `odh profiles` lists the valid keys"),
        }
    }

    /// The declared key closest to a mistyped one, if any is close enough.
    fn nearest(&self, key: &str) -> Option<&str> {
        let last = key.rsplit('.').next().unwrap_or(key);
        self.params
            .iter()
            .map(|p| {
                let whole = edit_distance(key, &p.key);
                let tail = edit_distance(last, p.key.rsplit('.').next().unwrap_or(&p.key));
                (whole.min(tail + 1), p.key.as_str())
            })
            .filter(|(d, k)| *d <= 2.max(k.len() / 4))
            .min_by_key(|(d, _)| *d)
            .map(|(_, k)| k)
    }

    /// The values as nested mappings by dotted key, for templates.
    pub fn nested(&self) -> Value {
        let mut root = Map::new();
        for (key, value) in &self.values {
            let mut node = &mut root;
            let mut parts: Vec<&str> = key.split('.').collect();
            let leaf = parts.pop().unwrap_or_default();
            for part in parts {
                let entry = node
                    .entry(part.to_string())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !entry.is_object() {
                    *entry = Value::Object(Map::new());
                }
                node = entry.as_object_mut().expect("made an object above");
            }
            node.insert(leaf.to_string(), value.clone());
        }
        Value::Object(root)
    }

    /// Whether a `when` expression (minijinja, over the values) holds.
    ///
    /// # Errors
    /// When the expression does not compile or evaluate (a catalog bug).
    pub fn holds(&self, expr: &str) -> Result<bool> {
        let env = minijinja::Environment::new();
        let compiled = env
            .compile_expression(expr)
            .map_err(|e| anyhow::anyhow!("`{expr}` is not an expression: {e}"))?;
        let context = self.nested();
        let result = compiled
            .eval(minijinja::Value::from(minijinja::value::Serde(&context)))
            .map_err(|e| anyhow::anyhow!("evaluating `{expr}`: {e}"))?;
        Ok(result.is_true())
    }

    /// The Secrets the values name that must exist: (parameter key, Secret name, keys read).
    ///
    /// # Errors
    /// When a `when` expression does not evaluate (a catalog bug).
    pub fn named_secrets(&self) -> Result<Vec<(String, String, Vec<String>)>> {
        let mut out = Vec::new();
        for param in &self.params {
            let Some(secret) = &param.secret else {
                continue;
            };
            let name = self.str(&param.key);
            let wanted = match &secret.when {
                Some(expr) => self.holds(expr)?,
                None => true,
            };
            if wanted && !name.is_empty() {
                out.push((param.key.clone(), name.to_string(), secret.keys.clone()));
            }
        }
        Ok(out)
    }

    /// Every value with its key, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// YAML gives `3.0` for some integers and numbers for quoted-less strings; fit them to the type.
fn coerce(param: &Parameter, value: Value) -> Value {
    match (param.type_, &value) {
        (ParamType::Int, Value::Number(n)) if n.as_i64().is_none() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => value,
        },
        (ParamType::String, Value::Number(n)) => Value::String(n.to_string()),
        _ => value,
    }
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
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
}
