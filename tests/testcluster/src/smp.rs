//! Strategic merge patch (`application/strategic-merge-patch+json`) for built-in kinds.
//!
//! Typed by the message table: a list merges only where its Go field carries
//! `patchStrategy:"merge"` (by `patchMergeKey` for lists of objects, as a set for scalars),
//! `patchStrategy:"replace"` replaces, `retainKeys` honours `$retainKeys`; every other list is
//! replaced whole (kubernetes/api@v0.33.13 types.go tags, recorded in `proto/messages.txt`).
//! Directives: `$patch: replace|delete|merge`, `$retainKeys`, `$setElementOrder/<list>`,
//! `$deleteFromPrimitiveList/<list>`, as in kubernetes/apimachinery@v0.33.13
//! pkg/util/strategicpatch. Kinds the table does not describe merge lists of objects by the
//! usual keys (`fields::keys_for`).

use crate::proto::{Field, Shape, Ty, messages};
use serde_json::{Map, Value};

const ORDER: &str = "$setElementOrder/";
const DELETE_FROM: &str = "$deleteFromPrimitiveList/";

/// How the patch treats one list: its merge key (None for a set of scalars), if it merges.
#[derive(Clone, Copy)]
enum ListRule {
    Replace,
    Merge(Option<&'static str>),
    /// An untyped list of objects merged by the usual key fields.
    Guess,
}

/// The field of message `msg` named `key` (looking into inline structs).
fn field_of(msg: &str, key: &str) -> Option<&'static Field> {
    let fields = messages().get(msg)?;
    fields
        .iter()
        .find(|f| !f.inline && f.name == key)
        .or_else(|| {
            fields.iter().filter(|f| f.inline).find_map(|f| match f.ty {
                Ty::Msg(m) => field_of(m, key),
                _ => None,
            })
        })
}

/// The message describing a field's values, when they are objects of a known message.
fn child(f: Option<&Field>) -> Option<&'static str> {
    f.filter(|f| f.shape != Shape::Map)
        .and_then(|f| match f.ty {
            Ty::Msg(m) if messages().contains_key(m) => Some(m),
            _ => None,
        })
}

fn rule(f: Option<&Field>, typed: bool) -> ListRule {
    match f {
        Some(f) if f.patch.merge => ListRule::Merge(f.patch.key),
        Some(_) => ListRule::Replace,
        None if typed => ListRule::Replace,
        None => ListRule::Guess,
    }
}

/// Applies a strategic merge patch to `live` (an object of `kind`).
///
/// # Errors
/// A message naming what is wrong with the patch.
pub fn apply(kind: &str, live: &mut Value, patch: &Value) -> Result<(), String> {
    let msg = messages().get_key_value(kind).map(|(k, _)| *k);
    match (live.as_object_mut(), patch.as_object()) {
        (Some(l), Some(p)) => merge_map(l, p, msg, msg.is_some()).map(|_| ()),
        _ => Err("a strategic merge patch must be a JSON object".into()),
    }
}

/// What happens to a map after merging a patch into it.
#[derive(PartialEq, Eq)]
enum After {
    Keep,
    Delete,
}

fn strings(v: &Value, what: &str) -> Result<Vec<Value>, String> {
    v.as_array()
        .cloned()
        .ok_or_else(|| format!("{what} must be a list"))
}

fn merge_map(
    live: &mut Map<String, Value>,
    patch: &Map<String, Value>,
    msg: Option<&'static str>,
    typed: bool,
) -> Result<After, String> {
    match patch.get("$patch").map(|v| v.as_str()) {
        None | Some(Some("merge")) => {}
        Some(Some("delete")) => return Ok(After::Delete),
        Some(Some("replace")) => {
            live.clear();
            let mut rest = patch.clone();
            rest.remove("$patch");
            return merge_map(live, &rest, msg, typed);
        }
        Some(other) => {
            return Err(format!(
                "unknown patch type: {}",
                other.unwrap_or("(not a string)")
            ));
        }
    }
    let mut orders: Vec<(&str, Vec<Value>)> = Vec::new();
    for (k, pv) in patch {
        if let Some(list) = k.strip_prefix(DELETE_FROM) {
            let gone = strings(pv, k)?;
            if let Some(Value::Array(a)) = live.get_mut(list) {
                a.retain(|x| !gone.contains(x));
            }
        } else if let Some(list) = k.strip_prefix(ORDER) {
            orders.push((list, strings(pv, k)?));
        }
    }
    for (k, pv) in patch {
        if k.starts_with('$') {
            continue;
        }
        if pv.is_null() {
            live.remove(k);
            continue;
        }
        let f = msg.and_then(|m| field_of(m, k));
        let order = orders
            .iter()
            .find(|(l, _)| l == k)
            .map(|(_, o)| o.as_slice());
        let replace = f.is_some_and(|f| f.patch.replace);
        let sub_typed = typed && f.is_some();
        match pv {
            Value::Object(pm) if !replace => {
                let entry = live
                    .entry(k.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !entry.is_object() {
                    *entry = Value::Object(Map::new());
                }
                let lm = entry.as_object_mut().expect("an object");
                if merge_map(lm, pm, child(f), sub_typed)? == After::Delete {
                    live.remove(k);
                }
            }
            Value::Array(pa) if !replace => {
                let entry = live
                    .entry(k.clone())
                    .or_insert_with(|| Value::Array(vec![]));
                if !entry.is_array() {
                    *entry = Value::Array(vec![]);
                }
                let la = entry.as_array_mut().expect("a list");
                merge_list(la, pa, k, rule(f, typed), child(f), order, sub_typed)?;
            }
            other => {
                let mut fresh = Map::new();
                let v = match other {
                    Value::Object(pm) => {
                        merge_map(&mut fresh, pm, child(f), sub_typed)?;
                        Value::Object(fresh)
                    }
                    v => v.clone(),
                };
                live.insert(k.clone(), v);
            }
        }
    }
    for (list, order) in &orders {
        if patch.contains_key(*list) {
            continue;
        }
        let f = msg.and_then(|m| field_of(m, list));
        if let Some(Value::Array(la)) = live.get_mut(*list) {
            let key = match rule(f, typed) {
                ListRule::Merge(k) => k,
                _ => None,
            };
            reorder(la, order, key);
        }
    }
    if let Some(keep) = patch.get("$retainKeys") {
        let keep = strings(keep, "$retainKeys")?;
        live.retain(|k, _| keep.iter().any(|x| x.as_str() == Some(k.as_str())));
    }
    Ok(After::Keep)
}

fn key_of(item: &Value, key: &str) -> Option<Value> {
    item.get(key).cloned()
}

fn guessed_key(field: &str, items: &[Value]) -> Option<&'static str> {
    crate::fields::list_keys(field, items)?.first().copied()
}

#[allow(clippy::too_many_arguments)]
fn merge_list(
    live: &mut Vec<Value>,
    patch: &[Value],
    field: &str,
    rule: ListRule,
    msg: Option<&'static str>,
    order: Option<&[Value]>,
    typed: bool,
) -> Result<(), String> {
    let key = match rule {
        ListRule::Replace => None,
        ListRule::Merge(k) => k,
        ListRule::Guess => match guessed_key(field, patch) {
            Some(k) if live.iter().all(|i| i.get(k).is_some()) => Some(k),
            _ => {
                *live = fresh_list(patch, msg, typed)?;
                return Ok(());
            }
        },
    };
    if matches!(rule, ListRule::Replace) {
        *live = fresh_list(patch, msg, typed)?;
        return Ok(());
    }
    let Some(key) = key else {
        // A set of scalars: union.
        for v in patch {
            if !live.contains(v) {
                live.push(v.clone());
            }
        }
        if let Some(o) = order {
            reorder(live, o, None);
        }
        return Ok(());
    };
    if patch.iter().any(|p| p["$patch"] == "replace") {
        let rest: Vec<Value> = patch
            .iter()
            .filter(|p| p["$patch"] != "replace")
            .cloned()
            .collect();
        *live = fresh_list(&rest, msg, typed)?;
        return Ok(());
    }
    for p in patch {
        let Some(pm) = p.as_object() else {
            return Err(format!("{field}: expected a list of objects, got {p}"));
        };
        let Some(k) = key_of(p, key) else {
            return Err(format!(
                "map: {p} does not contain declared merge key: {key}"
            ));
        };
        let at = live
            .iter()
            .position(|l| key_of(l, key).as_ref() == Some(&k));
        if pm.get("$patch").and_then(Value::as_str) == Some("delete") {
            if let Some(i) = at {
                live.remove(i);
            }
            continue;
        }
        match at {
            Some(i) => {
                if let Some(lm) = live[i].as_object_mut()
                    && merge_map(lm, pm, msg, typed)? == After::Delete
                {
                    live.remove(i);
                }
            }
            None => {
                let mut fresh = Map::new();
                merge_map(&mut fresh, pm, msg, typed)?;
                live.push(Value::Object(fresh));
            }
        }
    }
    if let Some(o) = order {
        reorder(live, o, Some(key));
    }
    Ok(())
}

/// A patch list with its directives resolved against nothing.
fn fresh_list(
    patch: &[Value],
    msg: Option<&'static str>,
    typed: bool,
) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for p in patch {
        match p {
            Value::Object(pm) => {
                let mut fresh = Map::new();
                if merge_map(&mut fresh, pm, msg, typed)? == After::Keep {
                    out.push(Value::Object(fresh));
                }
            }
            v => out.push(v.clone()),
        }
    }
    Ok(out)
}

/// Orders a list by `$setElementOrder`: the items it names in its order, the others keeping
/// their place relative to the items around them in the live list.
fn reorder(live: &mut Vec<Value>, order: &[Value], key: Option<&str>) {
    let id = |v: &Value| match key {
        Some(k) => v.get(k).cloned().unwrap_or(Value::Null),
        None => v.clone(),
    };
    let wanted: Vec<Value> = order.iter().map(&id).collect();
    let pos = |v: &Value| wanted.iter().position(|w| *w == id(v));
    let original: Vec<Value> = live.iter().map(&id).collect();
    let mut named: Vec<Value> = live.iter().filter(|v| pos(v).is_some()).cloned().collect();
    named.sort_by_key(|v| pos(v));
    let others: Vec<Value> = live.iter().filter(|v| pos(v).is_none()).cloned().collect();
    let at = |v: &Value| original.iter().position(|o| *o == id(v));
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(live.len());
    while i < named.len() || j < others.len() {
        let take_named = match (named.get(i), others.get(j)) {
            (Some(n), Some(o)) => matches!((at(n), at(o)), (Some(a), Some(b)) if a < b),
            (Some(_), None) => true,
            _ => false,
        };
        if take_named {
            out.push(named[i].clone());
            i += 1;
        } else {
            out.push(others[j].clone());
            j += 1;
        }
    }
    *live = out;
}

#[cfg(test)]
mod tests;
