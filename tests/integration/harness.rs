//! Running the `odh` binary: arguments, environment, and the result to assert on.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing stderr when it differs.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        self
    }

    #[track_caller]
    pub fn success(self) -> Run {
        self.expect_code(0)
    }
}

/// A command line for `odh` with an isolated cache and no terminal.
pub struct Odh {
    command: Command,
    piped: bool,
}

impl Odh {
    /// `odh` with a cache directory of its own (so no test sees another's cache).
    pub fn new(cache: &Path) -> Odh {
        let mut command = Command::new(env!("CARGO_BIN_EXE_odh"));
        command
            .env_remove("KUBECONFIG")
            .env_remove("ODH_SOURCE_MIRROR")
            .env_remove("ODH_SOURCE_LOCK")
            .env("ODH_CACHE_DIR", cache)
            .stdin(Stdio::null());
        Odh {
            command,
            piped: false,
        }
    }

    pub fn args<I, S>(mut self, args: I) -> Odh
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> Odh {
        self.command.env(key, value);
        self
    }

    /// Starts it in the background, output discarded (stdout piped with [`Odh::piped`]).
    pub fn spawn(mut self) -> std::process::Child {
        let stdout = if self.piped {
            Stdio::piped()
        } else {
            Stdio::null()
        };
        self.command.stdout(stdout).stderr(Stdio::null());
        self.command.spawn().expect("starting odh")
    }

    /// Pipes stdout of a background run, to read it while it runs.
    pub fn piped(mut self) -> Odh {
        self.piped = true;
        self
    }

    pub fn run(mut self) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = self.command.output().expect("running odh");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An `odh` started in the background.
pub struct Running {
    child: std::process::Child,
}

impl Running {
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits for it to exit.
    pub fn wait(self) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = self.child.wait_with_output().expect("waiting for odh");
        Run {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&stdout).into_owned(),
            stderr: String::from_utf8_lossy(&stderr).into_owned(),
        }
    }
}

impl Odh {
    /// Starts `odh` without waiting, stdout and stderr captured for [`Running::wait`].
    pub fn start(mut self) -> Running {
        let child = self
            .command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting odh");
        Running { child }
    }
}
