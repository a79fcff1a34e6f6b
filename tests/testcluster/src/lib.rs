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
mod crd_openapi;
mod crd_schema;
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
mod openapi_schemas;
mod ops;
mod options;
mod proto;
mod proxy;
mod pruning;
mod rbac;
mod rbac_policy;
mod registry;
mod reviews;
mod router;
mod schema;
mod seed;
mod selectors;
mod server;
mod smp;
mod ssa;
mod state;
mod status;
mod store;
mod table;
mod tls;
mod util;
mod validation;
mod watch;

pub use auth::{ADMIN_USER, NAMESPACED_USER, READONLY_USER};
pub use faults::{FaultScope, Faults, STUCK_FINALIZER};
pub use handle::TestCluster;
pub use kubeconfig::{CONTEXT, NAMESPACED_CONTEXT, READONLY_CONTEXT};
pub use log::RequestRecord;
pub use options::{Options, Platform, parse_delays, parse_duration};
pub use proxy::AppFault;
pub use status::ApiError;
