//! Integration tests: the `odh` binary run as a user would run it.

mod completions;
mod errors;
mod fixtures;
mod harness;
mod install;
mod kubectl;
mod lifecycle;
mod render;
mod sources;
mod validate;
mod verify;
mod verify_failing;
mod verify_platforms;
mod verify_slow;
