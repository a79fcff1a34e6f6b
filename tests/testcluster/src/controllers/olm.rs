//! OLM: CatalogSources report READY, OperatorGroups list their namespaces, a Subscription gets an
//! InstallPlan, then a ClusterServiceVersion whose deployment (and, for `opendatahub-operator`,
//! CRDs) are created; the CSV reaches Succeeded once the deployment is available.

use super::{Ctx, condition_true};
use crate::controllers::workloads::owner_ref;
use crate::crd::simple_crd;
use crate::util::{is_deleting, meta_str, now_rfc3339, random_suffix};
use serde_json::{Value, json};

const OLM: &str = "catalog-operator";
const ODH_PACKAGE: &str = "opendatahub-operator";
const ODH_VERSION: &str = "2.25.0";

fn csv_name(sub: &Value) -> String {
    if let Some(s) = sub["spec"]["startingCSV"]
        .as_str()
        .filter(|s| !s.is_empty())
    {
        return s.to_string();
    }
    let pkg = sub["spec"]["name"].as_str().unwrap_or("operator");
    if pkg == ODH_PACKAGE {
        format!("{pkg}.v{ODH_VERSION}")
    } else {
        format!("{pkg}.v1.0.0")
    }
}

fn package_of(csv: &str) -> &str {
    csv.split(".v").next().unwrap_or(csv)
}

/// The CRDs the ODH operator owns.
pub fn odh_crds() -> Vec<Value> {
    vec![
        simple_crd(
            "dscinitialization.opendatahub.io",
            "dscinitializations",
            "DSCInitialization",
            &["dsci"],
            false,
            &["v1", "v2"],
        ),
        simple_crd(
            "datasciencecluster.opendatahub.io",
            "datascienceclusters",
            "DataScienceCluster",
            &["dsc"],
            false,
            &["v1", "v2"],
        ),
    ]
}

fn operator_deployment(csv: &Value) -> Value {
    let name = meta_str(csv, "name");
    let pkg = package_of(name);
    let ns = meta_str(csv, "namespace");
    let version = name.rsplit(".v").next().unwrap_or("1.0.0");
    let image = if pkg == ODH_PACKAGE {
        format!("quay.io/opendatahub/opendatahub-operator:v{version}")
    } else {
        format!("quay.io/operators/{pkg}:v{version}")
    };
    let dep_name = format!("{pkg}-controller-manager");
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {
            "name": dep_name, "namespace": ns,
            "labels": {"olm.owner": name, "olm.owner.kind": "ClusterServiceVersion", "olm.owner.namespace": ns, "control-plane": "controller-manager"},
            "ownerReferences": [owner_ref(csv, "ClusterServiceVersion", "operators.coreos.com/v1alpha1")]
        },
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"control-plane": "controller-manager", "app.kubernetes.io/name": pkg}},
            "template": {
                "metadata": {"labels": {"control-plane": "controller-manager", "app.kubernetes.io/name": pkg}},
                "spec": {"containers": [{"name": "manager", "image": image}]}
            }
        }
    })
}

pub fn reconcile(ctx: &mut Ctx) {
    let (Some(sub_ri), Some(ip_ri), Some(csv_ri), Some(og_ri), Some(cs_ri)) = (
        ctx.ri("operators.coreos.com", "subscriptions"),
        ctx.ri("operators.coreos.com", "installplans"),
        ctx.ri("operators.coreos.com", "clusterserviceversions"),
        ctx.ri("operators.coreos.com", "operatorgroups"),
        ctx.ri("operators.coreos.com", "catalogsources"),
    ) else {
        return;
    };
    for cs in ctx.objects(&cs_ri) {
        if is_deleting(&cs) || cs["status"]["connectionState"]["lastObservedState"] == "READY" {
            continue;
        }
        let addr = format!(
            "{}.{}.svc:50051",
            meta_str(&cs, "name"),
            meta_str(&cs, "namespace")
        );
        let now = now_rfc3339();
        let status = json!({
            "connectionState": {"address": addr, "lastConnect": now, "lastObservedState": "READY"},
            "registryService": {"createdAt": now, "port": "50051", "protocol": "grpc", "serviceName": meta_str(&cs, "name"), "serviceNamespace": meta_str(&cs, "namespace")}
        });
        ctx.set_status(&cs_ri, &cs, status, OLM);
    }
    for og in ctx.objects(&og_ri) {
        if is_deleting(&og) || og["status"]["namespaces"].is_array() {
            continue;
        }
        let targets = og["spec"]["targetNamespaces"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| vec![json!("")]);
        ctx.set_status(
            &og_ri,
            &og,
            json!({"namespaces": targets, "lastUpdated": now_rfc3339()}),
            "olm-operator",
        );
    }
    subscriptions(ctx, &sub_ri, &ip_ri, &csv_ri, &cs_ri);
    csvs(ctx, &csv_ri, &og_ri);
}

fn subscriptions(
    ctx: &mut Ctx,
    sub_ri: &crate::registry::ResourceInfo,
    ip_ri: &crate::registry::ResourceInfo,
    csv_ri: &crate::registry::ResourceInfo,
    cs_ri: &crate::registry::ResourceInfo,
) {
    for sub in ctx.objects(sub_ri) {
        if is_deleting(&sub) {
            continue;
        }
        let ns = meta_str(&sub, "namespace").to_string();
        let source = sub["spec"]["source"].as_str().unwrap_or("");
        let source_ns = sub["spec"]["sourceNamespace"]
            .as_str()
            .unwrap_or("openshift-marketplace");
        let csv = csv_name(&sub);
        let now = now_rfc3339();
        if ctx.get(cs_ri, source_ns, source).is_none() {
            let status = json!({
                "state": "",
                "conditions": [{"type": "ResolutionFailed", "status": "True", "reason": "ConstraintsNotSatisfiable",
                    "message": format!("no operators found from catalog {source} in namespace {source_ns} referenced by subscription {}", meta_str(&sub, "name")),
                    "lastTransitionTime": now}],
                "lastUpdated": now
            });
            if sub["status"]["conditions"] != status["conditions"] {
                ctx.set_status(sub_ri, &sub, status, OLM);
            }
            continue;
        }
        let ip_name = sub["status"]["installPlanRef"]["name"]
            .as_str()
            .map(str::to_string);
        let plan = ip_name.as_deref().and_then(|n| ctx.get(ip_ri, &ns, n));
        let Some(plan) = plan else {
            let approval = sub["spec"]["installPlanApproval"]
                .as_str()
                .unwrap_or("Automatic")
                .to_string();
            let name = format!("install-{}", random_suffix(5));
            let ip = json!({
                "apiVersion": "operators.coreos.com/v1alpha1", "kind": "InstallPlan",
                "metadata": {"name": name, "namespace": ns, "ownerReferences": [{
                    "apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
                    "name": meta_str(&sub, "name"), "uid": meta_str(&sub, "uid"), "blockOwnerDeletion": false, "controller": false}]},
                "spec": {"approval": approval, "approved": approval == "Automatic", "clusterServiceVersionNames": [csv], "generation": 1}
            });
            if let Some(created) = ctx.create(ip_ri, ip, OLM) {
                let status = json!({
                    "currentCSV": csv,
                    "installPlanGeneration": 1,
                    "installPlanRef": {"apiVersion": "operators.coreos.com/v1alpha1", "kind": "InstallPlan", "name": name, "namespace": ns,
                        "resourceVersion": created["metadata"]["resourceVersion"], "uid": created["metadata"]["uid"]},
                    "installplan": {"apiVersion": "operators.coreos.com/v1alpha1", "kind": "InstallPlan", "name": name, "uuid": created["metadata"]["uid"]},
                    "catalogHealth": [{"catalogSourceRef": {"apiVersion": "operators.coreos.com/v1alpha1", "kind": "CatalogSource", "name": source, "namespace": source_ns}, "healthy": true, "lastUpdated": now}],
                    "conditions": [{"type": "CatalogSourcesUnhealthy", "status": "False", "reason": "AllCatalogSourcesHealthy", "message": "all available catalogsources are healthy", "lastTransitionTime": now}],
                    "state": "UpgradePending",
                    "lastUpdated": now
                });
                ctx.set_status(sub_ri, &sub, status, OLM);
            }
            continue;
        };
        if plan["spec"]["approved"] != true {
            if plan["status"]["phase"] != "RequiresApproval" {
                ctx.set_status(
                    ip_ri,
                    &plan,
                    json!({"phase": "RequiresApproval", "catalogSources": [source]}),
                    OLM,
                );
            }
            continue;
        }
        if ctx.get(csv_ri, &ns, &csv).is_none() {
            let pkg = package_of(&csv).to_string();
            let version = csv.rsplit(".v").next().unwrap_or("1.0.0").to_string();
            let owned: Vec<Value> = if pkg == ODH_PACKAGE {
                odh_crds()
                    .iter()
                    .flat_map(|c| {
                        let name = meta_str(c, "name").to_string();
                        let kind = c["spec"]["names"]["kind"].clone();
                        ["v1", "v2"].map(|v| json!({"name": name, "kind": kind, "version": v}))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let csv_obj = json!({
                "apiVersion": "operators.coreos.com/v1alpha1", "kind": "ClusterServiceVersion",
                "metadata": {"name": csv, "namespace": ns, "labels": {format!("operators.coreos.com/{pkg}.{ns}"): ""}},
                "spec": {"displayName": pkg, "version": version, "customresourcedefinitions": {"owned": owned},
                    "install": {"strategy": "deployment"}, "installModes": [{"type": "AllNamespaces", "supported": true}]}
            });
            ctx.create(csv_ri, csv_obj, "olm-operator");
        }
        if plan["status"]["phase"] != "Complete" {
            ctx.set_status(ip_ri, &plan, json!({"phase": "Complete", "catalogSources": [source], "startTime": now, "conditions": [{"type": "Installed", "status": "True", "lastTransitionTime": now, "lastUpdateTime": now}]}), OLM);
        }
        if sub["status"]["state"] != "AtLatestKnown" || sub["status"]["installedCSV"] != csv {
            let mut status = sub["status"].clone();
            status["state"] = json!("AtLatestKnown");
            status["installedCSV"] = json!(csv);
            status["currentCSV"] = json!(csv);
            status["lastUpdated"] = json!(now);
            ctx.set_status(sub_ri, &sub, status, OLM);
        }
    }
}

fn csvs(
    ctx: &mut Ctx,
    csv_ri: &crate::registry::ResourceInfo,
    og_ri: &crate::registry::ResourceInfo,
) {
    let (Some(dri), Some(crd_ri)) = (
        ctx.ri("apps", "deployments"),
        ctx.ri("apiextensions.k8s.io", "customresourcedefinitions"),
    ) else {
        return;
    };
    for csv in ctx.objects(csv_ri) {
        if is_deleting(&csv) {
            continue;
        }
        let ns = meta_str(&csv, "namespace").to_string();
        let name = meta_str(&csv, "name").to_string();
        let now = now_rfc3339();
        let phase_status = |phase: &str, reason: &str, message: &str| {
            json!({"phase": phase, "reason": reason, "message": message, "lastUpdateTime": now, "lastTransitionTime": now,
                "conditions": [{"phase": phase, "reason": reason, "message": message, "lastUpdateTime": now, "lastTransitionTime": now}]})
        };
        if ctx.objects_in(og_ri, &ns).is_empty() {
            if csv["status"]["reason"] != "NoOperatorGroup" {
                ctx.set_status(
                    csv_ri,
                    &csv,
                    phase_status(
                        "Failed",
                        "NoOperatorGroup",
                        "csv in namespace with no operatorgroups",
                    ),
                    "olm-operator",
                );
            }
            continue;
        }
        let pkg = package_of(&name).to_string();
        if pkg == ODH_PACKAGE {
            for c in odh_crds() {
                if ctx.get(&crd_ri, "", meta_str(&c, "name")).is_none() {
                    ctx.create(&crd_ri, c, "olm-operator");
                }
            }
        }
        let dep = operator_deployment(&csv);
        let dep_name = meta_str(&dep, "name").to_string();
        let existing = ctx.get(&dri, &ns, &dep_name);
        let available = match existing {
            None => {
                ctx.create(&dri, dep, "olm-operator");
                false
            }
            Some(d) => condition_true(&d, "Available"),
        };
        let (phase, reason, message) = if available {
            (
                "Succeeded",
                "InstallSucceeded",
                "install strategy completed with no errors",
            )
        } else {
            (
                "Installing",
                "InstallWaitingForDeployment",
                "installing: waiting for deployment to become ready",
            )
        };
        if csv["status"]["phase"] != phase {
            ctx.set_status(
                csv_ri,
                &csv,
                phase_status(phase, reason, message),
                "olm-operator",
            );
        }
    }
}
