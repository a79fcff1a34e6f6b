//! Merge patches (RFC 7386), for the few writes that are not server-side
//! applies: taking finalizers off an object whose controller is gone.

use super::{Cluster, to_object};
use crate::cluster::ClusterError;
use crate::object::{Object, ObjectRef};
use kube::api::{Patch, PatchParams};

impl Cluster {
    /// Merge-patches an object.
    ///
    /// # Errors
    /// As the server answers (NotFound included).
    pub async fn merge_patch(
        &self,
        target: &ObjectRef,
        patch: &serde_json::Value,
    ) -> Result<Object, ClusterError> {
        let resource = self.resolve(&target.api_version, &target.kind).await?;
        let api = self.api(&resource, target.namespace.as_deref());
        let params = PatchParams::default();
        let patched = self
            .call(api.patch(&target.name, &params, &Patch::Merge(patch)))
            .await?;
        to_object(patched)
    }
}
