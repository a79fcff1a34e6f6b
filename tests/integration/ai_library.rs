//! The AI Library pods follow upstream's operator templates, compared with the
//! facts recorded in `tests/facts/ai-library.yaml`: images, ports, args, env
//! names, on both engines and both platforms, plus the sample-data Job.

use crate::render::render;
use crate::rendered::{containers, documents, env, env_names, facts, id, image_name, pod_specs};
use serde_json::Value;

const CASES: &[(&str, &[&str])] = &[
    ("seldon", &["-p", "ai-library"]),
    (
        "kserve",
        &["-p", "ai-library", "--set", "serving.engine=kserve"],
    ),
    (
        "openshift",
        &["-p", "ai-library", "--platform", "openshift"],
    ),
];

fn model<'a>(docs: &'a [Value], name: &str) -> &'a Value {
    docs.iter()
        .find(|d| {
            matches!(
                d["kind"].as_str(),
                Some("SeldonDeployment" | "InferenceService")
            ) && d["metadata"]["name"] == name
        })
        .unwrap_or_else(|| panic!("no model {name}"))
}

/// The container the engine calls: the graph's model on Seldon, kserve-container on KServe.
fn served(doc: &Value) -> &Value {
    let spec = pod_specs(doc)[0];
    let wanted = match doc["kind"].as_str() {
        Some("SeldonDeployment") => doc["spec"]["predictors"][0]["graph"]["name"].clone(),
        _ => Value::from("kserve-container"),
    };
    containers(spec)
        .into_iter()
        .find(|c| c["name"] == wanted)
        .unwrap_or_else(|| panic!("{}: no container {wanted}", id(doc)))
}

/// The graph parameters, from the SeldonDeployment or the env the wrapper reads.
fn parameters(doc: &Value) -> Vec<(String, String)> {
    let list = match doc["kind"].as_str() {
        Some("SeldonDeployment") => doc["spec"]["predictors"][0]["graph"]["parameters"].clone(),
        _ => env(served(doc), "PREDICTIVE_UNIT_PARAMETERS")
            .and_then(|e| e["value"].as_str())
            .map(|t| serde_json::from_str(t).expect("parameters are JSON"))
            .unwrap_or(Value::Null),
    };
    list.as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or("").to_string(),
                p["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn s3_env(container: &Value) -> Vec<String> {
    let mut names: Vec<String> = env_names(container)
        .into_iter()
        .filter(|n| n.starts_with("S3") || n.starts_with("AWS_"))
        .collect();
    names.sort();
    names
}

#[test]
fn model_pods_follow_upstreams_operator_templates() {
    let facts = facts("ai-library.yaml");
    for (case, args) in CASES {
        let docs = documents(&render(args).stdout);
        for (name, fact) in facts["models"].as_object().unwrap() {
            let doc = model(&docs, name);
            let at = format!("{case}: {}", id(doc));
            let main = served(doc);
            assert_eq!(
                image_name(main["image"].as_str().unwrap()),
                fact["graphModel"]["image"].as_str().unwrap(),
                "{at}: the image the engine calls"
            );
            let mut expected: Vec<String> = fact["s3Env"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            expected.sort();
            assert_eq!(s3_env(main), expected, "{at}: S3 env names");
            for e in expected {
                let from = &env(main, &e).unwrap()["valueFrom"];
                assert!(
                    from.is_object(),
                    "{at}: {e} comes from the ConfigMap or Secret"
                );
            }
            let wanted: Vec<(String, String)> = fact["graphModel"]["parameters"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect();
            let mut got = parameters(doc);
            got.sort();
            let mut wanted_sorted = wanted.clone();
            wanted_sorted.sort();
            assert_eq!(got, wanted_sorted, "{at}: graph parameters");
            let others: Vec<&Value> = containers(pod_specs(doc)[0])
                .into_iter()
                .filter(|c| c["name"] != main["name"])
                .collect();
            match fact.get("backend") {
                Some(backend) => {
                    assert_eq!(others.len(), 1, "{at}: one backend container");
                    let b = others[0];
                    assert_eq!(
                        image_name(b["image"].as_str().unwrap()),
                        backend["image"].as_str().unwrap(),
                        "{at}: backend image"
                    );
                    assert_eq!(b["args"], backend["args"], "{at}: backend args");
                    assert_eq!(
                        b["ports"][0]["containerPort"], backend["containerPort"],
                        "{at}: backend port"
                    );
                }
                None => assert!(others.is_empty(), "{at}: no other container"),
            }
        }
    }
}

#[test]
fn the_sample_data_job_seeds_the_bucket_as_upstream_does() {
    let fact = &facts("ai-library.yaml")["sampleData"];
    for (case, args) in CASES {
        let docs = documents(&render(args).stdout);
        let job = docs
            .iter()
            .find(|d| d["kind"] == "Job" && d["metadata"]["name"] == "ai-library-sample-data")
            .unwrap_or_else(|| panic!("{case}: no sample-data Job"));
        let c = containers(pod_specs(job)[0])[0];
        assert_eq!(
            image_name(c["image"].as_str().unwrap()),
            fact["image"],
            "{case}"
        );
        let mut names = env_names(c);
        names.sort();
        let mut wanted: Vec<String> = fact["env"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        wanted.sort();
        assert_eq!(names, wanted, "{case}: env names");
        for secret in ["S3_ACCESS_KEY", "S3_SECRET_KEY"] {
            assert!(
                env(c, secret).unwrap()["valueFrom"]["secretKeyRef"].is_object(),
                "{case}: {secret} from the Secret"
            );
        }
    }
    let off = render(&[
        "-p",
        "ai-library",
        "--set",
        "aiLibrary.sampleData.enabled=false",
    ]);
    assert!(!off.stdout.contains("ai-library-sample-data"));
}

#[test]
fn known_upstream_breakage_is_named_on_the_objects() {
    let docs = documents(&render(&["-p", "ai-library"]).stdout);
    let issue = |name: &str| {
        docs.iter()
            .find(|d| d["metadata"]["name"] == name && d["kind"] != "Service")
            .and_then(|d| d["metadata"]["annotations"]["opendatahub.io/known-issue"].as_str())
            .map(str::to_string)
    };
    let dup = issue("duplicate-bug-detection").expect("duplicate-bug-detection names its breakage");
    assert!(
        dup.contains("jaccard_similarity_score") && dup.contains("NLTK"),
        "{dup}"
    );
    assert!(
        issue("ai-library-sample-data")
            .unwrap()
            .contains("gitlab.com")
    );
    let pinned = render(&[
        "-p",
        "ai-library",
        "--set",
        "aiLibrary.duplicateBugDetection.image=mirror.local/fixed/dup:1",
    ]);
    assert!(
        !documents(&pinned.stdout)
            .iter()
            .any(|d| d["metadata"]["name"] == "duplicate-bug-detection"
                && d["metadata"]["annotations"]["opendatahub.io/known-issue"].is_string()),
        "a replaced image carries no upstream issue"
    );
}

#[test]
fn a_failing_sample_data_job_names_the_known_upstream_issue() {
    let env = crate::install::Env::kubernetes();
    let run = env
        .install(&[
            "-p",
            "ai-library",
            "--set",
            "aiLibrary.sampleData.image=quay.io/opendatahub/crashloop/ai-library-sample-data:latest",
        ])
        .expect_code(1);
    assert!(
        run.stderr.contains("ai-library-sample-data")
            && run
                .stderr
                .contains("known upstream issue: upstream's sample-data image clones gitlab.com"),
        "{}",
        run.stderr
    );
}

#[test]
fn odh_images_notes_unpinned_images_and_known_breakage() {
    let run = crate::render::images(&["-p", "ai-library"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let note = |name: &str| {
        list.iter()
            .find(|i| i["image"].as_str().is_some_and(|n| n.contains(name)))
            .and_then(|i| i["note"].as_str())
            .unwrap_or_else(|| panic!("no image {name}"))
            .to_string()
    };
    let dup = note("ai-library-duplicate-bug-predict");
    assert!(
        dup.contains("unpinned")
            && dup.contains("known upstream issue")
            && dup.contains("jaccard_similarity_score"),
        "{dup}"
    );
    assert!(note("ai-library-sample-data").contains("gitlab.com"));
    assert!(note("ai-library-sentiment-analysis-proxy").contains("unpinned"));
    assert_eq!(
        note("k8s-hub"),
        "",
        "a pinned image without issues has no note"
    );
}
