//! Integration tests: the `odh` binary run as a user would run it.

mod access;
mod ai_library;
mod completions;
mod errors;
mod fixtures;
mod gitops;
mod harness;
mod install;
mod jupyterhub;
mod kubectl;
mod local;
mod network;
mod pins;
mod prometheus;
mod references;
mod render;
mod rendered;
mod rook;
mod rook_stand_ins;
mod sources;
mod status;
mod tools;
mod uninstall;
mod validate;
