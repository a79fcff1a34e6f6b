//! What a run created, registered before each creation, and its removal: at
//! the end of the check that made it, or at the end of the run (also after a
//! failure, the deadline or Ctrl-C) for whatever is still registered.

use super::http::{Http, Jar};
use crate::cluster::{Cluster, ProxyRequest, ServiceTarget};
use crate::object::ObjectRef;
use crate::verify::jupyterhub;
use http::Method;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// One thing to remove.
#[derive(Debug, Clone)]
pub enum Created {
    /// An object verify created (it carries odh's labels and the run label).
    Object(ObjectRef),
    /// A hub API token of the verify user, revoked with the login session.
    HubToken {
        hub: ServiceTarget,
        jar: Jar,
        id: String,
    },
    /// The verify user's notebook server: stopped through the hub, then its
    /// pod (if the hub left it) and its claim deleted.
    Notebook {
        hub: ServiceTarget,
        jar: Jar,
        namespace: String,
    },
    /// An object verify put into the S3 bucket (`/bucket/key`).
    S3Object {
        signer: Box<super::s3::Signer>,
        path: String,
    },
    /// A pipeline run verify submitted, deleted through the API server that
    /// took it (which deletes its Workflow too).
    PipelineRun { api: ServiceTarget, id: String },
}

/// The registry of one run.
#[derive(Debug, Default)]
pub struct Cleanup {
    items: Mutex<Vec<(usize, Created)>>,
    next: Mutex<usize>,
}

/// How long removal may take at the end of a run.
const CLEANUP_LIMIT: Duration = Duration::from_secs(60);

impl Cleanup {
    pub fn new() -> Cleanup {
        Cleanup::default()
    }

    /// Registers something about to be created; returns its ticket.
    pub fn add(&self, created: Created) -> usize {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        *next += 1;
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((*next, created));
        *next
    }

    /// Replaces a registration (a session got a new XSRF cookie).
    pub fn update(&self, ticket: usize, created: Created) {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(item) = items.iter_mut().find(|(t, _)| *t == ticket) {
            item.1 = created;
        }
    }

    /// Removes a registration once the thing is gone.
    pub fn done(&self, ticket: usize) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|(t, _)| *t != ticket);
    }

    pub fn is_empty(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    /// Removes everything still registered, newest first. Returns one line per
    /// thing removed and per failure.
    pub async fn run(&self, cluster: &Cluster) -> Vec<String> {
        let items: Vec<(usize, Created)> = {
            let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
            std::mem::take(&mut *items)
        };
        let deadline = Instant::now() + CLEANUP_LIMIT;
        let mut lines = Vec::new();
        for (_, created) in items.into_iter().rev() {
            lines.push(match remove(cluster, &created, deadline).await {
                Ok(what) => format!("removed {what}"),
                Err(why) => format!("could not remove: {why}"),
            });
        }
        lines
    }
}

/// Removes one thing.
///
/// # Errors
/// What could not be removed, and why.
pub async fn remove(
    cluster: &Cluster,
    created: &Created,
    deadline: Instant,
) -> Result<String, String> {
    let http = Http { cluster, deadline };
    match created {
        Created::Object(target) => cluster
            .delete(target)
            .await
            .map(|()| target.to_string())
            .map_err(|e| format!("{target}: {e}")),
        Created::HubToken { hub, jar, id } => {
            let path = format!("{}/{id}", jupyterhub::tokens_path(jupyterhub::USER));
            let request = xsrf(jar, ProxyRequest::new(Method::DELETE, &path));
            let answer = http.call(hub, &request).await.map_err(|e| e.to_string())?;
            match answer.status {
                204 | 200 | 404 => Ok(format!("hub token {id} of {}", jupyterhub::USER)),
                status => Err(format!("revoking hub token {id}: HTTP {status}")),
            }
        }
        Created::Notebook {
            hub,
            jar,
            namespace,
        } => super::notebook::stop(&http, hub, jar, namespace).await,
        Created::S3Object { signer, path } => {
            let request = signer.request(Method::DELETE, path, &[]);
            let answer = http
                .call(&signer.target, &request)
                .await
                .map_err(|e| e.to_string())?;
            match answer.status {
                200 | 204 | 404 => Ok(format!("S3 object {path}")),
                status => Err(format!("deleting S3 object {path}: HTTP {status}")),
            }
        }
        Created::PipelineRun { api, id } => {
            let path = format!("{}/{id}", crate::verify::pipelines::RUNS_PATH);
            let request = ProxyRequest::new(Method::DELETE, &path);
            let answer = http.call(api, &request).await.map_err(|e| e.to_string())?;
            match answer.status {
                200 | 204 | 404 => Ok(format!("pipeline run {id}")),
                status => Err(format!("deleting pipeline run {id}: HTTP {status}")),
            }
        }
    }
}

/// A hub API request authenticated by the session cookies and their XSRF token.
pub fn xsrf(jar: &Jar, request: ProxyRequest) -> ProxyRequest {
    let request = jar.attach(request);
    match jar.get("_xsrf") {
        Some(token) => request.header(jupyterhub::XSRF_HEADER, token),
        None => request,
    }
}
