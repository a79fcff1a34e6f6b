//! The kinds the server serves, from one discovery pass (aggregated when the
//! server offers it), remembered for the rest of the run and used to resolve
//! kinds without a request each.

use super::{Cluster, ClusterError, Resource, read_with_retry};
use kube::discovery::{Discovery, Scope, verbs};

impl Cluster {
    /// Every namespaced kind the server can list, as (apiVersion, kind), in
    /// each group's preferred version. Groups that mirror other objects
    /// (`metrics.k8s.io`) are left out.
    ///
    /// # Errors
    /// When discovery fails.
    pub async fn namespaced_kinds(&self) -> Result<Vec<(String, String)>, ClusterError> {
        if let Some(kinds) = self
            .served
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            return Ok(kinds);
        }
        let discovery = read_with_retry(|| async {
            let aggregated = self
                .call(
                    Discovery::new(self.client.clone())
                        .exclude(&["metrics.k8s.io"])
                        .run_aggregated(),
                )
                .await?;
            // A server without aggregated discovery answers with no groups.
            if aggregated.groups().next().is_some() {
                return Ok(aggregated);
            }
            self.call(
                Discovery::new(self.client.clone())
                    .exclude(&["metrics.k8s.io"])
                    .run(),
            )
            .await
        })
        .await?;
        let mut kinds = Vec::new();
        let mut resources = self.resources.lock().unwrap_or_else(|e| e.into_inner());
        for group in discovery.groups() {
            for (api, caps) in group.recommended_resources() {
                let namespaced = caps.scope == Scope::Namespaced;
                resources
                    .entry((api.api_version.clone(), api.kind.clone()))
                    .or_insert_with(|| Resource {
                        api: api.clone(),
                        namespaced,
                    });
                if namespaced && caps.supports_operation(verbs::LIST) {
                    kinds.push((api.api_version.clone(), api.kind.clone()));
                }
            }
        }
        drop(resources);
        kinds.sort();
        kinds.dedup();
        *self.served.lock().unwrap_or_else(|e| e.into_inner()) = Some(kinds.clone());
        Ok(kinds)
    }
}
