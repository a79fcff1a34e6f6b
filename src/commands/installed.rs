//! What commands that work on an installation say when there is none: where
//! they looked, and what an earlier uninstall kept (and how to purge it).

use crate::cli::OutputFormat;
use crate::error::{Exit, usage};
use crate::install::{Entry, Inventory};
use crate::report;
use anyhow::Result;

/// Says "nothing installed" as `status` and `verify` both do: the line on
/// stderr, or a document with what was kept for `-o json|yaml`.
///
/// # Errors
/// When stdout cannot be written.
pub fn report_not_installed(
    namespace: &str,
    record: Option<&Inventory>,
    output: OutputFormat,
) -> Result<Exit> {
    let message = nothing_installed(namespace, record);
    if output == OutputFormat::Text {
        eprintln!("{message}");
    } else {
        let kept: Vec<String> = record
            .map(|r| r.objects.iter().map(|e| e.to_ref().to_string()).collect())
            .unwrap_or_default();
        let value = serde_json::json!({"namespace": namespace, "installed": false, "kept": kept, "message": message});
        let text = match output {
            OutputFormat::Yaml => report::to_yaml_stream([&value])?,
            _ => report::to_json(&value),
        };
        report::print_stdout(&text)?;
    }
    Ok(Exit::NotInstalled)
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

/// One line for "nothing installed", naming what an earlier uninstall kept
/// (or, when it did not finish, what remains) if anything.
pub fn nothing_installed(namespace: &str, record: Option<&Inventory>) -> String {
    let kept: &[Entry] = record.map_or(&[], |r| r.objects.as_slice());
    if record.is_some_and(|r| !r.complete) {
        return format!(
            "nothing installed in namespace {namespace}: an uninstall did not finish and {} object{} remain ({}); run `odh uninstall` again",
            kept.len(),
            plural(kept.len()),
            names(kept)
        );
    }
    if kept.is_empty() {
        return format!(
            "nothing installed: no odh installation in namespace {namespace} (no Secret odh-inventory there); pass --namespace if it is elsewhere"
        );
    }
    let claims = kept
        .iter()
        .filter(|e| e.kind == "PersistentVolumeClaim")
        .count();
    let others = kept.len() - claims;
    let mut what = Vec::new();
    if claims > 0 {
        what.push(format!("{claims} claim{}", plural(claims)));
    }
    if others > 0 {
        what.push(format!("{others} other object{}", plural(others)));
    }
    format!(
        "nothing installed in namespace {namespace}, {} kept ({}); `odh uninstall --purge` deletes them",
        what.join(" and "),
        names(kept)
    )
}

/// The first three objects by kind and name (claims first), then how many more.
fn names(kept: &[Entry]) -> String {
    let mut ordered: Vec<&Entry> = kept.iter().collect();
    ordered.sort_by_key(|e| e.kind != "PersistentVolumeClaim");
    let shown: Vec<String> = ordered
        .iter()
        .take(3)
        .map(|e| format!("{}/{}", e.kind, e.name))
        .collect();
    let more = if kept.len() > 3 { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, name: &str) -> Entry {
        Entry {
            api_version: "v1".into(),
            kind: kind.into(),
            namespace: Some("odh".into()),
            name: name.into(),
            profile: "core".into(),
            component: "c".into(),
            digest: None,
            fields: None,
            adopted: false,
        }
    }

    #[test]
    fn names_the_kept_data_and_the_way_to_purge_it() {
        assert!(
            nothing_installed("odh", None)
                .starts_with("nothing installed: no odh installation in namespace odh")
        );
        let mut record = Inventory {
            complete: true,
            objects: vec![
                entry("PersistentVolumeClaim", "hub-db-dir"),
                entry("PersistentVolumeClaim", "minio-data"),
                entry("Namespace", "odh"),
            ],
            ..Inventory::default()
        };
        assert_eq!(
            nothing_installed("odh", Some(&record)),
            "nothing installed in namespace odh, 2 claims and 1 other object kept (PersistentVolumeClaim/hub-db-dir, PersistentVolumeClaim/minio-data, Namespace/odh); `odh uninstall --purge` deletes them"
        );
        record.complete = false;
        assert!(
            nothing_installed("odh", Some(&record))
                .contains("an uninstall did not finish and 3 objects remain")
        );
    }
}
