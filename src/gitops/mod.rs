//! GitOps delivery with Argo CD (`odh render --output-dir DIR --gitops argocd`):
//! the rendered objects per component, one Argo CD Application per component
//! and a parent Application over them (app of apps), in odh's install order.
//! Pure: it returns the files to write.
//!
//! - The Applications' `sync-wave` is the component's place in the plan
//!   (`waves::component_waves`), and each object's `sync-wave` inside its
//!   Application is the plan wave odh itself would apply it in, so Argo CD's
//!   health gating between waves repeats odh's waits.
//! - Custom resources carry `SkipDryRunOnMissingResource=true` (their CRD
//!   may come from another Application or an operator); every Application
//!   applies server-side, as odh does (Rook's CephCluster CRD is larger than
//!   the client-side annotation limit).
//! - What odh keeps on uninstall without `--purge` (claims, bucket claims,
//!   CRDs, the Ceph component) carries `Prune=false,Delete=false`.
//! - Secrets whose keys odh generates are never written; `secrets.md` says
//!   how to create them in the cluster.
//!
//! One ApplicationSet was not chosen: Argo CD orders the Applications it
//! generates only with Progressive Syncs (beta, off by default, and it turns
//! automated sync off), while sync waves over Applications work on a stock
//! Argo CD with the Application health check of `health.rs`.

mod files;
pub mod health;
pub mod waves;

pub use files::{File, argocd};

/// Where the files will live and which Argo CD syncs them.
#[derive(Debug, Clone)]
pub struct Options {
    /// The Git repository Argo CD reads.
    pub repo_url: String,
    /// The branch, tag or commit.
    pub revision: String,
    /// The output directory's path inside the repository (no leading `/`).
    pub repo_path: String,
    /// Argo CD's namespace (its Applications live there).
    pub argocd_namespace: String,
    /// The namespace for objects that name none.
    pub namespace: String,
}

/// The sync wave annotation (argo-cd@v3.5.1 docs/user-guide/sync-waves.md).
pub const SYNC_WAVE: &str = "argocd.argoproj.io/sync-wave";
/// The per-resource sync options annotation (docs/user-guide/sync-options.md).
pub const SYNC_OPTIONS: &str = "argocd.argoproj.io/sync-options";
