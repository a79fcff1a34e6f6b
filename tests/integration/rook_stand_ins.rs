//! Stand-ins for Rook's remote files (rook/rook@v1.20.6 deploy/examples
//! crds.yaml, common.yaml, csi-operator.yaml): the namespace, service accounts,
//! CRDs and the ceph-csi operator Deployment odh relies on, made here and small.

use crate::fixtures::crd;

/// The stand-in for one of Rook's files, by file name.
pub fn stand_in(file: &str) -> String {
    match file {
        "crds.yaml" => [
            crd(
                "ceph.rook.io",
                "cephclusters",
                "CephCluster",
                "v1",
                "Namespaced",
            ),
            crd(
                "ceph.rook.io",
                "cephblockpools",
                "CephBlockPool",
                "v1",
                "Namespaced",
            ),
            crd(
                "ceph.rook.io",
                "cephobjectstores",
                "CephObjectStore",
                "v1",
                "Namespaced",
            ),
            crd(
                "objectbucket.io",
                "objectbucketclaims",
                "ObjectBucketClaim",
                "v1alpha1",
                "Namespaced",
            ),
            crd(
                "objectbucket.io",
                "objectbuckets",
                "ObjectBucket",
                "v1alpha1",
                "Cluster",
            ),
        ]
        .join("\n---\n"),
        "common.yaml" => COMMON.to_string(),
        "csi-operator.yaml" => [
            crd(
                "csi.ceph.io",
                "cephconnections",
                "CephConnection",
                "v1",
                "Namespaced",
            ),
            crd(
                "csi.ceph.io",
                "clientprofiles",
                "ClientProfile",
                "v1",
                "Namespaced",
            ),
            crd("csi.ceph.io", "drivers", "Driver", "v1", "Namespaced"),
            CSI_OPERATOR.to_string(),
        ]
        .join("\n---\n"),
        other => panic!("no stand-in for Rook's {other}"),
    }
}

const COMMON: &str = r#"apiVersion: v1
kind: Namespace
metadata:
  name: rook-ceph
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: rook-ceph-system
rules:
- apiGroups: ["ceph.rook.io", "objectbucket.io", "csi.ceph.io"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: rook-ceph-system
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: rook-ceph-system}
subjects:
- {kind: ServiceAccount, name: rook-ceph-system, namespace: rook-ceph}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: rook-ceph-system, namespace: rook-ceph}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: rook-ceph-default, namespace: rook-ceph}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: rook-ceph-mgr, namespace: rook-ceph}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: rook-ceph-osd, namespace: rook-ceph}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: rook-ceph-rgw, namespace: rook-ceph}
"#;

const CSI_OPERATOR: &str = r#"apiVersion: v1
kind: ServiceAccount
metadata: {name: ceph-csi-controller-manager, namespace: rook-ceph}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ceph-csi-controller-manager
  namespace: rook-ceph
spec:
  replicas: 1
  selector:
    matchLabels: {app.kubernetes.io/name: ceph-csi-operator}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ceph-csi-operator}
    spec:
      serviceAccountName: ceph-csi-controller-manager
      containers:
      - name: manager
        image: quay.io/cephcsi/ceph-csi-operator:v1.0.4
"#;
