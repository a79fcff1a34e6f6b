//! Stand-ins for the remote upstream files, served from a local mirror.
//!
//! The content is small and made here (minimal CRDs, a minimal cert-manager
//! release manifest), never upstream's. A lock file pins their digests the way
//! the embedded catalog pins upstream's.

use odh::catalog::Catalog;
use odh::sources::{relative_path, sha256_hex};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Every remote URL the catalog names, with stand-in content.
pub fn stand_ins() -> BTreeMap<String, String> {
    let catalog = Catalog::embedded().unwrap();
    catalog
        .profiles
        .iter()
        .flat_map(|p| p.components.iter())
        .flat_map(|c| c.sources.iter())
        .map(|s| (s.url.clone(), stand_in(&s.url)))
        .collect()
}

fn stand_in(url: &str) -> String {
    let file = url.rsplit('/').next().unwrap();
    if file == "cert-manager.yaml" {
        return CERT_MANAGER.to_string();
    }
    if url.contains("/rook/rook/") {
        return crate::rook_stand_ins::stand_in(file);
    }
    let stem = file.trim_end_matches(".yaml");
    if url.contains("/config/runtimes/") {
        return runtime(stem);
    }
    if stem == "scheduled-workflow-crd" {
        return crd(
            "kubeflow.org",
            "scheduledworkflows",
            "ScheduledWorkflow",
            "v1beta1",
            "Namespaced",
        );
    }
    let (group, plural) = stem
        .split_once('_')
        .expect("CRD files are named <group>_<plural>.yaml");
    let (kind, version, scope) = match plural {
        "sparkapplications" => ("SparkApplication", "v1beta2", "Namespaced"),
        "scheduledsparkapplications" => ("ScheduledSparkApplication", "v1beta2", "Namespaced"),
        "sparkconnects" => ("SparkConnect", "v1alpha1", "Namespaced"),
        "clusterstoragecontainers" => ("ClusterStorageContainer", "v1alpha1", "Cluster"),
        "clusterservingruntimes" => ("ClusterServingRuntime", "v1alpha1", "Cluster"),
        "servingruntimes" => ("ServingRuntime", "v1alpha1", "Namespaced"),
        "inferencegraphs" => ("InferenceGraph", "v1alpha1", "Namespaced"),
        "inferenceservices" => ("InferenceService", "v1beta1", "Namespaced"),
        "trainedmodels" => ("TrainedModel", "v1alpha1", "Namespaced"),
        "workflows" => ("Workflow", "v1alpha1", "Namespaced"),
        "workflowtemplates" => ("WorkflowTemplate", "v1alpha1", "Namespaced"),
        "clusterworkflowtemplates" => ("ClusterWorkflowTemplate", "v1alpha1", "Cluster"),
        "cronworkflows" => ("CronWorkflow", "v1alpha1", "Namespaced"),
        "workfloweventbindings" => ("WorkflowEventBinding", "v1alpha1", "Namespaced"),
        "workflowtasksets" => ("WorkflowTaskSet", "v1alpha1", "Namespaced"),
        "workflowtaskresults" => ("WorkflowTaskResult", "v1alpha1", "Namespaced"),
        "workflowartifactgctasks" => ("WorkflowArtifactGCTask", "v1alpha1", "Namespaced"),
        other => panic!("no stand-in for CRD {other}"),
    };
    crd(group, plural, kind, version, scope)
}

/// A minimal ClusterServingRuntime with a placeholder image, as upstream's
/// kustomize bases name them (`kserve-sklearnserver:replace`).
fn runtime(stem: &str) -> String {
    let placeholder = match stem {
        "kserve-tensorflow-serving" => "tensorflow-serving",
        "kserve-mlserver" => "mlserver",
        "kserve-huggingfaceserver" => "huggingfaceserver",
        other => other,
    };
    format!(
        "apiVersion: serving.kserve.io/v1alpha1\nkind: ClusterServingRuntime\nmetadata:\n  name: {stem}\nspec:\n  supportedModelFormats:\n  - name: {placeholder}\n    autoSelect: true\n  containers:\n  - name: kserve-container\n    image: {placeholder}:replace\n"
    )
}

/// A minimal CustomResourceDefinition.
pub fn crd(group: &str, plural: &str, kind: &str, version: &str, scope: &str) -> String {
    let singular = kind.to_ascii_lowercase();
    format!(
        "# stand-in\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: {plural}.{group}\nspec:\n  group: {group}\n  names:\n    kind: {kind}\n    listKind: {kind}List\n    plural: {plural}\n    singular: {singular}\n  scope: {scope}\n  versions:\n  - name: {version}\n    served: true\n    storage: true\n    subresources:\n      status: {{}}\n    schema:\n      openAPIV3Schema:\n        type: object\n        x-kubernetes-preserve-unknown-fields: true\n"
    )
}

const CERT_MANAGER: &str = r#"apiVersion: v1
kind: Namespace
metadata:
  name: cert-manager
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: issuers.cert-manager.io
spec:
  group: cert-manager.io
  names: {kind: Issuer, listKind: IssuerList, plural: issuers, singular: issuer}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: certificates.cert-manager.io
spec:
  group: cert-manager.io
  names: {kind: Certificate, listKind: CertificateList, plural: certificates, singular: certificate}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: cert-manager
  namespace: cert-manager
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cert-manager
  namespace: cert-manager
spec:
  replicas: 1
  selector:
    matchLabels: {app: cert-manager}
  template:
    metadata:
      labels: {app: cert-manager}
    spec:
      serviceAccountName: cert-manager
      containers:
      - name: cert-manager-controller
        image: quay.io/jetstack/cert-manager-controller:v1.21.1
        args:
        - --acme-http01-solver-image=quay.io/jetstack/cert-manager-acmesolver:v1.21.1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cert-manager-webhook
  namespace: cert-manager
spec:
  replicas: 1
  selector:
    matchLabels: {app: webhook}
  template:
    metadata:
      labels: {app: webhook}
    spec:
      containers:
      - name: cert-manager-webhook
        image: quay.io/jetstack/cert-manager-webhook:v1.21.1
"#;

/// The lock text pinning the stand-ins' digests.
pub fn lock_text(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .map(|(url, text)| format!("{}  {url}\n", sha256_hex(text.as_bytes())))
        .collect()
}

/// Writes the lock for the stand-ins into `dir/stand-ins.lock` and returns its path.
pub fn write_lock(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("stand-ins.lock");
    std::fs::write(&path, lock_text(&stand_ins())).unwrap();
    path
}

/// A plain HTTP server on 127.0.0.1 serving files at `/<host>/<path>`, the mirror layout.
/// It stops when dropped.
pub struct Mirror {
    pub url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    port: u16,
}

impl Mirror {
    /// Serves the given files (URL -> content).
    pub fn start(files: BTreeMap<String, String>) -> Mirror {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let by_path: BTreeMap<String, String> = files
            .into_iter()
            .map(|(url, text)| (format!("/{}", relative_path(&url).unwrap().display()), text))
            .collect();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (log, halt) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if halt.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
                log.lock().unwrap().push(path.clone());
                let response = match by_path.get(&path) {
                    Some(body) => format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    ),
                    None => {
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .to_string()
                    }
                };
                let _ = stream.write_all(response.as_bytes());
            }
        });
        Mirror {
            url: format!("http://127.0.0.1:{port}"),
            requests,
            stop,
            port,
        }
    }

    /// How many requests the mirror answered.
    pub fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Mirror {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}
