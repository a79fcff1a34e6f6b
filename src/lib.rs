//! odh: install, inspect and remove Open Data Hub on Kubernetes and OpenShift.
//!
//! The pure core (`catalog`, `values`, `render`, `plan`, `readiness`) does no I/O;
//! `sources` reaches the network for upstream files; `report` alone writes to the
//! terminal; `commands` wires them together, one function per verb.

pub mod catalog;
pub mod check;
pub mod cli;
pub mod cluster;
pub mod combinations;
pub mod commands;
pub mod diff;
pub mod duration;
pub mod error;
pub mod event;
pub mod gitops;
pub mod health;
pub mod include;
pub mod install;
pub mod object;
pub mod plan;
pub mod probe;
pub mod readiness;
pub mod render;
pub mod report;
pub mod sources;
pub mod values;
pub mod verify;
pub mod yaml;
