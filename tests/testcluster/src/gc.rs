//! The garbage collector: deletes dependents whose owners are gone, propagates foreground
//! deletion, orphans dependents, and clears the `foregroundDeletion` / `orphan` finalizers.

use crate::controllers::{Ctx, KCM};
use crate::util::{finalizers, is_deleting, meta_str, set_finalizers};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

pub fn reconcile(ctx: &mut Ctx) {
    let keys = ctx.st.store.resources();
    let mut dependents: HashMap<String, usize> = HashMap::new();
    let mut with_owners: Vec<(crate::registry::ResourceInfo, Arc<Value>)> = Vec::new();
    let mut finalizing: Vec<(crate::registry::ResourceInfo, Arc<Value>)> = Vec::new();
    for k in keys {
        let Some(ri) = ctx.st.registry.by_group_resource(&k.0, &k.1).cloned() else {
            continue;
        };
        for o in ctx.st.store.iter(&k) {
            if let Some(refs) = o["metadata"]["ownerReferences"].as_array() {
                for r in refs {
                    if let Some(uid) = r["uid"].as_str() {
                        *dependents.entry(uid.to_string()).or_default() += 1;
                    }
                }
                with_owners.push((ri.clone(), o.clone()));
            }
            if is_deleting(o)
                && finalizers(o)
                    .iter()
                    .any(|f| f == "foregroundDeletion" || f == "orphan")
            {
                finalizing.push((ri.clone(), o.clone()));
            }
        }
    }
    for (ri, o) in with_owners {
        if is_deleting(&o) {
            continue;
        }
        let refs = o["metadata"]["ownerReferences"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut live = Vec::new();
        for r in &refs {
            let uid = r["uid"].as_str().unwrap_or("");
            if let Some((rk, (ons, oname))) = ctx.st.store.by_uid(uid).cloned() {
                live.push((r.clone(), ctx.st.store.get(&rk, &ons, &oname).cloned()));
            }
        }
        let ns = meta_str(&o, "namespace").to_string();
        let name = meta_str(&o, "name").to_string();
        if live.is_empty() {
            ctx.delete(&ri, &ns, &name, None);
            continue;
        }
        let mut orphaned = Vec::new();
        let mut foreground = false;
        for (r, owner) in &live {
            let Some(owner) = owner else { continue };
            if !is_deleting(owner) {
                continue;
            }
            let f = finalizers(owner);
            if f.iter().any(|x| x == "orphan") {
                orphaned.push(r["uid"].clone());
            } else if f.iter().any(|x| x == "foregroundDeletion") {
                foreground = true;
            }
        }
        if foreground && orphaned.is_empty() {
            ctx.delete(&ri, &ns, &name, Some("Foreground"));
        } else if !orphaned.is_empty() {
            let kept: Vec<Value> = refs
                .into_iter()
                .filter(|r| !orphaned.contains(&r["uid"]))
                .collect();
            let mut new = (*o).clone();
            if kept.is_empty() {
                if let Some(m) = new["metadata"].as_object_mut() {
                    m.remove("ownerReferences");
                }
            } else {
                new["metadata"]["ownerReferences"] = json!(kept);
            }
            ctx.update(&ri, new, KCM);
        }
    }
    for (ri, o) in finalizing {
        let uid = meta_str(&o, "uid");
        if dependents.get(uid).copied().unwrap_or(0) > 0 {
            continue;
        }
        let left: Vec<String> = finalizers(&o)
            .into_iter()
            .filter(|f| f != "foregroundDeletion" && f != "orphan")
            .collect();
        let mut new = (*o).clone();
        set_finalizers(&mut new, &left);
        ctx.update(&ri, new, KCM);
    }
}
