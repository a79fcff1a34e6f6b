//! Turns one protobuf message into the JSON the same object has on the wire, driven by the
//! message table: zero scalars omitted unless the Go field is a pointer, inline structs merged,
//! maps as objects, bytes as base64, and the built-in messages (Time, IntOrString, Quantity, …)
//! in their JSON forms.

use super::table::{Field, Shape, Table, Ty};
use super::wire::{self, Wire};
use base64::Engine;
use serde_json::{Map, Value, json};
use std::time::{Duration, SystemTime};

fn malformed(msg: &str) -> String {
    format!("{msg}: the protobuf message is malformed")
}

fn string_field(b: &[u8], num: u32, msg: &str) -> Result<String, String> {
    let mut out = String::new();
    for (n, w) in wire::fields(b).ok_or_else(|| malformed(msg))? {
        if n == num
            && let Wire::Bytes(s) = w
        {
            out = std::str::from_utf8(s)
                .map_err(|_| format!("{msg}: a string is not UTF-8"))?
                .to_string();
        }
    }
    Ok(out)
}

fn time(b: &[u8], micro: bool) -> Result<Value, String> {
    let (mut secs, mut nanos) = (0i64, 0i64);
    for (n, w) in wire::fields(b).ok_or_else(|| malformed("Time"))? {
        match (n, w) {
            (1, Wire::Varint(v)) => secs = v as i64,
            (2, Wire::Varint(v)) => nanos = v as i64,
            _ => {}
        }
    }
    if secs <= 0 && nanos == 0 {
        return Ok(Value::Null);
    }
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(secs.max(0).unsigned_abs());
    let text = crate::util::rfc3339(at);
    if !micro {
        return Ok(json!(text));
    }
    let micros = nanos.clamp(0, 999_999_999) / 1000;
    Ok(json!(format!(
        "{}.{micros:06}Z",
        text.trim_end_matches('Z')
    )))
}

fn int_or_string(b: &[u8]) -> Result<Value, String> {
    let (mut typ, mut int, mut s) = (0u64, 0i64, String::new());
    for (n, w) in wire::fields(b).ok_or_else(|| malformed("IntOrString"))? {
        match (n, w) {
            (1, Wire::Varint(v)) => typ = v,
            (2, Wire::Varint(v)) => int = v as i64,
            (3, Wire::Bytes(v)) => s = String::from_utf8_lossy(v).into_owned(),
            _ => {}
        }
    }
    Ok(match typ {
        1 => json!(s),
        _ if int == 0 => Value::Null,
        _ => json!(int),
    })
}

fn embedded_json(b: &[u8], msg: &str) -> Result<Value, String> {
    for (n, w) in wire::fields(b).ok_or_else(|| malformed(msg))? {
        if let (1, Wire::Bytes(raw)) = (n, w) {
            return serde_json::from_slice(raw).map_err(|e| format!("{msg}: {e}"));
        }
    }
    Ok(Value::Null)
}

/// Decodes message `name`.
pub fn message(t: &Table, name: &str, b: &[u8]) -> Result<Value, String> {
    match name {
        "Time" => time(b, false),
        "MicroTime" => time(b, true),
        "IntOrString" => int_or_string(b),
        "Quantity" => {
            let q = string_field(b, 1, name)?;
            Ok(if q.is_empty() { Value::Null } else { json!(q) })
        }
        "RawExtension" | "FieldsV1" => embedded_json(b, name),
        _ => object(t, name, b),
    }
}

fn value(t: &Table, msg: &str, f: &Field, w: Wire) -> Result<Value, String> {
    let wrong = || format!("{msg}.{}: unexpected wire type", f.name);
    Ok(match (f.ty, w) {
        (Ty::Str, Wire::Bytes(s)) => {
            json!(std::str::from_utf8(s).map_err(|_| format!("{msg}.{}: not UTF-8", f.name))?)
        }
        (Ty::Bool, Wire::Varint(v)) => json!(v != 0),
        (Ty::Int, Wire::Varint(v)) => json!(v as i64),
        (Ty::Double, Wire::Fixed64(v)) => json!(f64::from_bits(v)),
        (Ty::Bytes, Wire::Bytes(s)) => json!(base64::engine::general_purpose::STANDARD.encode(s)),
        (Ty::Msg(m), Wire::Bytes(s)) => message(t, m, s)?,
        _ => return Err(wrong()),
    })
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_f64() == Some(0.0),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

fn map_entry(t: &Table, msg: &str, f: &Field, b: &[u8]) -> Result<(String, Value), String> {
    let (mut key, mut val) = (String::new(), None);
    for (n, w) in wire::fields(b).ok_or_else(|| malformed(msg))? {
        match (n, w) {
            (1, Wire::Bytes(k)) => key = String::from_utf8_lossy(k).into_owned(),
            (2, w) => val = Some(value(t, msg, f, w)?),
            _ => {}
        }
    }
    let empty = match f.ty {
        Ty::Str | Ty::Bytes => json!(""),
        _ => Value::Null,
    };
    Ok((key, val.unwrap_or(empty)))
}

fn object(t: &Table, name: &str, b: &[u8]) -> Result<Value, String> {
    let fields = t
        .get(name)
        .ok_or_else(|| format!("message {name} is not in the table"))?;
    let mut out = Map::new();
    for (num, w) in wire::fields(b).ok_or_else(|| malformed(name))? {
        // Unknown field numbers are skipped, as protobuf readers do.
        let Some(f) = fields.iter().find(|f| f.num == num) else {
            continue;
        };
        match f.shape {
            Shape::One if f.inline => {
                if let Value::Object(m) = value(t, name, f, w)? {
                    out.extend(m);
                }
            }
            Shape::One => {
                let v = value(t, name, f, w)?;
                let message = matches!(f.ty, Ty::Msg(_)) && !v.is_null();
                if message || f.pointer && !v.is_null() || !is_zero(&v) {
                    out.insert(f.name.to_string(), v);
                } else {
                    out.remove(f.name);
                }
            }
            Shape::Repeated => {
                let mut items = Vec::new();
                match (f.ty, w) {
                    (Ty::Int | Ty::Bool, Wire::Bytes(p)) => {
                        for v in wire::packed(p).ok_or_else(|| malformed(name))? {
                            items.push(value(t, name, f, Wire::Varint(v))?);
                        }
                    }
                    _ => items.push(value(t, name, f, w)?),
                }
                if let Value::Array(a) = out.entry(f.name).or_insert_with(|| json!([])) {
                    a.extend(items);
                }
            }
            Shape::Map => {
                let Wire::Bytes(entry) = w else {
                    return Err(format!("{name}.{}: unexpected wire type", f.name));
                };
                let (k, v) = map_entry(t, name, f, entry)?;
                if let Value::Object(m) = out.entry(f.name).or_insert_with(|| json!({})) {
                    m.insert(k, v);
                }
            }
        }
    }
    Ok(Value::Object(out))
}
