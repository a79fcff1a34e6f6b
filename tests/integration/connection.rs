//! Talking to the API server: refused connections, servers that never answer,
//! rejected credentials and foreign CAs are each named at once and never
//! retried; the request time limit does not cut watches.

use crate::harness::{Odh, tempdir};
use crate::install::Env;
use odh_testcluster::Options;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The test cluster's kubeconfig with one substitution made, written next to `dir`.
fn kubeconfig_with(env: &Env, dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(env.cluster.kubeconfig_path()).unwrap();
    assert!(text.contains(from), "{from} in the kubeconfig");
    let path = dir.join("kubeconfig.yaml");
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

/// The kubeconfig pointed at another server address.
fn kubeconfig_at(env: &Env, dir: &Path, url: &str) -> PathBuf {
    kubeconfig_with(env, dir, env.cluster.url(), url)
}

/// `odh` with another kubeconfig (next to it, a cache of its own).
fn odh_with(kubeconfig: &Path) -> Odh {
    let cache = kubeconfig.with_file_name("cache");
    Odh::new(&cache).args(["--kubeconfig".as_ref(), kubeconfig.as_os_str()])
}

/// A 127.0.0.1 listener that accepts connections and never answers; stops when dropped.
struct Silent {
    url: String,
    stop: Arc<AtomicBool>,
    port: u16,
}

impl Silent {
    fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let halt = stop.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                if halt.load(Ordering::SeqCst) {
                    break;
                }
                held.extend(stream.ok());
            }
        });
        Silent {
            url: format!("https://127.0.0.1:{port}"),
            stop,
            port,
        }
    }
}

impl Drop for Silent {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("https://127.0.0.1:{port}")
}

#[test]
fn an_unreachable_server_fails_at_once_naming_it() {
    let env = Env::kubernetes();
    let dir = tempdir();
    let url = closed_port();
    let kubeconfig = kubeconfig_at(&env, dir.path(), &url);
    let run = odh_with(&kubeconfig)
        .args(["check", "-p", "core"])
        .run()
        .expect_code(4);
    let line = run.stdout.lines().next().unwrap();
    assert!(line.starts_with("failed   api-server"), "{}", run.stdout);
    assert!(
        line.contains(&format!("{url}: connection refused")),
        "{line}"
    );
    assert!(
        run.stdout
            .ends_with("1 checks: 0 passed, 0 warnings, 1 failed\n"),
        "{}",
        run.stdout
    );
    for args in [
        &["install", "-p", "core"][..],
        &["status"],
        &["uninstall"],
        &["diff", "-p", "core"],
    ] {
        let run = odh_with(&kubeconfig).args(args).run().expect_code(1);
        assert_eq!(
            run.stderr.trim(),
            format!("error: cannot reach the API server at {url}: connection refused"),
            "{args:?}"
        );
    }
}

#[test]
fn a_server_that_never_answers_is_named_within_the_request_timeout() {
    let env = Env::kubernetes();
    let dir = tempdir();
    let silent = Silent::start();
    let kubeconfig = kubeconfig_at(&env, dir.path(), &silent.url);
    let run = odh_with(&kubeconfig)
        .args(["check", "-p", "core", "--request-timeout", "1s"])
        .run()
        .expect_code(4);
    assert!(
        run.stdout.contains(&format!(
            "no answer from the API server at {} within 1s (--request-timeout)",
            silent.url
        )),
        "{}",
        run.stdout
    );
    let run = odh_with(&kubeconfig)
        .args(["--request-timeout", "1s", "install", "-p", "core"])
        .run()
        .expect_code(1);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains(&silent.url), "{}", run.stderr);
}

#[test]
fn rejected_credentials_and_a_foreign_ca_are_not_retried() {
    let env = Env::kubernetes();
    let dir = tempdir();
    let bogus = kubeconfig_with(
        &env,
        dir.path(),
        env.cluster.admin_token(),
        "not-a-valid-token",
    );
    env.cluster.clear_requests();
    let run = odh_with(&bogus)
        .args(["check", "-p", "core"])
        .run()
        .expect_code(4);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("failed   credentials")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("401"), "{}", run.stdout);
    env.cluster.clear_requests();
    let run = odh_with(&bogus)
        .args(["install", "-p", "core"])
        .run()
        .expect_code(6);
    assert_eq!(
        run.stderr.trim(),
        "error: the API server rejected the credentials: Unauthorized (401)"
    );
    let requests = env.cluster.requests();
    assert_eq!(
        requests.len(),
        1,
        "one request, no retry: {:?}",
        requests.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    let other = odh_testcluster::TestCluster::spawn(Options::default());
    let foreign = tempdir();
    let text = std::fs::read_to_string(env.cluster.kubeconfig_path()).unwrap();
    let ca_line = |t: &str| {
        t.lines()
            .find(|l| l.contains("certificate-authority-data"))
            .unwrap()
            .to_string()
    };
    let other_text = std::fs::read_to_string(other.kubeconfig_path()).unwrap();
    let wrong_ca = foreign.path().join("kubeconfig.yaml");
    std::fs::write(
        &wrong_ca,
        text.replace(&ca_line(&text), &ca_line(&other_text)),
    )
    .unwrap();
    env.cluster.clear_requests();
    let run = odh_with(&wrong_ca)
        .args(["check", "-p", "core"])
        .run()
        .expect_code(4);
    assert!(
        run.stdout.contains("TLS handshake with the API server at"),
        "{}",
        run.stdout
    );
    let run = odh_with(&wrong_ca)
        .args(["install", "-p", "core"])
        .run()
        .expect_code(1);
    assert!(
        run.stderr.contains("invalid peer certificate"),
        "{}",
        run.stderr
    );
    assert!(
        env.cluster.requests().is_empty(),
        "the handshake never completed"
    );
}

#[test]
fn a_short_request_timeout_does_not_cut_watches() {
    // Workloads become ready after 3 s and watches stay silent until then:
    // the 1 s request limit must not end them.
    let env = Env::new(
        Options::default()
            .ready_after(std::time::Duration::from_secs(3))
            .bookmark_interval(std::time::Duration::from_secs(30)),
    );
    let run = env
        .install(&["-p", "monitoring", "--request-timeout", "1s"])
        .success();
    assert!(run.stdout.starts_with("installed: "), "{}", run.stdout);
}
