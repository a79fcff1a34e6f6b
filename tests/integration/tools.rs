//! The real programs the tests run against odh's rendered configuration,
//! installed by the tests themselves from the package registries, once, under
//! `target/test-tools/`: a Python venv (JupyterHub 5.5.0, KubeSpawner 7.0.0,
//! kubernetes-validate), configurable-http-proxy 5.2.0 from npm, and Debian's
//! `prometheus` package unpacked without root.
//!
//! Each tool is installed at most once per test process (a `OnceLock`), and
//! across processes a file lock serializes installs and a marker file makes a
//! second `cargo test` reuse what the first one installed.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

/// Pinned versions; the facts file records where they come from.
pub const PYTHON_PACKAGES: &[&str] = &[
    "jupyterhub==5.5.0",
    "jupyterhub-kubespawner==7.0.0",
    "kubernetes-validate==1.37.0",
];
pub const CHP_PACKAGE: &str = "configurable-http-proxy@5.2.0";
pub const PROMETHEUS_PACKAGE: &str = "prometheus";

/// `target/test-tools`.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("test-tools")
}

/// The Python venv with JupyterHub, KubeSpawner and kubernetes-validate.
pub fn python() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        install("venv", "PyPI", |dir| {
            run(Command::new("python3").args(["-m", "venv"]).arg(dir))?;
            run(Command::new(dir.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check"])
                .args(PYTHON_PACKAGES))
        })
    })
}

/// A program of the venv (`jupyterhub`, `kubernetes-validate`, `python`).
pub fn python_bin(name: &str) -> PathBuf {
    python().join("bin").join(name)
}

/// The `configurable-http-proxy` executable.
pub fn chp() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        install("node", "the npm registry", |dir| {
            run(Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--no-save",
                    "--prefix",
                ])
                .arg(dir)
                .arg(CHP_PACKAGE))
        })
    })
    .join("node_modules/.bin/configurable-http-proxy")
}

/// Debian's `prometheus` package unpacked: `(prometheus, promtool)`.
pub fn prometheus() -> (PathBuf, PathBuf) {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        install("prometheus", "Debian's package archive", |dir| {
            let debs = dir.join("debs");
            std::fs::create_dir_all(&debs).map_err(|e| e.to_string())?;
            if run(Command::new("apt-get")
                .current_dir(&debs)
                .args(["download", PROMETHEUS_PACKAGE]))
            .is_err()
            {
                // No or stale package lists: fetch fresh ones into a private
                // directory (no root needed), then download with them.
                let state = dir.join("apt");
                std::fs::create_dir_all(state.join("lists/partial")).map_err(|e| e.to_string())?;
                std::fs::create_dir_all(state.join("cache/archives/partial"))
                    .map_err(|e| e.to_string())?;
                let opts = apt_options(&state);
                run(Command::new("apt-get").args(&opts).arg("update"))?;
                run(Command::new("apt-get")
                    .current_dir(&debs)
                    .args(&opts)
                    .args(["download", PROMETHEUS_PACKAGE]))?;
            }
            let deb = std::fs::read_dir(&debs)
                .map_err(|e| e.to_string())?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| p.extension().is_some_and(|x| x == "deb"))
                .ok_or("apt-get download left no .deb")?;
            run(Command::new("dpkg-deb")
                .arg("-x")
                .arg(&deb)
                .arg(dir.join("root")))
        })
    });
    let bin = dir.join("root/usr/bin");
    (bin.join("prometheus"), bin.join("promtool"))
}

fn apt_options(state: &Path) -> Vec<String> {
    vec![
        format!("-oDir::State::Lists={}", state.join("lists").display()),
        format!("-oDir::Cache={}", state.join("cache").display()),
        "-oDebug::NoLocking=1".to_string(),
    ]
}

/// Installs into `root()/name` unless a completed install is there; a file
/// lock keeps concurrent test processes from installing twice.
///
/// Panics with the registry named when the install fails.
fn install(name: &str, registry: &str, steps: impl Fn(&Path) -> Result<(), String>) -> PathBuf {
    let root = root();
    std::fs::create_dir_all(&root).expect("creating target/test-tools");
    let dir = root.join(name);
    let done = root.join(format!("{name}.installed"));
    let lock = File::create(root.join(format!("{name}.lock"))).expect("creating the install lock");
    lock.lock().expect("locking the install lock");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        if let Err(e) = steps(&dir) {
            panic!(
                "installing the test tool {name} into {} failed; is {registry} reachable?\n{e}",
                dir.display()
            );
        }
        std::fs::write(&done, format!("{:.1}s\n", started.elapsed().as_secs_f64()))
            .expect("marking the install done");
        eprintln!(
            "installed test tool {name} in {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    dir
}

/// Runs a command to completion; its output on failure.
fn run(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {:?}: {e}", command.get_program()))?;
    if out.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let tail: Vec<&str> = text.lines().rev().take(20).collect();
    Err(format!(
        "{:?} exited with {}:\n{}",
        command.get_program(),
        out.status,
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    ))
}
