//! odh: install, check and remove Open Data Hub on Kubernetes and OpenShift.

pub mod object;
pub mod plan;
pub mod readiness;
