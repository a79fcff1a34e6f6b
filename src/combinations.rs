//! Values that are each valid alone but do not go together, refused before
//! anything is fetched or rendered. Pure.

use crate::error::usage;
use crate::values::Values;
use anyhow::Result;

/// Fails (a usage error, exit 2) on the first combination of values that
/// cannot be installed, naming the keys and what would be right.
///
/// # Errors
/// A usage error naming the conflicting keys.
pub fn check(values: &Values) -> Result<()> {
    let engine = values.str("s3.engine");
    if engine == "rook" && !values.str("s3.endpoint").is_empty() {
        return Err(usage(
            "s3.engine=rook runs odh's own S3 store in the cluster while s3.endpoint names an external one: unset s3.endpoint, or set s3.engine=minio",
        ));
    }
    if let Some(count) = values.get("rook.nodeCount").and_then(|v| v.as_i64())
        && count < 1
    {
        return Err(usage(format!(
            "rook.nodeCount must be at least 1 (the nodes that hold Ceph OSDs), got {count}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn values(sets: &[&str]) -> Values {
        let catalog = Catalog::embedded().unwrap();
        let selection = catalog.select(&["core".to_string()]).unwrap();
        let mut values = Values::defaults(&catalog, &selection);
        for set in sets {
            values.apply_set(set).unwrap();
        }
        values
    }

    #[test]
    fn rook_and_an_external_endpoint_exclude_each_other() {
        assert!(check(&values(&[])).is_ok());
        assert!(check(&values(&["s3.engine=rook"])).is_ok());
        assert!(check(&values(&["s3.endpoint=https://s3.example.com"])).is_ok());
        let err = check(&values(&[
            "s3.engine=rook",
            "s3.endpoint=https://s3.example.com",
        ]))
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("s3.engine=rook runs odh's own S3 store")
        );
        assert_eq!(crate::error::exit_for(&err), crate::error::Exit::Usage);
    }

    #[test]
    fn a_cluster_needs_at_least_one_node() {
        let err = check(&values(&["rook.nodeCount=0"])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "rook.nodeCount must be at least 1 (the nodes that hold Ceph OSDs), got 0"
        );
        assert!(check(&values(&["rook.nodeCount=5"])).is_ok());
    }
}
