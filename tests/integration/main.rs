//! Integration tests: the `odh` binary run as a user would run it.

mod access;
mod ai_library;
mod completions;
mod errors;
mod fixtures;
mod harness;
mod install;
mod jupyterhub;
mod kubectl;
mod local;
mod network;
mod pins;
mod pipelines;
mod pipelines_render;
mod prometheus;
mod references;
mod render;
mod rendered;
mod sources;
mod status;
mod tools;
mod uninstall;
mod validate;
