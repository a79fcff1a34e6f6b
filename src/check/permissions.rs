//! Which (verb, resource, namespace) an install needs, and the check of the
//! SelfSubjectAccessReview answers for them.
//!
//! A server-side apply is authorized as `patch` and, when it creates the
//! object, also as `create` (kubernetes/apiserver@v0.33.2:pkg/endpoints/handlers/patch.go,
//! `createAuthorizerAttributes`), so both are needed for every object.

use super::Check;
use crate::object::ObjectRef;
use crate::plan::WaitFor;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One request kind the plan makes: a verb on a resource, in a namespace or cluster-wide.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Access {
    pub verb: String,
    /// The API group ("" for the core group).
    pub group: String,
    /// The resource (plural), e.g. `deployments`.
    pub resource: String,
    /// `None` for cluster-scoped resources.
    pub namespace: Option<String>,
}

impl Access {
    fn new(verb: &str, kind: &Kind, namespace: Option<&str>) -> Access {
        Access {
            verb: verb.into(),
            group: kind.group.clone(),
            resource: kind.resource.clone(),
            namespace: if kind.namespaced {
                namespace.map(str::to_string)
            } else {
                None
            },
        }
    }

    /// `deployments.apps`, `namespaces`.
    pub fn resource_name(&self) -> String {
        if self.group.is_empty() {
            self.resource.clone()
        } else {
            format!("{}.{}", self.resource, self.group)
        }
    }

    fn scope(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("in namespace {ns}"),
            None => "cluster-wide".into(),
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.verb, self.resource_name(), self.scope())
    }
}

/// How a kind is addressed: its group, resource and scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    pub group: String,
    pub resource: String,
    pub namespaced: bool,
}

impl Kind {
    pub fn new(group: &str, resource: &str, namespaced: bool) -> Kind {
        Kind {
            group: group.into(),
            resource: resource.into(),
            namespaced,
        }
    }
}

/// One planned object: what it is, how it is addressed, what install waits for.
pub struct Planned<'a> {
    pub target: &'a ObjectRef,
    pub kind: Kind,
    pub wait: &'a WaitFor,
}

/// Kinds whose readiness install follows through their pods and events.
const WORKLOADS: [&str; 5] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
];

/// Every access an install of `planned` into `namespace` needs, pruning `pruned`.
pub fn needed_access(
    planned: &[Planned<'_>],
    namespace: &str,
    pruned: &[(ObjectRef, Kind)],
) -> Vec<Access> {
    let mut needed = BTreeSet::new();
    let core = |resource: &str| Kind::new("", resource, true);
    for p in planned {
        let ns = p.target.namespace.as_deref();
        for verb in ["get", "create", "patch"] {
            needed.insert(Access::new(verb, &p.kind, ns));
        }
        if !matches!(p.wait, WaitFor::Nothing) {
            for verb in ["list", "watch"] {
                needed.insert(Access::new(verb, &p.kind, ns));
            }
        }
        if WORKLOADS.contains(&p.target.kind.as_str()) {
            for verb in ["list", "watch"] {
                needed.insert(Access::new(verb, &core("pods"), ns));
            }
            needed.insert(Access::new("list", &core("events"), ns));
        }
        if p.target.kind == "Subscription" {
            let csv = Kind::new("operators.coreos.com", "clusterserviceversions", true);
            for verb in ["get", "list", "watch"] {
                needed.insert(Access::new(verb, &csv, ns));
            }
        }
        if let WaitFor::Endpoints(services) = p.wait {
            let slices = Kind::new("discovery.k8s.io", "endpointslices", true);
            for service in services {
                for verb in ["list", "watch"] {
                    needed.insert(Access::new(verb, &slices, service.namespace.as_deref()));
                }
            }
        }
    }
    // The inventory Secret, the install lock and the namespace holding both.
    for verb in ["get", "create", "patch"] {
        needed.insert(Access::new(verb, &core("secrets"), Some(namespace)));
        needed.insert(Access::new(verb, &Kind::new("", "namespaces", false), None));
    }
    let leases = Kind::new("coordination.k8s.io", "leases", true);
    for verb in ["get", "create", "update", "delete"] {
        needed.insert(Access::new(verb, &leases, Some(namespace)));
    }
    for (target, kind) in pruned {
        for verb in ["get", "delete"] {
            needed.insert(Access::new(verb, kind, target.namespace.as_deref()));
        }
    }
    needed.into_iter().collect()
}

/// The review answers: each access allowed, denied, or not reviewable (an error).
pub fn permissions(answers: &[(Access, Result<bool, String>)]) -> Check {
    const NAME: &str = "permissions";
    let mut denied: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (access, answer) in answers {
        match answer {
            Ok(true) => {}
            Ok(false) => denied
                .entry((access.resource_name(), access.scope()))
                .or_default()
                .push(access.verb.clone()),
            Err(e) => errors.push(format!("{access}: {e}")),
        }
    }
    let missing: usize = denied.values().map(Vec::len).sum();
    if missing > 0 {
        let items = denied
            .into_iter()
            .map(|((resource, scope), verbs)| format!("{} {resource} {scope}", verbs.join(", ")))
            .collect();
        return Check::failed(
            NAME,
            format!(
                "{missing} of the {} permissions the plan needs are missing",
                answers.len()
            ),
            "run as a cluster administrator, or have these verbs granted (a ClusterRole bound to this user)",
        )
        .with_items(items);
    }
    if !errors.is_empty() {
        return Check::warning(
            NAME,
            format!(
                "{} of {} permissions could not be reviewed",
                errors.len(),
                answers.len()
            ),
            "the API server must serve authorization.k8s.io/v1 SelfSubjectAccessReview",
        )
        .with_items(errors);
    }
    Check::passed(
        NAME,
        format!(
            "all {} permissions the plan needs are granted",
            answers.len()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;

    fn target(kind: &str, namespace: Option<&str>, name: &str) -> ObjectRef {
        ObjectRef {
            api_version: "v1".into(),
            kind: kind.into(),
            namespace: namespace.map(str::to_string),
            name: name.into(),
        }
    }

    #[test]
    fn apply_needs_get_create_and_patch_and_waiting_needs_watch() {
        let deployment = target("Deployment", Some("odh"), "hub");
        let namespace = target("Namespace", None, "odh");
        let planned = [
            Planned {
                target: &namespace,
                kind: Kind::new("", "namespaces", false),
                wait: &WaitFor::Nothing,
            },
            Planned {
                target: &deployment,
                kind: Kind::new("apps", "deployments", true),
                wait: &WaitFor::Ready,
            },
        ];
        let gone = (
            target("ConfigMap", Some("odh"), "old"),
            Kind::new("", "configmaps", true),
        );
        let needed = needed_access(&planned, "odh", &[gone]);
        let text: Vec<String> = needed.iter().map(ToString::to_string).collect();
        for want in [
            "create namespaces cluster-wide",
            "patch deployments.apps in namespace odh",
            "watch deployments.apps in namespace odh",
            "watch pods in namespace odh",
            "create leases.coordination.k8s.io in namespace odh",
            "delete configmaps in namespace odh",
            "patch secrets in namespace odh",
        ] {
            assert!(text.iter().any(|t| t == want), "{want} in {text:?}");
        }
        assert!(!text.iter().any(|t| t == "watch namespaces cluster-wide"));
    }

    #[test]
    fn every_missing_permission_is_listed() {
        let access = |verb: &str, ns: Option<&str>| Access {
            verb: verb.into(),
            group: "apps".into(),
            resource: "deployments".into(),
            namespace: ns.map(str::to_string),
        };
        let answers = vec![
            (access("get", Some("odh")), Ok(true)),
            (access("create", Some("odh")), Ok(false)),
            (access("patch", Some("odh")), Ok(false)),
            (access("create", None), Ok(false)),
        ];
        let check = permissions(&answers);
        assert_eq!(check.verdict, Verdict::Failed);
        assert_eq!(
            check.detail,
            "3 of the 4 permissions the plan needs are missing"
        );
        assert!(
            check
                .items
                .contains(&"create, patch deployments.apps in namespace odh".to_string())
        );
        assert!(
            check
                .items
                .contains(&"create deployments.apps cluster-wide".to_string())
        );
        let fine = permissions(&answers[..1]);
        assert_eq!(fine.verdict, Verdict::Passed);
        let unknown = permissions(&[(access("get", None), Err("404".into()))]);
        assert_eq!(unknown.verdict, Verdict::Warning);
    }
}
