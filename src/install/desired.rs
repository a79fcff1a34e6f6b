//! The object odh sends for a rendered one: Secret values as `data`, generated
//! credentials filled (kept from the live object when it has them), the ApplySet
//! membership label and a digest of the whole. Pure.

use crate::object::Object;
use crate::render::generated_keys;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::Rng;
use serde_json::{Map, Value};

/// The annotation holding the digest of what odh last applied.
pub const APPLIED_DIGEST_ANNOTATION: &str = "opendatahub.io/odh-applied-digest";
/// The ApplySet membership label.
pub const APPLYSET_PART_OF_LABEL: &str = "applyset.kubernetes.io/part-of";

/// A random credential: 32 characters from [A-Za-z0-9].
pub fn random_credential() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..32)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Builds the object to apply from a rendered one and the live object (if any).
pub fn desired(rendered: &Object, live: Option<&Object>, applyset_id: &str) -> Object {
    let mut object = rendered.clone();
    if object.kind() == "Secret" && object.api_version() == "v1" {
        secret_as_data(&mut object, live);
    }
    if crate::render::labels_are_copied(&object) {
        object.set_annotation(APPLYSET_PART_OF_LABEL, applyset_id);
    } else {
        object.set_label(APPLYSET_PART_OF_LABEL, applyset_id);
    }
    let digest = digest(&object);
    object.set_annotation(APPLIED_DIGEST_ANNOTATION, &digest);
    object
}

/// True when the live object already holds everything in `desired` (and was
/// last applied from the same digest), so no request is needed.
pub fn is_unchanged(desired: &Object, live: &Object) -> bool {
    !live.is_terminating()
        && live.annotation(APPLIED_DIGEST_ANNOTATION)
            == desired.annotation(APPLIED_DIGEST_ANNOTATION)
        && contains(&live.0, &desired.0)
}

/// `stringData` folded into base64 `data`; generated keys take the live value
/// when there is one, else a new random one.
fn secret_as_data(object: &mut Object, live: Option<&Object>) {
    let generated = generated_keys(object);
    let Some(map) = object.0.as_object_mut() else {
        return;
    };
    let string_data = match map.remove("stringData") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let data = map
        .entry("data")
        .or_insert_with(|| Value::Object(Map::new()));
    if !data.is_object() {
        *data = Value::Object(Map::new());
    }
    let data = data.as_object_mut().expect("made an object above");
    for (key, value) in string_data {
        let text = value.as_str().unwrap_or_default().to_string();
        data.insert(key, Value::String(STANDARD.encode(text)));
    }
    for key in generated {
        let kept = live
            .and_then(|l| l.get(&format!("/data/{}", escape_pointer(&key))))
            .and_then(Value::as_str)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let value = kept.unwrap_or_else(|| STANDARD.encode(random_credential()));
        data.insert(key, Value::String(value));
    }
}

fn escape_pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The sha256 of the object's JSON, hex.
pub fn digest(object: &Object) -> String {
    let text = serde_json::to_string(&object.0).unwrap_or_default();
    crate::sources::sha256_hex(text.as_bytes())[..32].to_string()
}

/// True when every field of `want` is in `have` with the same value
/// (lists element by element; numbers by value).
pub fn contains(have: &Value, want: &Value) -> bool {
    match (have, want) {
        (_, Value::Null) => true,
        (Value::Object(h), Value::Object(w)) => w.iter().all(|(k, wv)| match h.get(k) {
            Some(hv) => contains(hv, wv),
            None => {
                wv.is_null()
                    || wv.as_object().is_some_and(|m| m.is_empty())
                    || wv.as_array().is_some_and(|a| a.is_empty())
            }
        }),
        (Value::Array(h), Value::Array(w)) => {
            h.len() == w.len() && h.iter().zip(w).all(|(hv, wv)| contains(hv, wv))
        }
        (Value::Number(h), Value::Number(w)) => h.as_f64() == w.as_f64(),
        (h, w) => h == w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn secret() -> Object {
        Object::new(json!({
            "apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s", "namespace": "n", "annotations": {"opendatahub.io/odh-generated-keys": "password"}},
            "stringData": {"user": "admin", "password": ""}
        }))
    }

    #[test]
    fn generated_credentials_are_random_and_kept() {
        let first = desired(&secret(), None, "set");
        let password = first.str_at("/data/password").unwrap().to_string();
        assert_eq!(STANDARD.decode(&password).unwrap().len(), 32);
        assert_eq!(
            first.str_at("/data/user"),
            Some(STANDARD.encode("admin").as_str())
        );
        assert!(first.get("/stringData").is_none());
        let again = desired(&secret(), Some(&first), "set");
        assert_eq!(again.str_at("/data/password"), Some(password.as_str()));
        assert_eq!(again, first, "same input and live object: same digest");
        let other = desired(&secret(), None, "set");
        assert_ne!(other.str_at("/data/password"), Some(password.as_str()));
    }

    #[test]
    fn unchanged_needs_same_digest_and_fields() {
        let rendered = Object::new(
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "n"}, "data": {"a": "1"}}),
        );
        let want = desired(&rendered, None, "set");
        let mut live = want.clone();
        live.0["metadata"]["uid"] = json!("u");
        live.0["metadata"]["resourceVersion"] = json!("7");
        assert!(is_unchanged(&want, &live));
        live.0["data"]["a"] = json!("2");
        assert!(!is_unchanged(&want, &live), "drift in a field odh sets");
        let mut other = want.clone();
        other.0["metadata"]["annotations"][APPLIED_DIGEST_ANNOTATION] = json!("old");
        assert!(!is_unchanged(&want, &other), "applied from another digest");
        assert_eq!(want.label(APPLYSET_PART_OF_LABEL), Some("set"));
    }

    #[test]
    fn contains_compares_lists_by_position_and_numbers_by_value() {
        assert!(contains(
            &json!({"a": [{"x": 1, "y": 2}], "b": 3}),
            &json!({"a": [{"x": 1.0}]})
        ));
        assert!(!contains(&json!({"a": [1, 2]}), &json!({"a": [1]})));
        assert!(contains(&json!({}), &json!({"a": {}})));
    }
}
