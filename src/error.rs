//! Error kinds that decide the exit code, and the exit codes themselves.
//!
//! Commands return `anyhow::Error`; an error whose chain holds one of these
//! types exits with its code, any other error exits 1.

use std::fmt;
use std::process::ExitCode;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success, healthy, or no changes.
    Success = 0,
    /// The operation failed or something is unhealthy.
    Failed = 1,
    /// Bad usage or bad input; nothing was changed.
    Usage = 2,
    /// Timed out waiting.
    Timeout = 3,
    /// Refused before any change: a failed check, an ownership or field
    /// conflict, the install lock held.
    Refused = 4,
    /// `status` (and `verify`): nothing is installed in the namespace.
    NotInstalled = 5,
    /// The API server rejected the credentials (401) or denied a request (403).
    Denied = 6,
    /// `diff` found changes.
    Changes = 10,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Bad usage or bad input (exit 2). The message is one line naming what is
/// wrong and what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Shorthand for an `anyhow::Error` carrying a [`UsageError`].
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// A refusal (exit 4): the request conflicts with what is installed or owned
/// by someone else; nothing was changed. The message says what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedError(pub String);

impl fmt::Display for RefusedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RefusedError {}

/// Shorthand for an `anyhow::Error` carrying a [`RefusedError`].
pub fn refused(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(RefusedError(message.into()))
}

/// Text on one line: runs of whitespace, newlines included, become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An error and its causes on one line (`a: b: c`), skipping a cause whose
/// text is already there.
pub fn chain_text(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let next = cause.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = cause.source();
    }
    one_line(&text)
}

/// The exit code for an error: the code of the first known kind in its chain.
pub fn exit_for(err: &anyhow::Error) -> Exit {
    for cause in err.chain() {
        if cause.is::<UsageError>() {
            return Exit::Usage;
        }
        if cause.is::<RefusedError>() {
            return Exit::Refused;
        }
        if cause
            .downcast_ref::<crate::cluster::ClusterError>()
            .is_some_and(crate::cluster::ClusterError::is_denied)
        {
            return Exit::Denied;
        }
    }
    Exit::Failed
}

/// True when the error is a closed stdout (`odh render | head`), which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
