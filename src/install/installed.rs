//! The installation the inventory describes, for the commands that start from
//! it (`status`, `verify`, `uninstall`): one message for "nothing installed"
//! and one for a profile that is not installed.

use super::{Inventory, read_inventory};
use crate::cluster::Cluster;
use crate::error::usage;
use anyhow::{Context, Result};

/// The inventory in `namespace`.
///
/// # Errors
/// "no odh installation in namespace …" (exit 1) when there is none, and
/// cluster errors.
pub async fn require_inventory(cluster: &Cluster, namespace: &str) -> Result<Inventory> {
    read_inventory(cluster, namespace).await?.with_context(|| {
        format!(
            "no odh installation in namespace {namespace} (no Secret odh-inventory there); pass --namespace"
        )
    })
}

/// Checks that every profile asked for is installed.
///
/// # Errors
/// A usage error naming the profile and the installed ones.
pub fn check_installed(inventory: &Inventory, profiles: &[String]) -> Result<()> {
    for p in profiles {
        if !inventory.profiles.contains(p) {
            return Err(usage(format!(
                "profile `{p}` is not installed; installed: {}",
                inventory.profiles.join(", ")
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Exit, exit_for};

    #[test]
    fn a_profile_that_is_not_installed_is_bad_usage() {
        let inventory = Inventory {
            profiles: vec!["core".into()],
            ..Default::default()
        };
        assert!(check_installed(&inventory, &["core".into()]).is_ok());
        let err = check_installed(&inventory, &["monitoring".into()]).unwrap_err();
        assert_eq!(exit_for(&err), Exit::Usage);
        assert_eq!(
            err.to_string(),
            "profile `monitoring` is not installed; installed: core"
        );
    }
}
