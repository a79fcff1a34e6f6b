//! Questions about the cluster rather than its objects: may the caller do
//! something (SelfSubjectAccessReview), and what schema does the server serve
//! for a group-version (`/openapi/v3`).

use super::{Cluster, ClusterError, read_with_retry};
pub use k8s_openapi::api::authorization::v1::ResourceRule;
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
    SelfSubjectRulesReview, SelfSubjectRulesReviewSpec,
};
use kube::api::{Api, PostParams};
use serde_json::Value;

impl Cluster {
    /// Whether the caller may `verb` the `group`/`resource` in `namespace`
    /// (cluster-wide when `None`), by SelfSubjectAccessReview.
    ///
    /// # Errors
    /// When the review cannot be made.
    pub async fn may(
        &self,
        verb: &str,
        group: &str,
        resource: &str,
        namespace: Option<&str>,
    ) -> Result<bool, ClusterError> {
        let review = SelfSubjectAccessReview {
            spec: SelfSubjectAccessReviewSpec {
                resource_attributes: Some(ResourceAttributes {
                    verb: Some(verb.into()),
                    group: Some(group.into()),
                    resource: Some(resource.into()),
                    namespace: namespace.map(str::to_string),
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        let api: Api<SelfSubjectAccessReview> = Api::all(self.client.clone());
        let params = PostParams::default();
        let answer = read_with_retry(|| self.call(api.create(&params, &review))).await?;
        Ok(answer.status.is_some_and(|s| s.allowed))
    }

    /// The resource rules the caller has in `namespace`, by
    /// SelfSubjectRulesReview; `None` when the server says the list is
    /// incomplete (another authorizer decides too), so only access reviews tell.
    ///
    /// # Errors
    /// When the review cannot be made.
    pub async fn rules(&self, namespace: &str) -> Result<Option<Vec<ResourceRule>>, ClusterError> {
        let review = SelfSubjectRulesReview {
            spec: SelfSubjectRulesReviewSpec {
                namespace: Some(namespace.to_string()),
            },
            ..Default::default()
        };
        let api: Api<SelfSubjectRulesReview> = Api::all(self.client.clone());
        let params = PostParams::default();
        let answer = read_with_retry(|| self.call(api.create(&params, &review))).await?;
        let Some(status) = answer.status else {
            return Ok(None);
        };
        if status.incomplete {
            return Ok(None);
        }
        Ok(Some(status.resource_rules))
    }

    /// The served OpenAPI v3 document of `group/version`; `None` when the server
    /// publishes none for it.
    ///
    /// # Errors
    /// When the index or the document cannot be read.
    pub async fn openapi(&self, group: &str, version: &str) -> Result<Option<Value>, ClusterError> {
        let index = self
            .openapi_index
            .get_or_try_init(|| async {
                match self.get_json("/openapi/v3").await {
                    Ok(index) => Ok(Some(index)),
                    Err(ClusterError::NotFound) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .await?;
        let Some(index) = index else {
            return Ok(None);
        };
        let key = if group.is_empty() {
            format!("api/{version}")
        } else {
            format!("apis/{group}/{version}")
        };
        let Some(url) = index
            .pointer(&format!(
                "/paths/{}/serverRelativeURL",
                key.replace('/', "~1")
            ))
            .and_then(Value::as_str)
        else {
            return Ok(None);
        };
        let url = url.to_string();
        self.get_json(&url).await.map(Some)
    }

    async fn get_json(&self, path: &str) -> Result<Value, ClusterError> {
        let text = read_with_retry(|| {
            let request = http::Request::get(path).body(Vec::new());
            async move {
                let request = request.map_err(|e| ClusterError::Other(e.to_string()))?;
                self.call(self.client.request_text(request)).await
            }
        })
        .await?;
        serde_json::from_str(&text).map_err(|e| ClusterError::Other(format!("reading {path}: {e}")))
    }
}
