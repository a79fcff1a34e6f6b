//! The cluster edge: the only module that talks to the API server (kube-rs).
//!
//! Objects go in and out as [`Object`]s; kinds are resolved through discovery
//! (one request per group/version, cached) or from CRDs odh applies itself.

mod bulk;
mod connect;
mod error;
mod feeds;
mod patch;
mod proxy;
mod request;
mod review;
mod served;
mod watch;

pub use connect::connect;
pub use error::{ClusterError, Conflict, classify};
pub use proxy::{ProxyRequest, ProxyResponse, ServiceTarget, host_header};
pub use review::ResourceRule;

use request::read_with_retry;
pub use watch::{ObjectWatch, watch_labels, watch_object};

use crate::catalog::Platform;
use crate::object::{Object, ObjectRef};
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::discovery::Scope;
use std::collections::HashMap;
use std::sync::Mutex;

/// The field manager odh applies with.
pub const FIELD_MANAGER: &str = "odh";

/// A resolved kind: how to address it and whether it is namespaced.
#[derive(Debug, Clone)]
pub struct Resource {
    pub api: ApiResource,
    pub namespaced: bool,
}

/// A connection to one cluster.
pub struct Cluster {
    client: kube::Client,
    /// The same connection settings without the client's own retries (for the service proxy).
    proxy_client: kube::Client,
    /// What the kubeconfig points at, for messages.
    pub server: String,
    /// How long one request may take (`None`: no limit). Watches are not cut by it.
    request_timeout: Option<std::time::Duration>,
    resources: Mutex<HashMap<(String, String), Resource>>,
    /// The namespaced kinds the server lists, once discovered.
    served: Mutex<Option<Vec<(String, String)>>>,
    /// One lock per group version being discovered.
    gates: Mutex<HashMap<String, std::sync::Arc<tokio::sync::Mutex<()>>>>,
    /// Shared watches, one per namespaced kind and namespace.
    feeds: feeds::Feeds,
    /// The server's `/openapi/v3` index, read once (`None`: it serves none).
    openapi_index: tokio::sync::OnceCell<Option<serde_json::Value>>,
}

impl Cluster {
    pub(crate) fn new(
        client: kube::Client,
        proxy_client: kube::Client,
        server: String,
        request_timeout: Option<std::time::Duration>,
    ) -> Cluster {
        Cluster {
            client,
            proxy_client,
            server,
            request_timeout,
            resources: Mutex::new(HashMap::new()),
            served: Mutex::new(None),
            gates: Mutex::new(HashMap::new()),
            feeds: feeds::Feeds::default(),
            openapi_index: tokio::sync::OnceCell::new(),
        }
    }

    /// The raw client, for the watch helpers.
    pub fn client(&self) -> &kube::Client {
        &self.client
    }

    /// The server's version (`/version`).
    ///
    /// # Errors
    /// When the server cannot be reached or answers with an error.
    pub async fn version(&self) -> Result<String, ClusterError> {
        let info = read_with_retry(|| self.call(self.client.apiserver_version())).await?;
        Ok(info.git_version)
    }

    /// OpenShift when `route.openshift.io` and `operators.coreos.com` are served.
    ///
    /// # Errors
    /// When the group list cannot be read.
    pub async fn detect_platform(&self) -> Result<Platform, ClusterError> {
        let groups = self.api_groups().await?;
        let has = |name: &str| groups.iter().any(|g| g == name);
        Ok(
            if has("route.openshift.io") && has("operators.coreos.com") {
                Platform::Openshift
            } else {
                Platform::Kubernetes
            },
        )
    }

    /// The names of the API groups the server serves.
    ///
    /// # Errors
    /// When the group list cannot be read.
    pub async fn api_groups(&self) -> Result<Vec<String>, ClusterError> {
        let groups = read_with_retry(|| self.call(self.client.list_api_groups())).await?;
        Ok(groups.groups.into_iter().map(|g| g.name).collect())
    }

    /// Teaches the resolver a kind from a CRD (so its custom resources resolve
    /// without another discovery request).
    pub fn learn_crd(&self, crd: &Object) {
        let Some(group) = crd.str_at("/spec/group") else {
            return;
        };
        let (Some(kind), Some(plural)) = (
            crd.str_at("/spec/names/kind"),
            crd.str_at("/spec/names/plural"),
        ) else {
            return;
        };
        let namespaced = crd.str_at("/spec/scope") != Some("Cluster");
        let versions = crd
            .get("/spec/versions")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        let mut resources = self.resources.lock().unwrap_or_else(|e| e.into_inner());
        for version in versions
            .iter()
            .filter_map(|v| v.get("name").and_then(|n| n.as_str()))
        {
            let gvk = GroupVersionKind::gvk(group, version, kind);
            let api = ApiResource::from_gvk_with_plural(&gvk, plural);
            resources.insert(
                (api.api_version.clone(), kind.to_string()),
                Resource { api, namespaced },
            );
        }
    }

    fn cached(&self, api_version: &str, kind: &str) -> Option<Resource> {
        self.resources
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(api_version.to_string(), kind.to_string()))
            .cloned()
    }

    /// The lock that makes concurrent lookups in one group version share one
    /// discovery request.
    fn gate(&self, api_version: &str) -> std::sync::Arc<tokio::sync::Mutex<()>> {
        self.gates
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(api_version.to_string())
            .or_default()
            .clone()
    }

    /// Resolves apiVersion + kind to a resource: from what is known, else by
    /// reading the group version's resource list once (for every kind in it).
    ///
    /// # Errors
    /// `ClusterError::UnknownKind` when the server does not serve it (yet).
    pub async fn resolve(&self, api_version: &str, kind: &str) -> Result<Resource, ClusterError> {
        if let Some(found) = self.cached(api_version, kind) {
            return Ok(found);
        }
        let gate = self.gate(api_version);
        let _one_at_a_time = gate.lock().await;
        if let Some(found) = self.cached(api_version, kind) {
            return Ok(found);
        }
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        let gv = kube::core::GroupVersion::gv(group, version);
        let listed =
            read_with_retry(|| self.call(kube::discovery::pinned_group(&self.client, &gv))).await;
        match listed {
            Ok(apigroup) => {
                let mut resources = self.resources.lock().unwrap_or_else(|e| e.into_inner());
                for (api, caps) in apigroup.versioned_resources(version) {
                    resources.insert(
                        (api.api_version.clone(), api.kind.clone()),
                        Resource {
                            api,
                            namespaced: caps.scope == Scope::Namespaced,
                        },
                    );
                }
            }
            // The group version is not served (yet): its CRD comes later.
            Err(ClusterError::NotFound) => {}
            Err(other) => return Err(other),
        }
        self.cached(api_version, kind)
            .ok_or_else(|| ClusterError::UnknownKind(format!("{kind} ({api_version})")))
    }

    fn api(&self, resource: &Resource, namespace: Option<&str>) -> Api<DynamicObject> {
        match (resource.namespaced, namespace) {
            (true, Some(ns)) => Api::namespaced_with(self.client.clone(), ns, &resource.api),
            _ => Api::all_with(self.client.clone(), &resource.api),
        }
    }

    /// Reads one object; `None` when it does not exist.
    ///
    /// # Errors
    /// Anything but NotFound.
    pub async fn get(&self, target: &ObjectRef) -> Result<Option<Object>, ClusterError> {
        let resource = self.resolve(&target.api_version, &target.kind).await?;
        let api = self.api(&resource, target.namespace.as_deref());
        let found = read_with_retry(|| self.call(api.get_opt(&target.name))).await?;
        found.map(to_object).transpose()
    }

    /// Reads one object; `None` when it does not exist, nor its kind (a CRD
    /// that is not installed yet).
    ///
    /// # Errors
    /// Anything else.
    pub async fn find(&self, target: &ObjectRef) -> Result<Option<Object>, ClusterError> {
        match self.get(target).await {
            Err(ClusterError::UnknownKind(_)) => Ok(None),
            other => other,
        }
    }

    /// Server-side applies an object with odh's field manager.
    ///
    /// # Errors
    /// Conflicts with other managers (unless `force`), validation and transient errors.
    pub async fn apply(
        &self,
        object: &Object,
        force: bool,
        dry_run: bool,
    ) -> Result<Object, ClusterError> {
        let resource = self.resolve(object.api_version(), object.kind()).await?;
        let api = self.api(&resource, object.namespace());
        let mut params = PatchParams::apply(FIELD_MANAGER);
        if force {
            params = params.force();
        }
        if dry_run {
            params = params.dry_run();
        }
        let patched = self
            .call(api.patch(object.name(), &params, &Patch::Apply(&object.0)))
            .await?;
        to_object(patched)
    }

    /// Creates an object (fails with `AlreadyExists` when it exists).
    ///
    /// # Errors
    /// As the server answers.
    pub async fn create(&self, object: &Object) -> Result<Object, ClusterError> {
        let resource = self.resolve(object.api_version(), object.kind()).await?;
        let api = self.api(&resource, object.namespace());
        let dynamic: DynamicObject = serde_json::from_value(object.0.clone())
            .map_err(|e| ClusterError::Other(e.to_string()))?;
        to_object(
            self.call(api.create(&PostParams::default(), &dynamic))
                .await?,
        )
    }

    /// Replaces an object; its `metadata.resourceVersion` makes this a compare-and-swap.
    ///
    /// # Errors
    /// `Conflict` when the object changed since it was read.
    pub async fn replace(&self, object: &Object) -> Result<Object, ClusterError> {
        let resource = self.resolve(object.api_version(), object.kind()).await?;
        let api = self.api(&resource, object.namespace());
        let dynamic: DynamicObject = serde_json::from_value(object.0.clone())
            .map_err(|e| ClusterError::Other(e.to_string()))?;
        to_object(
            self.call(api.replace(object.name(), &PostParams::default(), &dynamic))
                .await?,
        )
    }

    /// Deletes an object (background propagation). Deleting what is gone is not an error.
    ///
    /// # Errors
    /// As the server answers, except NotFound.
    pub async fn delete(&self, target: &ObjectRef) -> Result<(), ClusterError> {
        let resource = self.resolve(&target.api_version, &target.kind).await?;
        let api = self.api(&resource, target.namespace.as_deref());
        match self
            .call(api.delete(&target.name, &DeleteParams::background()))
            .await
        {
            Ok(_) | Err(ClusterError::NotFound) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// Lists objects of a kind, in a namespace or everywhere, by label selector.
    ///
    /// # Errors
    /// As the server answers.
    pub async fn list(
        &self,
        api_version: &str,
        kind: &str,
        namespace: Option<&str>,
        labels: Option<&str>,
    ) -> Result<Vec<Object>, ClusterError> {
        let resource = self.resolve(api_version, kind).await?;
        let api = self.api(&resource, namespace);
        let mut params = ListParams::default();
        if let Some(selector) = labels {
            params = params.labels(selector);
        }
        let list = read_with_retry(|| self.call(api.list(&params))).await?;
        list.items
            .into_iter()
            .map(|mut item| {
                item.types.get_or_insert_with(|| kube::core::TypeMeta {
                    api_version: api_version.to_string(),
                    kind: kind.to_string(),
                });
                to_object(item)
            })
            .collect()
    }
}

fn to_object(dynamic: DynamicObject) -> Result<Object, ClusterError> {
    serde_json::to_value(dynamic)
        .map(Object::new)
        .map_err(|e| ClusterError::Other(format!("reading the server's answer: {e}")))
}
