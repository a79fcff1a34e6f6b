//! Integration tests: the `odh` binary run as a user would run it.

mod check;
mod completions;
mod diff;
mod errors;
mod fixtures;
mod harness;
mod install;
mod kubectl;
mod render;
mod sources;
mod status;
mod uninstall;
mod validate;
