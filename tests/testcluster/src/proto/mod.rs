//! Request bodies in `application/vnd.kubernetes.protobuf`, as kubectl's typed clients send them
//! (`kubectl create namespace|configmap|secret|deployment|job …`, `create token`, `auth can-i`):
//! the `k8s\0` magic, a `runtime.Unknown` envelope naming apiVersion and kind, and the typed
//! message, decoded into the object's JSON form with the field table in `messages.txt`.
//! Answers are JSON, which clients accept whatever they asked for.
//!
//! The envelope (kubernetes/apimachinery@v0.33.13:pkg/runtime/generated.proto, `Unknown`):
//! 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType.

mod decode;
mod table;
mod wire;

use serde_json::{Value, json};
use wire::Wire;

pub use table::{Field, Shape, Ty, table as messages};

/// The media type of Kubernetes protobuf bodies.
pub const MEDIA_TYPE: &str = "application/vnd.kubernetes.protobuf";

/// Whether a Content-Type names the Kubernetes protobuf encoding.
pub fn is_protobuf(content_type: &str) -> bool {
    content_type.split(';').next().map(str::trim) == Some(MEDIA_TYPE)
}

/// Why a protobuf body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum ProtoError {
    /// A well-formed envelope around a kind the table does not describe.
    UnknownKind(String),
    /// Not a valid envelope or message.
    Malformed(String),
}

fn envelope(body: &[u8]) -> Result<(String, String, &[u8]), ProtoError> {
    let bad = |why: &str| ProtoError::Malformed(why.to_string());
    let rest = body
        .strip_prefix(b"k8s\x00")
        .ok_or_else(|| bad("the body does not start with the protobuf magic k8s\\0"))?;
    let fields = wire::fields(rest).ok_or_else(|| bad("the protobuf envelope is malformed"))?;
    let (mut api_version, mut kind, mut raw, mut encoding) =
        (String::new(), String::new(), None, "");
    for (n, w) in fields {
        match (n, w) {
            (1, Wire::Bytes(tm)) => {
                for (tn, tw) in wire::fields(tm).ok_or_else(|| bad("malformed typeMeta"))? {
                    match (tn, tw) {
                        (1, Wire::Bytes(s)) => api_version = String::from_utf8_lossy(s).into(),
                        (2, Wire::Bytes(s)) => kind = String::from_utf8_lossy(s).into(),
                        _ => {}
                    }
                }
            }
            (2, Wire::Bytes(r)) => raw = Some(r),
            (3, Wire::Bytes(e)) => encoding = std::str::from_utf8(e).unwrap_or("?"),
            _ => {}
        }
    }
    if !encoding.is_empty() {
        return Err(bad(&format!(
            "contentEncoding {encoding:?} is not supported"
        )));
    }
    if kind.is_empty() {
        return Err(bad("the protobuf envelope names no kind"));
    }
    Ok((api_version, kind, raw.unwrap_or(&[])))
}

/// Decodes a protobuf request body into the object's JSON form (with apiVersion and kind).
pub fn decode_object(body: &[u8]) -> Result<Value, ProtoError> {
    let (api_version, kind, raw) = envelope(body)?;
    let t = table::table();
    if !t.contains_key(kind.as_str()) || table::BUILT_IN.contains(&kind.as_str()) {
        return Err(ProtoError::UnknownKind(kind));
    }
    let fields = decode::message(t, &kind, raw).map_err(ProtoError::Malformed)?;
    let mut obj = json!({"apiVersion": api_version, "kind": kind});
    if let (Some(o), Value::Object(f)) = (obj.as_object_mut(), fields) {
        o.extend(f);
    }
    Ok(obj)
}

#[cfg(test)]
mod tests;
