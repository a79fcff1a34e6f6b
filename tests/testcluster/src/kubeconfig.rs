//! Writes the kubeconfig: one cluster (CA inline), an admin, a read-only and a namespace-only
//! user, a context each (the admin's the current one).

use base64::Engine;

pub const CONTEXT: &str = "odh-test";
pub const READONLY_CONTEXT: &str = "odh-test-readonly";
pub const NAMESPACED_CONTEXT: &str = "odh-test-namespaced";

/// The tokens and the namespace-only user's namespace, for the kubeconfig.
pub struct Users<'a> {
    pub admin: &'a str,
    pub readonly: &'a str,
    pub namespaced: &'a str,
    pub namespace: &'a str,
}

/// The kubeconfig YAML for a server at `url`.
pub fn render(url: &str, ca_pem: &str, u: &Users) -> String {
    let (admin_token, readonly_token, namespaced_token, ns) =
        (u.admin, u.readonly, u.namespaced, u.namespace);
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
- name: odh-test-namespaced
  user:
    token: {namespaced_token}
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
- name: {NAMESPACED_CONTEXT}
  context:
    cluster: odh-test
    user: odh-test-namespaced
    namespace: {ns}
current-context: {CONTEXT}
preferences: {{}}
"
    )
}
