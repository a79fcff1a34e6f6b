//! Integration tests: the `odh` binary run as a user would run it.

mod ai_library;
mod completions;
mod errors;
mod fixtures;
mod harness;
mod install;
mod kubectl;
mod lifecycle;
mod network;
mod pins;
mod render;
mod rendered;
mod sources;
mod validate;
