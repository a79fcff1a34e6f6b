//! [`TestCluster`]: starts the server and controllers, writes the kubeconfig, and offers fault
//! controls, the request log, direct state inspection and shutdown.

use crate::faults::Faults;
use crate::log::RequestRecord;
use crate::ops::{self, DeleteOpts, PatchType, WriteOpts};
use crate::options::{Options, Platform};
use crate::state::Shared;
use crate::status::ApiError;
use anyhow::Context;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A running simulated cluster. Dropping it stops the server.
pub struct TestCluster {
    shared: Arc<Shared>,
    url: String,
    port: u16,
    kubeconfig: PathBuf,
    tempdir: Option<PathBuf>,
    ca_pem: String,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Parts {
    shared: Arc<Shared>,
    url: String,
    port: u16,
    kubeconfig: PathBuf,
    tempdir: Option<PathBuf>,
    ca_pem: String,
}

async fn start_parts(opts: Options) -> anyhow::Result<Parts> {
    let tls = crate::tls::generate()?;
    let shared = Shared::new(&opts);
    if let Some(p) = &opts.request_log {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .with_context(|| format!("opening the request log {}", p.display()))?;
        shared.log.write_to(file);
    }
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", opts.port))
        .await
        .with_context(|| format!("binding 127.0.0.1:{}", opts.port))?;
    let port = listener.local_addr()?.port();
    let url = format!("https://127.0.0.1:{port}");
    *shared.address.lock().unwrap_or_else(|p| p.into_inner()) = format!("127.0.0.1:{port}");
    {
        let mut st = shared.lock();
        crate::seed::kubernetes(&mut st);
        if opts.platform == Platform::OpenShift {
            crate::seed::openshift(&mut st);
        }
        crate::controllers::reconcile_all(&mut st, Instant::now());
        st.store.compact();
    }
    let (kubeconfig, tempdir) = match &opts.kubeconfig_out {
        Some(p) => (p.clone(), None),
        None => {
            let dir =
                std::env::temp_dir().join(format!("odh-testcluster-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            (dir.join("kubeconfig"), Some(dir))
        }
    };
    let text = crate::kubeconfig::render(
        &url,
        &tls.ca_pem,
        &crate::kubeconfig::Users {
            admin: &shared.tokens.admin,
            readonly: &shared.tokens.readonly,
            namespaced: &shared.tokens.namespaced,
            namespace: &opts.namespaced_user_namespace,
        },
    );
    if let Some(parent) = kubeconfig.parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent).ok();
    }
    std::fs::write(&kubeconfig, text)
        .with_context(|| format!("writing {}", kubeconfig.display()))?;
    tokio::spawn(crate::server::serve(
        listener,
        tls.server_config.clone(),
        shared.clone(),
    ));
    tokio::spawn(crate::controllers::run(shared.clone()));
    Ok(Parts {
        shared,
        url,
        port,
        kubeconfig,
        tempdir,
        ca_pem: tls.ca_pem,
    })
}

impl TestCluster {
    /// Starts the server on the caller's tokio runtime.
    ///
    /// # Errors
    /// When the port cannot be bound or the kubeconfig cannot be written.
    pub async fn start(opts: Options) -> anyhow::Result<TestCluster> {
        let p = start_parts(opts).await?;
        Ok(TestCluster {
            shared: p.shared,
            url: p.url,
            port: p.port,
            kubeconfig: p.kubeconfig,
            tempdir: p.tempdir,
            ca_pem: p.ca_pem,
            thread: None,
        })
    }

    /// Starts the server on its own thread with its own runtime (for plain `#[test]` functions).
    ///
    /// # Panics
    /// When the server cannot start (a test set-up failure).
    pub fn spawn(opts: Options) -> TestCluster {
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("odh-testcluster".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = tx.send(Err(anyhow::Error::from(e)));
                        return;
                    }
                };
                rt.block_on(async move {
                    match start_parts(opts).await {
                        Ok(p) => {
                            let mut stop = p.shared.shutdown.subscribe();
                            let _ = tx.send(Ok(p));
                            while !*stop.borrow_and_update() {
                                if stop.changed().await.is_err() {
                                    break;
                                }
                            }
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                        }
                    }
                });
                rt.shutdown_timeout(Duration::from_millis(200));
            })
            .expect("spawning the test cluster thread");
        let p = rx
            .recv()
            .expect("the test cluster thread ended early")
            .expect("starting the test cluster");
        TestCluster {
            shared: p.shared,
            url: p.url,
            port: p.port,
            kubeconfig: p.kubeconfig,
            tempdir: p.tempdir,
            ca_pem: p.ca_pem,
            thread: Some(thread),
        }
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// `https://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The kubeconfig (contexts `odh-test`, the default admin; `odh-test-readonly`, bound to
    /// `view`; `odh-test-namespaced`, `admin` in `Options::namespaced_user_namespace` only).
    pub fn kubeconfig_path(&self) -> &Path {
        &self.kubeconfig
    }

    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    pub fn admin_token(&self) -> &str {
        &self.shared.tokens.admin
    }

    pub fn readonly_token(&self) -> &str {
        &self.shared.tokens.readonly
    }

    /// The token of the user who is `admin` in one namespace only.
    pub fn namespaced_token(&self) -> &str {
        &self.shared.tokens.namespaced
    }

    /// Run-time fault controls.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// Every request served so far, in order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.log.snapshot()
    }

    pub fn clear_requests(&self) {
        self.shared.log.clear()
    }

    /// How long simulated workloads and operators take to become ready.
    pub fn set_ready_after(&self, d: Duration) {
        self.shared.lock().ready_after = d;
    }

    pub fn ready_after(&self) -> Duration {
        self.shared.lock().ready_after
    }

    pub fn platform(&self) -> Platform {
        self.shared.lock().platform
    }

    /// Switches the platform: OpenShift adds Routes and OLM (and its namespaces and catalogs).
    pub fn set_platform(&self, p: Platform) {
        let mut st = self.shared.lock();
        if st.platform == p {
            return;
        }
        st.platform = p;
        match p {
            Platform::OpenShift => {
                for r in crate::builtins::openshift() {
                    st.registry.add(r);
                }
                crate::seed::openshift(&mut st);
            }
            Platform::Kubernetes => {
                for r in crate::builtins::openshift() {
                    st.registry.remove(&r.group, &r.plural);
                }
            }
        }
    }

    /// The current global resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.shared.lock().store.rv()
    }

    /// How many objects are stored.
    pub fn object_count(&self) -> usize {
        self.shared.lock().store.count()
    }

    /// Drops the watch history: watches from older resourceVersions get 410 Gone.
    pub fn compact(&self) {
        self.shared.lock().store.compact();
    }

    /// The object `kind` in `api_version` (`namespace` "" for cluster-scoped), as served.
    pub fn get(&self, api_version: &str, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        let st = self.shared.lock();
        let ri = st.ri(api_version, kind)?;
        ops::get(&st, &ri, namespace, name).ok()
    }

    /// Every object of a kind (all groups that have this kind name), across namespaces.
    pub fn list(&self, kind: &str) -> Vec<Value> {
        let st = self.shared.lock();
        let mut out = Vec::new();
        for ri in st.registry.by_kind_name(kind) {
            for o in st.store.iter(&ri.storage_key()) {
                out.push(ops::for_read(o, ri));
            }
        }
        out
    }

    /// Every stored object of every kind (as read through the API, with kind and apiVersion).
    pub fn all_objects(&self) -> Vec<Value> {
        let st = self.shared.lock();
        let mut out = Vec::new();
        for key in st.store.resources() {
            let Some(ri) = st.registry.by_group_resource(&key.0, &key.1) else {
                continue;
            };
            for o in st.store.iter(&key) {
                out.push(ops::for_read(o, ri));
            }
        }
        out
    }

    /// Objects of a kind in an apiVersion, in one namespace or all (`None`).
    pub fn list_in(&self, api_version: &str, kind: &str, namespace: Option<&str>) -> Vec<Value> {
        let st = self.shared.lock();
        let Some(ri) = st.ri(api_version, kind) else {
            return Vec::new();
        };
        st.store
            .range(&ri.storage_key(), namespace, None)
            .map(|(_, o)| ops::for_read(o, &ri))
            .collect()
    }

    fn target(
        &self,
        obj: &Value,
    ) -> Result<(crate::registry::ResourceInfo, String, String), ApiError> {
        let av = obj["apiVersion"].as_str().unwrap_or("");
        let kind = obj["kind"].as_str().unwrap_or("");
        let st = self.shared.lock();
        let ri = st.ri(av, kind).ok_or_else(ApiError::resource_not_found)?;
        let ns = obj["metadata"]["namespace"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
        Ok((ri, ns, name))
    }

    /// Server-side applies an object directly (field manager `testcluster`, forced).
    ///
    /// # Errors
    /// The API error the request would have got.
    pub fn apply(&self, obj: &Value) -> Result<Value, ApiError> {
        let (ri, ns, name) = self.target(obj)?;
        let body = serde_json::to_vec(obj).unwrap_or_default();
        let o = WriteOpts {
            manager: "testcluster".into(),
            manager_given: true,
            ..Default::default()
        };
        let mut st = self.shared.lock();
        ops::patch(
            &mut st,
            &ri,
            &ns,
            &name,
            PatchType::Apply,
            &body,
            None,
            true,
            &o,
        )
        .map(|w| w.obj)
    }

    /// Merge-patches an object directly (`sub` "status" for the status subresource).
    ///
    /// # Errors
    /// The API error the request would have got.
    pub fn merge_patch(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        patch: &Value,
        sub: Option<&str>,
    ) -> Result<Value, ApiError> {
        let mut st = self.shared.lock();
        let ri = st
            .ri(api_version, kind)
            .ok_or_else(ApiError::resource_not_found)?;
        let body = serde_json::to_vec(patch).unwrap_or_default();
        let o = WriteOpts {
            manager: "testcluster".into(),
            manager_given: true,
            ..Default::default()
        };
        ops::patch(
            &mut st,
            &ri,
            namespace,
            name,
            PatchType::Merge,
            &body,
            sub,
            false,
            &o,
        )
        .map(|w| w.obj)
    }

    /// Deletes an object directly (background propagation).
    ///
    /// # Errors
    /// The API error the request would have got.
    pub fn delete(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
    ) -> Result<Value, ApiError> {
        let mut st = self.shared.lock();
        let ri = st
            .ri(api_version, kind)
            .ok_or_else(ApiError::resource_not_found)?;
        ops::delete(
            &mut st,
            &ri,
            namespace,
            name,
            &DeleteOpts::default(),
            &WriteOpts::internal("testcluster"),
        )
    }

    /// Removes one finalizer from an object (for example [`crate::STUCK_FINALIZER`]).
    ///
    /// # Errors
    /// The API error the request would have got.
    pub fn remove_finalizer(
        &self,
        api_version: &str,
        kind: &str,
        namespace: &str,
        name: &str,
        finalizer: &str,
    ) -> Result<Value, ApiError> {
        let obj = self
            .get(api_version, kind, namespace, name)
            .ok_or_else(ApiError::resource_not_found)?;
        let left: Vec<String> = crate::util::finalizers(&obj)
            .into_iter()
            .filter(|f| f != finalizer)
            .collect();
        self.merge_patch(
            api_version,
            kind,
            namespace,
            name,
            &serde_json::json!({"metadata": {"finalizers": left}}),
            None,
        )
    }

    /// Polls `cond` every 20 ms until it holds or `timeout` passes; returns whether it held.
    pub fn wait_for(&self, timeout: Duration, cond: impl Fn(&TestCluster) -> bool) -> bool {
        let end = Instant::now() + timeout;
        loop {
            if cond(self) {
                return true;
            }
            if Instant::now() >= end {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The async form of [`TestCluster::wait_for`].
    pub async fn wait_for_async(
        &self,
        timeout: Duration,
        cond: impl Fn(&TestCluster) -> bool,
    ) -> bool {
        let end = Instant::now() + timeout;
        loop {
            if cond(self) {
                return true;
            }
            if Instant::now() >= end {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the server (also done on drop).
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.shared.shutdown.send_replace(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        if let Some(d) = self.tempdir.take() {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

impl Drop for TestCluster {
    fn drop(&mut self) {
        self.stop();
    }
}
