//! A simulated Kubernetes API server over HTTPS on 127.0.0.1 for testing `odh`.
//!
//! It speaks the real wire protocol (discovery, get/list/watch, server-side apply with managed
//! fields and conflicts, delete with finalizers and propagation, CRDs that add resources), simulates
//! controllers (workloads, CRD establishment, namespaces, garbage collection, OLM, the ODH operator,
//! Seldon, KServe) with configurable delays, and injects faults. Start it with
//! [`TestCluster::start`] (async) or [`TestCluster::spawn`] (its own thread and runtime).

mod admission;
mod auth;
mod builtin_schema;
mod builtins;
mod controllers;
mod crd;
mod defaults;
mod discovery;
mod faults;
mod fields;
mod gc;
mod handle;
mod handlers;
mod http;
mod kubeconfig;
mod log;
mod namespace;
mod openapi;
mod ops;
mod options;
mod proto;
mod proxy;
mod registry;
mod router;
mod schema;
mod seed;
mod selectors;
mod server;
mod ssa;
mod state;
mod status;
mod store;
mod table;
mod tls;
mod util;
mod validation;
mod watch;

pub use auth::{ADMIN_USER, READONLY_USER};
pub use faults::{FaultScope, Faults, STUCK_FINALIZER};
pub use handle::TestCluster;
pub use kubeconfig::{CONTEXT, READONLY_CONTEXT};
pub use log::RequestRecord;
pub use options::{Options, Platform};
pub use proxy::AppFault;
pub use status::ApiError;
