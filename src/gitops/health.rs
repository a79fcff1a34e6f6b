//! Argo CD health checks for the kinds whose readiness odh knows and Argo CD
//! v3.5.1 does not (no `resource_customizations/` entry: DataScienceCluster,
//! DSCInitialization, SeldonDeployment, and `argoproj.io/Application`, whose
//! check was removed in 1.8 and which app-of-apps waves need), plus the
//! CephCluster, whose built-in check fails a wave on `HEALTH_WARN` where odh
//! and Rook go on. Each script is odh's readiness rule (`readiness::odh`,
//! `serving`, `rook`) written in Lua: it sees the live object as `obj` and
//! returns `{status, message}` (Argo CD `docs/operator-manual/health.md`).
//! The snippets are for the user to merge: `argocd-cm` is Argo CD's object.

use serde_json::{Value, json};

/// (group, kind, Lua) of every health check odh writes.
pub const CHECKS: &[(&str, &str, &str)] = &[
    ("argoproj.io", "Application", APPLICATION),
    (
        "datasciencecluster.opendatahub.io",
        "DataScienceCluster",
        PHASE_READY,
    ),
    (
        "dscinitialization.opendatahub.io",
        "DSCInitialization",
        PHASE_READY,
    ),
    ("machinelearning.seldon.io", "SeldonDeployment", SELDON),
    ("ceph.rook.io", "CephCluster", CEPH_CLUSTER),
    (
        "datasciencepipelinesapplications.opendatahub.io",
        "DataSciencePipelinesApplication",
        DSPA,
    ),
];

/// A child Application is as healthy as Argo CD says its resources are.
const APPLICATION: &str = r#"-- odh: an Application is as healthy as its resources (status.health).
local hs = {status = "Progressing", message = "waiting for the first sync"}
if obj.status ~= nil and obj.status.health ~= nil and obj.status.health.status ~= nil then
  hs.status = obj.status.health.status
  hs.message = obj.status.health.message or ""
end
return hs
"#;

/// odh's DSC/DSCI rule: phase Ready for the current generation; Error once observed fails.
const PHASE_READY: &str = r#"-- odh: ready when status.phase is Ready for the current generation.
local hs = {status = "Progressing", message = "waiting for the operator to report a phase"}
if obj.status == nil or obj.status.phase == nil or obj.status.phase == "" then
  return hs
end
local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed ~= generation then
  hs.message = "waiting for the operator to observe generation " .. generation
  return hs
end
local phase = obj.status.phase
hs.message = "phase " .. phase
if phase == "Ready" then
  hs.status = "Healthy"
  return hs
end
if obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.status == "False" and c.message ~= nil and c.message ~= "" then
      hs.message = hs.message .. ": " .. c.message
      break
    end
  end
end
if phase == "Error" and (generation == nil or observed ~= nil) then
  hs.status = "Degraded"
end
return hs
"#;

/// odh's SeldonDeployment rule: state Available; Failed fails.
const SELDON: &str = r#"-- odh: ready when status.state is Available; Failed is final.
local hs = {status = "Progressing", message = "waiting for the Seldon operator to report a state"}
if obj.status == nil or obj.status.state == nil or obj.status.state == "" then
  return hs
end
local state = obj.status.state
hs.message = "state " .. state
if obj.status.description ~= nil and obj.status.description ~= "" then
  hs.message = hs.message .. ": " .. obj.status.description
end
if state == "Available" then
  hs.status = "Healthy"
elseif state == "Failed" then
  hs.status = "Degraded"
end
return hs
"#;

/// odh's DSPA rule (`readiness::pipelines`): Ready with the database, the
/// object store and the API server reported True and no component holding
/// back; an unsupported dspVersion or a component failing to deploy fails.
const DSPA: &str = r#"-- odh: ready when Ready is True, DatabaseAvailable, ObjectStoreAvailable and
-- APIServerReady were reported True and no component condition holds back.
local known = {DatabaseAvailable = true, ObjectStoreAvailable = true, APIServerReady = true,
  PersistenceAgentReady = true, ScheduledWorkflowReady = true, WorkflowControllerReady = true,
  MLMDProxyReady = true, WebhookReady = true}
local required = {"DatabaseAvailable", "ObjectStoreAvailable", "APIServerReady"}
local hs = {status = "Progressing", message = "waiting for the Data Science Pipelines operator to report Ready"}
local conditions = {}
if obj.status ~= nil and obj.status.conditions ~= nil then
  conditions = obj.status.conditions
end
local seen = {}
local ready = nil
local blockers = {}
for _, c in ipairs(conditions) do
  seen[c.type] = true
  if c.reason == "UnsupportedVersion" then
    hs.status = "Degraded"
    hs.message = c.type .. ": " .. (c.message or "")
    return hs
  end
  if c.type == "Ready" then
    ready = c
  elseif known[c.type] and c.status ~= "True" and c.reason ~= "NotApplicable" then
    if c.status == "False" and c.reason == "FailingToDeploy" and c.type ~= "DatabaseAvailable" and c.type ~= "ObjectStoreAvailable" then
      hs.status = "Degraded"
      hs.message = c.type .. " (FailingToDeploy: " .. (c.message or "") .. ")"
      return hs
    end
    table.insert(blockers, c.type .. " (" .. (c.reason or "") .. ")")
  end
end
for _, t in ipairs(required) do
  if not seen[t] then
    table.insert(blockers, t .. " (not reported yet)")
  end
end
if ready ~= nil and ready.status == "True" and #blockers == 0 then
  hs.status = "Healthy"
  hs.message = "Ready: all components are ready"
  return hs
end
if ready == nil and #blockers == 0 then
  return hs
end
if #blockers > 0 then
  hs.message = "waiting for " .. table.concat(blockers, ", ")
else
  hs.message = "waiting for Ready"
end
return hs
"#;

/// odh's CephCluster rule: phase Ready with HEALTH_OK or HEALTH_WARN; anything else waits.
const CEPH_CLUSTER: &str = r#"-- odh: ready in phase Ready with Ceph health HEALTH_OK or HEALTH_WARN;
-- HEALTH_ERR and failed reconciles wait, because Rook retries.
local hs = {status = "Progressing", message = "waiting for the Rook operator to report a phase"}
if obj.status == nil or obj.status.phase == nil or obj.status.phase == "" then
  return hs
end
local phase = obj.status.phase
local health = ""
if obj.status.ceph ~= nil and obj.status.ceph.health ~= nil then
  health = obj.status.ceph.health
end
if phase == "Ready" or phase == "Connected" then
  if health == "HEALTH_OK" or health == "HEALTH_WARN" then
    hs.status = "Healthy"
    hs.message = "phase Ready, " .. health
  elseif health == "" then
    hs.message = "waiting for Ceph to report its health"
  else
    hs.message = "waiting for Ceph health HEALTH_OK or HEALTH_WARN, it is " .. health
  end
  return hs
end
hs.message = "waiting for phase Ready, phase " .. phase
if obj.status.message ~= nil and obj.status.message ~= "" then
  hs.message = hs.message .. ": " .. obj.status.message
end
return hs
"#;

/// The `argocd-cm` keys (`resource.customizations.health.<group>_<kind>`).
pub fn argocd_cm(namespace: &str) -> Value {
    let data: serde_json::Map<String, Value> = CHECKS
        .iter()
        .map(|(group, kind, lua)| {
            (
                format!("resource.customizations.health.{group}_{kind}"),
                Value::from(*lua),
            )
        })
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {
            "name": "argocd-cm",
            "namespace": namespace,
            "labels": {"app.kubernetes.io/name": "argocd-cm", "app.kubernetes.io/part-of": "argocd"},
        },
        "data": data,
    })
}

/// The same checks for an Argo CD run by argocd-operator (OpenShift GitOps),
/// whose `ArgoCD` resource generates `argocd-cm` (argocd-operator@v0.18.0
/// `ArgoCDSpec.resourceHealthChecks`).
pub fn argocd_operator(namespace: &str, name: &str) -> Value {
    let checks: Vec<Value> = CHECKS
        .iter()
        .map(|(group, kind, lua)| json!({"group": group, "kind": kind, "check": lua}))
        .collect();
    json!({
        "apiVersion": "argoproj.io/v1beta1",
        "kind": "ArgoCD",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"resourceHealthChecks": checks},
    })
}

#[cfg(test)]
mod tests;
