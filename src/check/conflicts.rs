//! OpenShift: the operator catalog odh subscribes from is there, and no other
//! Open Data Hub or Red Hat OpenShift AI installation (a Subscription to
//! `opendatahub-operator` or `rhods-operator`, a DataScienceCluster) odh does not own.
//! The package names: opendatahub-io/opendatahub-operator@v3.5.0:Makefile (`OPERATOR_PACKAGE`).

use super::Check;
use crate::object::{Object, ObjectRef};

/// The OLM packages of Open Data Hub and of Red Hat OpenShift AI.
pub const OPERATOR_PACKAGES: [&str; 2] = ["opendatahub-operator", "rhods-operator"];

/// The CatalogSource a rendered Subscription names, and what was found.
#[derive(Debug, Clone)]
pub struct CatalogSource {
    pub name: String,
    pub namespace: String,
    pub found: Result<Option<Object>, String>,
}

/// The catalog source of the Subscription is present (and healthy, when it says).
pub fn catalog_source(source: &CatalogSource) -> Check {
    const NAME: &str = "catalog-source";
    let place = format!("CatalogSource {} in {}", source.name, source.namespace);
    match &source.found {
        Err(e) => Check::warning(
            NAME,
            format!("cannot read {place}: {e}"),
            "make sure the operator catalog is installed (OperatorHub)",
        ),
        Ok(None) => Check::failed(
            NAME,
            format!("{place} does not exist: OLM cannot resolve the opendatahub-operator package"),
            "enable the catalog in OperatorHub (or mirror it for a disconnected cluster)",
        ),
        Ok(Some(found)) => match found.str_at("/status/connectionState/lastObservedState") {
            Some(state) if state != "READY" => Check::warning(
                NAME,
                format!("{place} reports {state}, not READY"),
                "check the catalog's pod in that namespace; OLM resolves nothing from a catalog that is not READY",
            ),
            _ => Check::passed(NAME, format!("{place} is present")),
        },
    }
}

/// An installation-level object found on the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installation {
    pub target: ObjectRef,
    /// E.g. `Subscription to rhods-operator`.
    pub what: String,
    /// It carries this installation's ownership labels.
    pub owned: bool,
    /// It is an object the plan applies (so `--adopt` can take it over).
    pub planned: bool,
}

/// No other installation that odh does not own; `adopt` accepts planned ones.
pub fn other_installations(found: &[Installation], adopt: bool) -> Check {
    const NAME: &str = "other-installations";
    let foreign: Vec<&Installation> = found
        .iter()
        .filter(|i| !(i.owned || (adopt && i.planned)))
        .collect();
    if foreign.is_empty() {
        let adopted = found.iter().filter(|i| !i.owned).count();
        return if adopted > 0 {
            Check::passed(
                NAME,
                format!("{adopted} object(s) will be adopted (--adopt)"),
            )
        } else {
            Check::passed(NAME, "no other Open Data Hub or OpenShift AI installation")
        };
    }
    let hint = if foreign.iter().all(|i| i.planned) {
        "pass --adopt to take these over, or remove them"
    } else {
        "uninstall the other installation first (its DataScienceCluster, then its Subscription and CSV); two operators would fight over the same components"
    };
    Check::failed(
        NAME,
        format!(
            "{} object(s) of another Open Data Hub or OpenShift AI installation",
            foreign.len()
        ),
        hint,
    )
    .with_items(
        foreign
            .iter()
            .map(|i| format!("{}: {}, not managed by odh", i.target, i.what))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use serde_json::json;

    fn found(owned: bool, planned: bool) -> Installation {
        Installation {
            target: ObjectRef {
                api_version: "datasciencecluster.opendatahub.io/v1".into(),
                kind: "DataScienceCluster".into(),
                namespace: None,
                name: "default-dsc".into(),
            },
            what: "DataScienceCluster".into(),
            owned,
            planned,
        }
    }

    #[test]
    fn a_foreign_installation_fails_unless_adopted() {
        assert_eq!(other_installations(&[], false).verdict, Verdict::Passed);
        assert_eq!(
            other_installations(&[found(true, true)], false).verdict,
            Verdict::Passed
        );
        let foreign = other_installations(&[found(false, false)], true);
        assert_eq!(foreign.verdict, Verdict::Failed);
        assert!(
            foreign.items[0].contains("DataScienceCluster/default-dsc"),
            "{:?}",
            foreign.items
        );
        assert_eq!(
            other_installations(&[found(false, true)], true).verdict,
            Verdict::Passed
        );
        assert!(
            other_installations(&[found(false, true)], false)
                .hint
                .unwrap()
                .contains("--adopt")
        );
    }

    #[test]
    fn a_missing_catalog_fails_and_an_unhealthy_one_warns() {
        let source = |found| CatalogSource {
            name: "community-operators".into(),
            namespace: "openshift-marketplace".into(),
            found,
        };
        assert_eq!(catalog_source(&source(Ok(None))).verdict, Verdict::Failed);
        let broken = Object::new(
            json!({"status": {"connectionState": {"lastObservedState": "TRANSIENT_FAILURE"}}}),
        );
        assert_eq!(
            catalog_source(&source(Ok(Some(broken)))).verdict,
            Verdict::Warning
        );
        let fine = Object::new(json!({"spec": {}}));
        assert_eq!(
            catalog_source(&source(Ok(Some(fine)))).verdict,
            Verdict::Passed
        );
    }
}
