//! Writes the kubeconfig: one cluster (CA inline), an admin and a read-only user, two contexts.

use base64::Engine;

pub const CONTEXT: &str = "odh-test";
pub const READONLY_CONTEXT: &str = "odh-test-readonly";

/// The kubeconfig YAML for a server at `url`.
pub fn render(url: &str, ca_pem: &str, admin_token: &str, readonly_token: &str) -> String {
    let ca = base64::engine::general_purpose::STANDARD.encode(ca_pem.as_bytes());
    format!(
        "apiVersion: v1
kind: Config
clusters:
- name: odh-test
  cluster:
    server: {url}
    certificate-authority-data: {ca}
users:
- name: odh-test-admin
  user:
    token: {admin_token}
- name: odh-test-readonly
  user:
    token: {readonly_token}
contexts:
- name: {CONTEXT}
  context:
    cluster: odh-test
    user: odh-test-admin
    namespace: default
- name: {READONLY_CONTEXT}
  context:
    cluster: odh-test
    user: odh-test-readonly
    namespace: default
current-context: {CONTEXT}
preferences: {{}}
"
    )
}
