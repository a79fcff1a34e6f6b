//! The CRD controller: NamesAccepted/Established (after an optional delay), serving the defined
//! resources, and cleanup of custom resources when a CRD is deleted.

use super::Ctx;
use crate::crd;
use crate::util::{finalizers, is_deleting, meta_str};
use serde_json::Value;

const CLEANUP: &str = "customresourcecleanup.apiextensions.k8s.io";

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("apiextensions.k8s.io", "customresourcedefinitions") else {
        return;
    };
    let crds = ctx.objects(&ri);
    let mut alive = Vec::new();
    for c in crds {
        let name = meta_str(&c, "name").to_string();
        let group = c["spec"]["group"].as_str().unwrap_or("").to_string();
        let plural = c["spec"]["names"]["plural"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if is_deleting(&c) {
            let key = (group.clone(), plural.clone());
            let remaining: Vec<Value> = ctx.st.store.iter(&key).map(|o| (**o).clone()).collect();
            if let Some(cr_ri) = ctx.st.registry.by_group_resource(&group, &plural).cloned() {
                for o in &remaining {
                    if !is_deleting(o) {
                        ctx.delete(&cr_ri, meta_str(o, "namespace"), meta_str(o, "name"), None);
                    }
                }
            }
            let left = ctx.st.store.iter(&key).count();
            if left > 0 {
                // Still served while its custom resources go, so their finalizers can be removed.
                alive.push(name.clone());
            } else {
                ctx.st.registry.remove(&group, &plural);
                ctx.st.sim.crd_registered.remove(&name);
                let fins: Vec<String> = finalizers(&c)
                    .into_iter()
                    .filter(|f| f != CLEANUP)
                    .collect();
                if fins.len() != finalizers(&c).len() {
                    let mut new = (*c).clone();
                    crate::util::set_finalizers(&mut new, &fins);
                    ctx.update(&ri, new, "kube-apiserver");
                }
            }
            continue;
        }
        alive.push(name.clone());
        if !crd::is_established(&c) {
            let delay = ctx.st.crd_established_after;
            if !ctx.after(&format!("crd-established/{}", meta_str(&c, "uid")), delay) {
                continue;
            }
            let mut new = (*c).clone();
            crd::mark_established(&mut new);
            let status = new["status"].clone();
            ctx.set_status(&ri, &c, status, "kube-apiserver");
        }
        let gen_key = format!("{}/{}", meta_str(&c, "uid"), c["metadata"]["generation"]);
        if ctx.st.sim.crd_registered.get(&name) != Some(&gen_key) {
            ctx.st.registry.remove(&group, &plural);
            for r in crd::resources_of(&c) {
                ctx.st.registry.add(r);
            }
            ctx.st.sim.crd_registered.insert(name, gen_key);
        }
    }
    let stale: Vec<String> = ctx
        .st
        .sim
        .crd_registered
        .keys()
        .filter(|n| !alive.contains(n))
        .cloned()
        .collect();
    for n in stale {
        if let Some((plural, group)) = n.split_once('.') {
            ctx.st.registry.remove(group, plural);
        }
        ctx.st.sim.crd_registered.remove(&n);
    }
}
