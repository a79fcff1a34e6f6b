//! A tiny decoder for the one protobuf request kubectl insists on sending: SelfSubjectAccessReview
//! (`kubectl auth can-i`). Answers are sent as JSON, which kubectl also accepts.

use serde_json::{Map, Value, json};

fn varint(b: &[u8], i: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*i)?;
        *i += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Length-delimited fields of a message as (field number, bytes); other wire types are skipped.
fn fields(b: &[u8]) -> Option<Vec<(u64, &[u8])>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let key = varint(b, &mut i)?;
        match key & 7 {
            0 => {
                varint(b, &mut i)?;
            }
            1 => i += 8,
            5 => i += 4,
            2 => {
                let len = usize::try_from(varint(b, &mut i)?).ok()?;
                let end = i.checked_add(len)?;
                out.push((key >> 3, b.get(i..end)?));
                i = end;
            }
            _ => return None,
        }
    }
    Some(out)
}

fn strings(b: &[u8], names: &[(u64, &str)]) -> Option<Value> {
    let mut m = Map::new();
    for (n, bytes) in fields(b)? {
        if let Some((_, name)) = names.iter().find(|(num, _)| *num == n) {
            let s = String::from_utf8_lossy(bytes).into_owned();
            if !s.is_empty() {
                m.insert((*name).to_string(), json!(s));
            }
        }
    }
    Some(Value::Object(m))
}

/// Decodes a protobuf-encoded SelfSubjectAccessReview into its JSON form.
pub fn access_review(body: &[u8]) -> Option<Value> {
    let rest = body.strip_prefix(b"k8s\x00")?;
    let raw = fields(rest)?.into_iter().find(|(n, _)| *n == 2)?.1;
    let spec = fields(raw)?.into_iter().find(|(n, _)| *n == 2)?.1;
    let mut out = Map::new();
    for (n, bytes) in fields(spec)? {
        match n {
            1 => {
                out.insert(
                    "resourceAttributes".into(),
                    strings(
                        bytes,
                        &[
                            (1, "namespace"),
                            (2, "verb"),
                            (3, "group"),
                            (4, "version"),
                            (5, "resource"),
                            (6, "subresource"),
                            (7, "name"),
                        ],
                    )?,
                );
            }
            2 => {
                out.insert(
                    "nonResourceAttributes".into(),
                    strings(bytes, &[(1, "path"), (2, "verb")])?,
                );
            }
            _ => {}
        }
    }
    Some(
        json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": Value::Object(out)}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_kubectl_auth_can_i() {
        // The request recorded from `kubectl auth can-i create configmaps -n tx-main`.
        let hex = "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a65637441636365737352657669657712450a100a0012001a0022002a0032003800420012270a250a0774782d6d61696e12066372656174651a0022002a0a636f6e6669676d61707332003a001a08080012001a0020001a002200";
        let clean: String = hex.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes: Vec<u8> = (0..clean.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&clean[i..i + 2], 16).unwrap())
            .collect();
        let v = access_review(&bytes).unwrap();
        assert_eq!(
            v["spec"]["resourceAttributes"],
            json!({"namespace": "tx-main", "verb": "create", "resource": "configmaps"})
        );
    }
}
