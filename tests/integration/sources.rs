//! Remote upstream files: mirror, cache, digests, offline, fetch and bundles.

use crate::fixtures::{Mirror, stand_ins, write_lock};
use crate::harness::{Odh, tempdir};

#[test]
fn offline_without_cache_names_each_missing_file() {
    let cache = tempdir();
    let run = Odh::new(cache.path())
        .args(["render", "-p", "core", "--offline"])
        .run()
        .expect_code(1);
    assert!(run.stdout.is_empty());
    for file in [
        "sparkoperator.k8s.io_sparkapplications.yaml",
        "sparkoperator.k8s.io_scheduledsparkapplications.yaml",
        "sparkoperator.k8s.io_sparkconnects.yaml",
    ] {
        assert!(run.stderr.contains(file), "names {file}: {}", run.stderr);
    }
    assert!(
        run.stderr
            .contains("3 remote file(s) not found in the cache (--offline)"),
        "{}",
        run.stderr
    );
}

#[test]
fn mirror_then_cache_then_offline() {
    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    let mirror = Mirror::start(stand_ins());
    let first = Odh::new(cache.path())
        .args(["render", "-p", "core"])
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    assert_eq!(
        mirror.request_count(),
        3,
        "three CRD files fetched once each"
    );
    assert!(
        mirror
            .requests
            .lock()
            .unwrap()
            .iter()
            .all(|p| p.starts_with("/raw.githubusercontent.com/kubeflow/spark-operator/v2.5.2/"))
    );
    assert!(
        first
            .stdout
            .contains("name: sparkapplications.sparkoperator.k8s.io")
    );
    assert!(
        first
            .stderr
            .contains("accepts other bytes than the pinned digests for 3 remote file(s)"),
        "{}",
        first.stderr
    );
    // the cache now serves the files, also offline
    let second = Odh::new(cache.path())
        .args(["render", "-p", "core", "--offline"])
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    assert_eq!(mirror.request_count(), 3, "no new requests");
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn pinned_digest_mismatch_is_refused() {
    let cache = tempdir();
    let mirror = Mirror::start(stand_ins());
    // no override lock: the stand-ins do not match upstream's pinned digests
    let run = Odh::new(cache.path())
        .args(["render", "-p", "core", "--source-mirror", &mirror.url])
        .run()
        .expect_code(1);
    assert!(
        run.stderr.contains("but the pinned digest is ecd9c14f")
            || run.stderr.contains("but the pinned digest is"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert!(
        !cache.path().join("sources").exists(),
        "a file that failed verification is not cached"
    );
}

#[test]
fn unpinned_file_is_recorded_on_first_use_and_enforced_after() {
    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    // a lock without the cert-manager entry: it is then unpinned
    let text: String = std::fs::read_to_string(&lock)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("cert-manager"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&lock, text).unwrap();
    let mut files = stand_ins();
    let mirror = Mirror::start(files.clone());
    let args = ["render", "-p", "serving", "--set", "serving.engine=kserve"];
    Odh::new(cache.path())
        .args(args)
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    let recorded = std::fs::read_to_string(cache.path().join("sources.lock")).unwrap();
    assert!(recorded.contains("https://github.com/cert-manager/cert-manager/releases/download/v1.21.1/cert-manager.yaml"), "{recorded}");
    // the upstream file changes: the recorded digest refuses it
    std::fs::remove_dir_all(cache.path().join("sources")).unwrap();
    let url =
        "https://github.com/cert-manager/cert-manager/releases/download/v1.21.1/cert-manager.yaml";
    files.get_mut(url).unwrap().push_str("# changed\n");
    let changed = Mirror::start(files);
    let run = Odh::new(cache.path())
        .args(args)
        .env("ODH_SOURCE_MIRROR", &changed.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .expect_code(1);
    assert!(
        run.stderr.contains("the digest recorded on first use"),
        "{}",
        run.stderr
    );
}

#[test]
fn fetch_writes_a_bundle_that_renders_without_network() {
    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    let bundle = work.path().join("bundle");
    let mirror = Mirror::start(stand_ins());
    let bundle_arg = bundle.display().to_string();
    Odh::new(cache.path())
        .args(["fetch", "-p", "ai-library,pipelines", "--to", &bundle_arg])
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    let listed = std::fs::read_to_string(bundle.join("sources.lock")).unwrap();
    assert_eq!(
        listed.lines().count(),
        stand_ins().len(),
        "every remote file of every engine: {listed}"
    );
    // a fresh cache, no mirror: the bundle alone is enough
    let empty = tempdir();
    let run = Odh::new(empty.path())
        .args([
            "render",
            "-p",
            "serving",
            "--set",
            "serving.engine=kserve",
            "--bundle",
            &bundle_arg,
        ])
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    assert!(
        run.stdout
            .contains("name: inferenceservices.serving.kserve.io")
    );
    // a bundle missing a file names it
    std::fs::remove_file(bundle.join("raw.githubusercontent.com/kserve/kserve/v0.20.0/config/crd/full/serving.kserve.io_trainedmodels.yaml")).unwrap();
    let run = Odh::new(empty.path())
        .args([
            "render",
            "-p",
            "serving",
            "--set",
            "serving.engine=kserve",
            "--bundle",
            &bundle_arg,
        ])
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .expect_code(1);
    assert!(
        run.stderr.contains("serving.kserve.io_trainedmodels.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_failed_download_names_the_ways_to_do_without_the_network() {
    let cache = tempdir();
    // Nothing listens on port 9 of 127.0.0.1: the download fails at once.
    let run = Odh::new(cache.path())
        .args([
            "render",
            "-p",
            "core",
            "--source-mirror",
            "http://127.0.0.1:9",
        ])
        .run()
        .expect_code(1);
    for way in [
        "--bundle DIR",
        "`odh fetch`",
        "--offline",
        "--source-mirror URL",
        "spark-operator (--set sparkOperator.enabled=false)",
    ] {
        assert!(run.stderr.contains(way), "names {way}: {}", run.stderr);
    }
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    Odh::new(cache.path())
        .args([
            "render",
            "-p",
            "core",
            "--set",
            "sparkOperator.enabled=false",
        ])
        .run()
        .success();
}
