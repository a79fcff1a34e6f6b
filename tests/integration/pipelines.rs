//! The pipelines profile and the ModelMesh option on the test cluster: install,
//! status and uninstall on both platforms (both OpenShift channels), the DSPA's
//! readiness held by its object store, ModelMesh refused on fast-3 before
//! anything is applied, and the new images and remote files in `odh images`
//! and `odh fetch`.

use crate::fixtures::{Mirror, stand_ins, write_lock};
use crate::harness::{Odh, tempdir};
use crate::install::Env;
use crate::render::images;
use crate::uninstall::{case, odh_objects, uninstall};
use odh_testcluster::{Options, Platform};
use serde_json::Value;

const DSPA: &str = "datasciencepipelinesapplications.opendatahub.io/v1";
const DSPO: &str = "data-science-pipelines-operator-controller-manager";

fn openshift() -> Env {
    Env::new(Options::default().platform(Platform::OpenShift))
}

fn status_json(env: &Env) -> Value {
    let run = env.odh().args(["status", "-o", "json"]).run().success();
    serde_json::from_str(&run.stdout).unwrap()
}

fn state_of<'a>(report: &'a Value, object: &str) -> &'a Value {
    &report["objects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["object"].as_str().unwrap_or("").starts_with(object))
        .unwrap_or_else(|| panic!("{object} in {report}"))["state"]
}

#[test]
fn kubeflow_pipelines_installs_reports_ready_and_uninstalls_on_kubernetes() {
    let env = Env::kubernetes();
    let run = env.install(&["-p", "pipelines"]).success();
    assert!(run.stdout.starts_with("installed: "), "{}", run.stdout);
    let api = env
        .get("apps/v1", "Deployment", "opendatahub", "ml-pipeline")
        .unwrap();
    assert_eq!(api["status"]["availableReplicas"], 1);
    for crd in ["workflows.argoproj.io", "scheduledworkflows.kubeflow.org"] {
        assert!(
            env.get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                crd
            )
            .is_some(),
            "{crd}"
        );
    }
    let report = status_json(&env);
    assert_eq!(report["healthy"], true, "{report}");
    assert_eq!(
        state_of(&report, "Deployment/ml-pipeline (apps/v1)"),
        "Current"
    );
    let profiles: Vec<&str> = report["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["profile"].as_str())
        .collect();
    assert!(profiles.contains(&"pipelines") && profiles.contains(&"core"));
    // The install names how to reach the UI and the API.
    assert!(
        run.stderr.contains("port-forward svc/ml-pipeline-ui")
            || run.stdout.contains("port-forward svc/ml-pipeline-ui"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    uninstall(&env, &["--purge"]).success();
    assert!(odh_objects(&env).is_empty(), "{:?}", odh_objects(&env));
}

#[test]
fn a_reinstall_over_the_kept_database_uses_the_password_it_was_created_with() {
    let env = Env::kubernetes();
    env.install(&["-p", "pipelines"]).success();
    let password = |env: &Env| {
        env.get("v1", "Secret", "opendatahub", "mysql-secret")
            .map(|s| s["data"]["password"].clone())
    };
    let first = password(&env).expect("the generated password");
    uninstall(&env, &[]).success();
    assert!(
        env.get(
            "v1",
            "PersistentVolumeClaim",
            "opendatahub",
            "mysql-pv-claim"
        )
        .is_some()
    );
    assert_eq!(password(&env).as_ref(), Some(&first), "kept with the claim");
    env.install(&["-p", "pipelines"]).success();
    assert_eq!(
        password(&env),
        Some(first),
        "MySQL only reads it on its first start"
    );
    uninstall(&env, &["--purge"]).success();
    assert!(password(&env).is_none());
    assert!(odh_objects(&env).is_empty(), "{:?}", odh_objects(&env));
}

#[test]
fn pipelines_uninstall_in_safe_order_down_to_nothing_of_odh_s_on_both_platforms() {
    std::thread::scope(|s| {
        s.spawn(|| case(Platform::Kubernetes, &["-p", "pipelines"]));
        s.spawn(|| {
            case(
                Platform::Kubernetes,
                &["-p", "pipelines", "--set", "s3.engine=rook"],
            )
        });
        s.spawn(|| case(Platform::OpenShift, &["-p", "pipelines"]));
        s.spawn(|| {
            case(
                Platform::OpenShift,
                &["-p", "pipelines", "--set", "operator.channel=fast"],
            )
        });
    });
}

#[test]
fn a_dspa_on_openshift_is_ready_through_dspo_and_goes_while_dspo_runs() {
    for (channel, key, condition) in [
        ("fast-3", "aipipelines", "AIPipelinesReady"),
        ("fast", "datasciencepipelines", "DataSciencePipelinesReady"),
    ] {
        let env = openshift();
        let set = format!("operator.channel={channel}");
        env.install(&["-p", "pipelines", "--set", &set]).success();
        let version = if channel == "fast" { "v1" } else { "v2" };
        let dsc = env
            .get(
                &format!("datasciencecluster.opendatahub.io/{version}"),
                "DataScienceCluster",
                "",
                "default-dsc",
            )
            .unwrap();
        assert_eq!(dsc["spec"]["components"][key]["managementState"], "Managed");
        let ready = dsc["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["type"] == condition && c["status"] == "True");
        assert!(ready, "{channel}: {condition} in {}", dsc["status"]);
        let dspa = env
            .get(
                DSPA,
                "DataSciencePipelinesApplication",
                "opendatahub",
                "dspa",
            )
            .unwrap();
        assert_eq!(
            dspa["metadata"]["finalizers"][0],
            "datasciencepipelinesapplications.opendatahub.io/finalizer"
        );
        let conditions = dspa["status"]["conditions"].as_array().unwrap();
        assert!(
            conditions
                .iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True"),
            "{channel}: {conditions:?}"
        );
        let report = status_json(&env);
        assert_eq!(report["healthy"], true, "{channel}: {report}");
        assert_eq!(
            state_of(&report, "DataSciencePipelinesApplication/dspa"),
            "Current"
        );
        // Removing pipelines alone: the DSPA goes while DSPO still runs, the
        // DSC keeps core's components and drops the pipelines key, DSPO goes.
        env.cluster.clear_requests();
        let bundle = env.bundle();
        let run = env
            .odh()
            .args([
                "uninstall",
                "-p",
                "pipelines",
                "--timeout",
                "60s",
                "--bundle",
            ])
            .args([bundle.as_os_str()])
            .run()
            .success();
        assert!(
            run.stdout.contains("uninstalled pipelines"),
            "{}",
            run.stdout
        );
        assert!(
            env.get(
                DSPA,
                "DataSciencePipelinesApplication",
                "opendatahub",
                "dspa"
            )
            .is_none()
        );
        let log = env.cluster.requests();
        let deleted = log
            .iter()
            .position(|r| {
                r.method == "DELETE" && r.path.ends_with("/datasciencepipelinesapplications/dspa")
            })
            .expect("the DSPA is deleted");
        let dsc_written = log
            .iter()
            .rposition(|r| {
                r.method == "PATCH" && r.path.contains("/datascienceclusters/default-dsc")
            })
            .expect("the DSC is re-applied");
        assert!(
            deleted < dsc_written,
            "{channel}: the DSPA goes before the DSC drops its operator"
        );
        let dsc = env
            .get(
                &format!("datasciencecluster.opendatahub.io/{version}"),
                "DataScienceCluster",
                "",
                "default-dsc",
            )
            .unwrap();
        assert_eq!(dsc["spec"]["components"][key]["managementState"], "Removed");
        assert_eq!(
            dsc["spec"]["components"]["workbenches"]["managementState"],
            "Managed"
        );
        assert!(
            env.cluster
                .wait_for(std::time::Duration::from_secs(10), |c| {
                    c.get("apps/v1", "Deployment", "opendatahub", DSPO)
                        .is_none()
                })
        );
    }
}

#[test]
fn a_dspa_without_its_s3_credentials_times_out_naming_the_object_store() {
    let env = openshift();
    let install = |extra: &[&str]| {
        env.odh()
            .args(["install", "--timeout", "8s", "--grace", "3s", "--bundle"])
            .args([env.bundle().as_os_str()])
            .args([
                "-p",
                "pipelines",
                "--set",
                "s3.endpoint=https://s3.example.com",
            ])
            .args(extra)
            .run()
    };
    // An external endpoint: the Secret is the user's, and it is not there. The
    // pre-flight names it before any change ...
    let refused = install(&[]).expect_code(4);
    assert!(
        refused
            .stderr
            .contains("Secret opendatahub/s3-credentials does not exist"),
        "{}",
        refused.stderr
    );
    // ... and past it, the DSPA waits for its object store, which names it.
    let run = install(&["--skip-checks"]).expect_code(3);
    assert!(
        run.stderr.contains("DataSciencePipelinesApplication/dspa")
            && run.stderr.contains("ObjectStoreAvailable (FailingToDeploy"),
        "{}",
        run.stderr
    );
    // The user creates it: DSPO finds it and the DSPA becomes ready.
    env.cluster
        .apply(&serde_json::json!({"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": "s3-credentials", "namespace": "opendatahub"},
            "stringData": {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}}))
        .unwrap();
    let status = env
        .odh()
        .args(["status", "--wait", "--timeout", "30s"])
        .run()
        .success();
    assert!(!status.stdout.contains("not ready:"), "{}", status.stdout);
}

#[test]
fn an_api_server_that_never_gets_ready_fails_the_install_naming_it() {
    let env = Env::new(Options::default().never_ready("Deployment/ml-pipeline"));
    let run = env
        .odh()
        .args(["install", "--timeout", "10s", "--grace", "3s", "--bundle"])
        .args([env.bundle().as_os_str()])
        .args(["-p", "pipelines"])
        .run()
        .expect_code(3);
    assert!(
        run.stderr
            .contains("Deployment/ml-pipeline (apps/v1) in opendatahub"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr
            .contains("Deployment/ml-pipeline-ui (apps/v1) in opendatahub [kfp]: ready"),
        "{}",
        run.stderr
    );
}

#[test]
fn modelmesh_is_refused_on_fast_3_before_anything_is_applied() {
    let env = openshift();
    env.cluster.clear_requests();
    let run = env
        .install(&["-p", "serving", "--set", "serving.modelmesh=true"])
        .expect_code(2);
    let line = run.stderr.trim();
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(
        line.starts_with("error: serving.modelmesh=true is refused on operator.channel=fast-3"),
        "{line}"
    );
    let writes: Vec<String> = env
        .cluster
        .requests()
        .iter()
        .filter(|r| matches!(r.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"))
        .filter(|r| !r.path.contains("review"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(writes.is_empty(), "nothing applied: {writes:?}");
    // On the fast line it is the DSC v1's modelmeshserving, ready beside KServe.
    env.install(&[
        "-p",
        "serving",
        "--set",
        "operator.channel=fast",
        "--set",
        "serving.modelmesh=true",
    ])
    .success();
    let dsc = env
        .get(
            "datasciencecluster.opendatahub.io/v1",
            "DataScienceCluster",
            "",
            "default-dsc",
        )
        .unwrap();
    assert_eq!(
        dsc["spec"]["components"]["modelmeshserving"]["managementState"],
        "Managed"
    );
    // Switching the installation to fast-3 keeps serving.modelmesh: refused again.
    let run = env
        .install(&["-p", "serving", "--set", "operator.channel=fast-3"])
        .expect_code(2);
    assert!(
        run.stderr.contains("serving.modelmesh=false"),
        "{}",
        run.stderr
    );
}

#[test]
fn images_and_fetch_name_what_pipelines_bring() {
    let list: Vec<Value> = serde_json::from_str(&images(&["-p", "pipelines"]).stdout).unwrap();
    let names: Vec<&str> = list.iter().map(|i| i["image"].as_str().unwrap()).collect();
    for wanted in [
        "ghcr.io/kubeflow/kfp-api-server:2.17.0",
        "ghcr.io/kubeflow/kfp-frontend:2.17.0",
        "ghcr.io/kubeflow/kfp-driver:2.17.0",
        "ghcr.io/kubeflow/kfp-launcher:2.17.0",
        "gcr.io/tfx-oss-public/ml_metadata_store_server:1.14.0",
        "mysql:8.4",
        "docker.io/alpine:3.23",
        "quay.io/argoproj/workflow-controller:v4.0.5",
        "quay.io/argoproj/argoexec:v4.0.5",
    ] {
        assert!(names.contains(&wanted), "{wanted} in {names:?}");
    }
    assert!(!list.iter().any(|i| i["unpinned"] == true), "{names:?}");
    let mirrored: Vec<Value> = serde_json::from_str(
        &images(&[
            "-p",
            "pipelines",
            "--set",
            "global.imageRegistry=mirror.local/odh",
        ])
        .stdout,
    )
    .unwrap();
    assert!(
        mirrored
            .iter()
            .any(|i| i["image"] == "mirror.local/odh/argoproj/argoexec:v4.0.5"),
        "the executor image follows the mirror"
    );

    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    let mirror = Mirror::start(stand_ins());
    let to = work.path().join("bundle");
    Odh::new(cache.path())
        .args(["fetch", "-p", "pipelines", "--to"])
        .args([to.as_os_str()])
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    let listed = std::fs::read_to_string(to.join("sources.lock")).unwrap();
    let catalog = odh::catalog::Catalog::embedded().unwrap();
    let profile = catalog.profile("pipelines").unwrap();
    let urls: Vec<&str> = profile
        .components
        .iter()
        .flat_map(|c| c.sources.iter().map(|s| s.url.as_str()))
        .collect();
    assert_eq!(urls.len(), 9, "8 Argo CRDs and KFP's ScheduledWorkflow CRD");
    for url in urls {
        assert!(listed.contains(url), "{url} in {listed}");
    }
    assert!(
        listed.contains("sparkoperator.k8s.io"),
        "core's files come along"
    );
}
