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
mod tests;
