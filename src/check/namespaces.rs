//! The namespaces the plan puts objects in are not being deleted: a namespace
//! in `Terminating` refuses new content (403 `NamespaceTerminating`), so an
//! install into it would stop half-way.

use super::Check;

/// The plan's namespaces that exist and are being deleted.
pub fn namespaces(terminating: &[String]) -> Check {
    const NAME: &str = "namespaces";
    if terminating.is_empty() {
        return Check::passed(NAME, "no namespace of the plan is being deleted");
    }
    Check::failed(
        NAME,
        format!(
            "{} namespace(s) of the plan are being deleted and refuse new objects",
            terminating.len()
        ),
        "wait until they are gone (kubectl get namespace NAME), or see what holds them: kubectl get namespace NAME -o yaml (status.conditions)",
    )
    .with_items(terminating.iter().map(|n| format!("namespace {n} is Terminating")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;

    #[test]
    fn a_terminating_namespace_fails() {
        assert_eq!(namespaces(&[]).verdict, Verdict::Passed);
        let check = namespaces(&["opendatahub".into()]);
        assert_eq!(check.verdict, Verdict::Failed);
        assert_eq!(check.items, ["namespace opendatahub is Terminating"]);
    }
}
