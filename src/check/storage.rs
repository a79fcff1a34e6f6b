//! Claims the profiles create need a StorageClass: the one they name, or the
//! cluster's default (annotation `storageclass.kubernetes.io/is-default-class`,
//! kubernetes/kubectl@v0.33.2:pkg/util/storage/storage.go).

use super::Check;
use crate::object::{Object, ObjectRef};

/// The annotations that mark a default StorageClass (the GA one and the beta one).
pub const DEFAULT_CLASS_ANNOTATIONS: [&str; 2] = [
    "storageclass.kubernetes.io/is-default-class",
    "storageclass.beta.kubernetes.io/is-default-class",
];

/// A PersistentVolumeClaim the install would create, and the class it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub target: ObjectRef,
    pub class: Option<String>,
}

impl Claim {
    /// The claim a rendered PersistentVolumeClaim makes.
    pub fn of(object: &Object) -> Claim {
        Claim {
            target: object.to_ref(),
            class: object.str_at("/spec/storageClassName").map(str::to_string),
        }
    }
}

/// A StorageClass of the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageClassInfo {
    pub name: String,
    pub default: bool,
}

impl StorageClassInfo {
    pub fn of(object: &Object) -> StorageClassInfo {
        StorageClassInfo {
            name: object.name().to_string(),
            default: DEFAULT_CLASS_ANNOTATIONS
                .iter()
                .any(|a| object.annotation(a) == Some("true")),
        }
    }
}

/// The claims to create against the StorageClasses the cluster has.
pub fn storage_class(claims: &[Claim], classes: &Result<Vec<StorageClassInfo>, String>) -> Check {
    const NAME: &str = "storage-class";
    if claims.is_empty() {
        return Check::passed(NAME, "the profiles create no volume claims");
    }
    let classes = match classes {
        Ok(c) => c,
        Err(e) => {
            return Check::warning(
                NAME,
                format!("cannot list StorageClasses: {e}"),
                "make sure a default StorageClass exists, or set global.storageClass",
            );
        }
    };
    let named: Vec<&Claim> = claims.iter().filter(|c| c.class.is_some()).collect();
    let unknown: Vec<String> = named
        .iter()
        .filter(|c| !classes.iter().any(|s| Some(&s.name) == c.class.as_ref()))
        .map(|c| {
            format!(
                "{} names StorageClass {}, which does not exist",
                c.target,
                c.class.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !unknown.is_empty() {
        return Check::failed(
            NAME,
            format!("{} claim(s) name a StorageClass the cluster does not have", unknown.len()),
            "set global.storageClass to one of the cluster's StorageClasses (kubectl get storageclass)",
        )
        .with_items(unknown);
    }
    let unnamed: Vec<&Claim> = claims.iter().filter(|c| c.class.is_none()).collect();
    if unnamed.is_empty() {
        return Check::passed(
            NAME,
            format!("{} claim(s) use the named StorageClass", claims.len()),
        );
    }
    let defaults: Vec<&str> = classes
        .iter()
        .filter(|c| c.default)
        .map(|c| c.name.as_str())
        .collect();
    match defaults.as_slice() {
        [] => Check::failed(
            NAME,
            format!(
                "no default StorageClass: {} claim(s) would stay Pending",
                unnamed.len()
            ),
            "mark one default (kubectl annotate storageclass NAME storageclass.kubernetes.io/is-default-class=true) or set global.storageClass",
        )
        .with_items(unnamed.iter().map(|c| c.target.to_string()).collect()),
        [one] => Check::passed(
            NAME,
            format!("{} claim(s) use the default StorageClass {one}", unnamed.len()),
        ),
        several => Check::warning(
            NAME,
            format!("several default StorageClasses: {}", several.join(", ")),
            "keep one default, or set global.storageClass to choose",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use serde_json::json;

    fn claim(class: Option<&str>) -> Claim {
        let mut spec = json!({});
        if let Some(c) = class {
            spec["storageClassName"] = json!(c);
        }
        Claim::of(&Object::new(json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data", "namespace": "odh"}, "spec": spec,
        })))
    }

    fn class(name: &str, default: bool) -> StorageClassInfo {
        let annotations = if default {
            json!({"storageclass.kubernetes.io/is-default-class": "true"})
        } else {
            json!({})
        };
        StorageClassInfo::of(&Object::new(json!({
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": name, "annotations": annotations},
        })))
    }

    #[test]
    fn claims_without_a_class_need_a_default() {
        let claims = [claim(None)];
        let none = storage_class(&claims, &Ok(vec![class("slow", false)]));
        assert_eq!(none.verdict, Verdict::Failed);
        assert!(none.detail.starts_with("no default StorageClass"));
        assert_eq!(none.items.len(), 1);
        let one = storage_class(&claims, &Ok(vec![class("standard", true)]));
        assert_eq!(one.verdict, Verdict::Passed);
        let two = storage_class(&claims, &Ok(vec![class("a", true), class("b", true)]));
        assert_eq!(two.verdict, Verdict::Warning);
        assert_eq!(storage_class(&[], &Ok(vec![])).verdict, Verdict::Passed);
    }

    #[test]
    fn a_named_class_must_exist() {
        let claims = [claim(Some("fast"))];
        assert_eq!(
            storage_class(&claims, &Ok(vec![class("standard", true)])).verdict,
            Verdict::Failed
        );
        assert_eq!(
            storage_class(&claims, &Ok(vec![class("fast", false)])).verdict,
            Verdict::Passed
        );
        assert_eq!(
            storage_class(&claims, &Err("forbidden".into())).verdict,
            Verdict::Warning
        );
    }
}
