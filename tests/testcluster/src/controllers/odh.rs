//! The Open Data Hub operator: DSCInitialization Progressing → Ready, DataScienceCluster Ready with
//! `<Component>Ready` conditions (Error until a DSCInitialization is Ready), while the operator's
//! deployment is available.

use super::{Ctx, condition_true, conditions, set_condition};
use crate::util::{capitalize, is_deleting, meta_str};
use serde_json::{Map, json};

const MANAGER: &str = "opendatahub-operator";
const RELEASE: &str = "2.25.0";

fn component_condition(name: &str) -> String {
    let base = match name {
        "dashboard" => "Dashboard".to_string(),
        "workbenches" => "Workbenches".to_string(),
        "datasciencepipelines" => "DataSciencePipelines".to_string(),
        "aipipelines" => "AIPipelines".to_string(),
        "kserve" => "Kserve".to_string(),
        "modelmeshserving" => "ModelMeshServing".to_string(),
        "kueue" => "Kueue".to_string(),
        "ray" => "Ray".to_string(),
        "trustyai" => "TrustyAI".to_string(),
        "codeflare" => "CodeFlare".to_string(),
        "trainingoperator" => "TrainingOperator".to_string(),
        "modelregistry" => "ModelRegistry".to_string(),
        "feastoperator" => "FeastOperator".to_string(),
        "llamastackoperator" => "LlamaStackOperator".to_string(),
        "sparkoperator" => "SparkOperator".to_string(),
        other => capitalize(other),
    };
    format!("{base}Ready")
}

/// Whether the ODH operator's deployment is available somewhere.
fn operator_running(ctx: &Ctx) -> bool {
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return false;
    };
    ctx.st.store.iter(&dri.storage_key()).any(|d| {
        meta_str(d, "name") == "opendatahub-operator-controller-manager"
            && !is_deleting(d)
            && condition_true(d, "Available")
    })
}

pub fn reconcile(ctx: &mut Ctx) {
    let dsci_ri = ctx.ri("dscinitialization.opendatahub.io", "dscinitializations");
    let dsc_ri = ctx.ri("datasciencecluster.opendatahub.io", "datascienceclusters");
    if (dsci_ri.is_none() && dsc_ri.is_none()) || !operator_running(ctx) {
        return;
    }
    let release = json!({"name": "Open Data Hub", "version": RELEASE});
    let mut dsci_ready = false;
    if let Some(ri) = &dsci_ri {
        for d in ctx.objects(ri) {
            if is_deleting(&d) {
                continue;
            }
            let key = format!(
                "dsci/{}/{}",
                meta_str(&d, "uid"),
                d["metadata"]["generation"]
            );
            let ready_after = ctx.ready_after_for(&d);
            let ready = ctx.after(&key, ready_after);
            if let Some(ns) = d["spec"]["applicationsNamespace"]
                .as_str()
                .or(Some("opendatahub"))
                && let Some(nsri) = ctx.ri("", "namespaces")
                && ctx.get(&nsri, "", ns).is_none()
            {
                ctx.create(&nsri, json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns, "labels": {"opendatahub.io/generated-namespace": "true"}}}), MANAGER);
            }
            let mut conds = conditions(&d);
            let phase = if ready {
                dsci_ready = true;
                set_condition(
                    &mut conds,
                    "Available",
                    "True",
                    "ReconcileCompleted",
                    "DSCInitialization resource reconciled successfully",
                    false,
                );
                set_condition(
                    &mut conds,
                    "ReconcileComplete",
                    "True",
                    "ReconcileCompleted",
                    "Reconcile completed successfully",
                    false,
                );
                "Ready"
            } else {
                set_condition(
                    &mut conds,
                    "ReconcileComplete",
                    "Unknown",
                    "Reconciling",
                    "Reconcile in progress",
                    false,
                );
                "Progressing"
            };
            let status = json!({"phase": phase, "conditions": conds, "release": release, "observedGeneration": d["metadata"]["generation"]});
            let changed = d["status"]["phase"] != phase
                || d["status"]["observedGeneration"] != d["metadata"]["generation"];
            if changed {
                ctx.set_status(ri, &d, status, MANAGER);
            }
        }
    }
    let Some(ri) = dsc_ri else { return };
    for d in ctx.objects(&ri) {
        if is_deleting(&d) {
            continue;
        }
        let mut conds = conditions(&d);
        if !dsci_ready {
            set_condition(
                &mut conds,
                "ReconcileComplete",
                "False",
                "Error",
                "failed to get a valid DSCInitialization instance, please create a DSCI instance",
                false,
            );
            set_condition(
                &mut conds,
                "Ready",
                "False",
                "Error",
                "failed to get a valid DSCInitialization instance, please create a DSCI instance",
                false,
            );
            if d["status"]["phase"] != "Error" {
                ctx.set_status(
                    &ri,
                    &d,
                    json!({"phase": "Error", "conditions": conds, "release": release}),
                    MANAGER,
                );
            }
            continue;
        }
        let key = format!(
            "dsc/{}/{}",
            meta_str(&d, "uid"),
            d["metadata"]["generation"]
        );
        let ready_after = ctx.ready_after_for(&d);
        if !ctx.after(&key, ready_after) {
            if d["status"]["phase"] != "Progressing"
                && d["status"]["observedGeneration"] != d["metadata"]["generation"]
            {
                set_condition(
                    &mut conds,
                    "ReconcileComplete",
                    "Unknown",
                    "Reconciling",
                    "Reconcile in progress",
                    false,
                );
                ctx.set_status(
                    &ri,
                    &d,
                    json!({"phase": "Progressing", "conditions": conds, "release": release}),
                    MANAGER,
                );
            }
            continue;
        }
        let mut installed = Map::new();
        let mut comp_status = Map::new();
        let components = d["spec"]["components"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        if components
            .get("kserve")
            .is_some_and(|k| k["managementState"] == "Managed")
        {
            install_kserve_crds(ctx);
        }
        for (name, c) in &components {
            let state = c["managementState"].as_str().unwrap_or("Removed");
            let typ = component_condition(name);
            if state == "Managed" {
                set_condition(
                    &mut conds,
                    &typ,
                    "True",
                    "ReconcileCompleted",
                    "Component reconciled successfully",
                    false,
                );
                installed.insert(name.clone(), json!(true));
            } else {
                set_condition(
                    &mut conds,
                    &typ,
                    "False",
                    "Removed",
                    &format!("Component ManagementState is set to {state}"),
                    false,
                );
                installed.insert(name.clone(), json!(false));
            }
            comp_status.insert(name.clone(), json!({"managementState": state}));
        }
        set_condition(
            &mut conds,
            "ReconcileComplete",
            "True",
            "ReconcileCompleted",
            "Reconcile completed successfully",
            false,
        );
        set_condition(
            &mut conds,
            "Available",
            "True",
            "ReconcileCompleted",
            "DataScienceCluster resource reconciled successfully",
            false,
        );
        set_condition(&mut conds, "Ready", "True", "Ready", "Ready", false);
        let status = json!({
            "phase": "Ready",
            "conditions": conds,
            "installedComponents": installed,
            "components": comp_status,
            "release": release,
            "observedGeneration": d["metadata"]["generation"]
        });
        let mut cmp = status.clone();
        let mut cur = d["status"].clone();
        for v in [&mut cmp, &mut cur] {
            if let Some(cs) = v["conditions"].as_array_mut() {
                for c in cs {
                    c.as_object_mut().map(|m| m.remove("lastTransitionTime"));
                }
            }
        }
        if cmp != cur {
            ctx.set_status(&ri, &d, status, MANAGER);
        }
    }
}

/// A Managed `kserve` component brings the KServe CRDs, as the operator deploys KServe.
fn install_kserve_crds(ctx: &mut Ctx) {
    let Some(crd_ri) = ctx.ri("apiextensions.k8s.io", "customresourcedefinitions") else {
        return;
    };
    let crds = [
        (
            "inferenceservices",
            "InferenceService",
            &["isvc"][..],
            &["v1beta1"][..],
        ),
        (
            "servingruntimes",
            "ServingRuntime",
            &[][..],
            &["v1alpha1"][..],
        ),
    ];
    for (plural, kind, short, versions) in crds {
        if ctx
            .get(&crd_ri, "", &format!("{plural}.serving.kserve.io"))
            .is_none()
        {
            let crd =
                crate::crd::simple_crd("serving.kserve.io", plural, kind, short, true, versions);
            ctx.create(&crd_ri, crd, MANAGER);
        }
    }
}
