//! Reading many objects at once: one LIST per kind and namespace where two or
//! more objects share them, a GET for the rest (and for cluster-scoped kinds,
//! whose lists can be large). Answers come back in the order asked.

use super::{Cluster, ClusterError};
use crate::object::{Object, ObjectRef};
use futures::StreamExt;
use std::collections::BTreeMap;

/// A unit of reading: a list of (apiVersion, kind, namespace) for the given
/// positions, or (`None`) one get.
type Unit<'a> = (Option<(&'a str, &'a str, &'a str)>, Vec<usize>);
/// What one unit read: positions and objects.
type Found = Result<Vec<(usize, Option<Object>)>, ClusterError>;

impl Cluster {
    /// Each object, or `None` when it (or its kind) does not exist.
    ///
    /// # Errors
    /// The first error other than an absent object or kind.
    pub async fn read_many(
        &self,
        targets: &[ObjectRef],
    ) -> Result<Vec<Option<Object>>, ClusterError> {
        let mut groups: BTreeMap<(&str, &str, Option<&str>), Vec<usize>> = BTreeMap::new();
        for (index, target) in targets.iter().enumerate() {
            groups
                .entry((
                    &target.api_version,
                    &target.kind,
                    target.namespace.as_deref(),
                ))
                .or_default()
                .push(index);
        }
        let mut units: Vec<Unit<'_>> = Vec::new();
        for ((api_version, kind, namespace), indices) in groups {
            match namespace {
                Some(ns) if indices.len() > 1 => {
                    units.push((Some((api_version, kind, ns)), indices))
                }
                _ => units.extend(indices.into_iter().map(|i| (None, vec![i]))),
            }
        }
        let reads = units.into_iter().map(|(list, indices)| async move {
            let Some((api_version, kind, namespace)) = list else {
                let i = indices[0];
                return Ok(vec![(i, self.find(&targets[i]).await?)]);
            };
            let listed = match self.list(api_version, kind, Some(namespace), None).await {
                Ok(items) => items,
                Err(ClusterError::UnknownKind(_) | ClusterError::NotFound) => Vec::new(),
                Err(e) => return Err(e),
            };
            let by_name: std::collections::HashMap<String, Object> = listed
                .into_iter()
                .map(|o| (o.name().to_string(), o))
                .collect();
            Ok(indices
                .iter()
                .map(|&i| (i, by_name.get(&targets[i].name).cloned()))
                .collect())
        });
        let results: Vec<Found> = futures::stream::iter(reads)
            .buffer_unordered(8)
            .collect()
            .await;
        let mut out = vec![None; targets.len()];
        for result in results {
            for (index, object) in result? {
                out[index] = object;
            }
        }
        Ok(out)
    }
}
