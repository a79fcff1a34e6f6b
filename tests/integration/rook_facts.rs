//! Rook against its pinned release: the verified files and their digests,
//! the images, names and service accounts of `tests/facts/rook.yaml` in the
//! render, and `odh images` / `odh fetch` naming them.

use crate::rook::ROOK;

#[test]
fn rook_follows_the_pinned_release_facts() {
    let facts = crate::rendered::facts("rook.yaml");
    let rook = &facts["rook"];
    let catalog = odh::catalog::Catalog::embedded().unwrap();
    let operator = catalog
        .profiles
        .iter()
        .flat_map(|p| p.components.iter())
        .find(|c| c.name == "rook-operator")
        .unwrap();
    let files = rook["files"].as_object().unwrap();
    assert_eq!(operator.sources.len(), files.len());
    for source in &operator.sources {
        let path = source
            .url
            .strip_prefix("https://raw.githubusercontent.com/rook/rook/v1.20.6/")
            .unwrap_or_else(|| panic!("{} is at the pinned tag", source.url));
        assert_eq!(
            source.sha256.as_deref(),
            files[path]["sha256"].as_str(),
            "{path}"
        );
    }
    let docs = crate::rendered::documents(
        &crate::render::render(&[
            "-p",
            "core",
            "--platform",
            "openshift",
            "--set",
            "s3.engine=rook",
        ])
        .stdout,
    );
    let find = |kind: &str, name: &str| {
        docs.iter()
            .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
            .unwrap_or_else(|| panic!("{kind}/{name} is rendered"))
    };
    let deployment = find("Deployment", "rook-ceph-operator");
    let pod = &deployment["spec"]["template"]["spec"];
    assert_eq!(pod["containers"][0]["image"], rook["images"]["operator"]);
    assert_eq!(pod["containers"][0]["args"], rook["operator"]["args"]);
    assert_eq!(
        pod["serviceAccountName"],
        rook["operator"]["serviceAccount"]
    );
    assert_eq!(deployment["metadata"]["namespace"], rook["namespace"]);
    let cluster = find("CephCluster", "rook-ceph");
    assert_eq!(
        cluster["spec"]["cephVersion"]["image"],
        rook["images"]["ceph"]
    );
    let mons = cluster["spec"]["mon"]["count"].as_i64().unwrap();
    assert!(mons >= rook["monCount"]["min"].as_i64().unwrap() && mons % 2 == 1);
    let class = find("StorageClass", "odh-ceph-bucket");
    assert_eq!(class["provisioner"], rook["bucketProvisioner"]);
    assert_eq!(
        class["reclaimPolicy"], "Delete",
        "a purge can delete the store"
    );
    let store = class["parameters"]["objectStoreName"].as_str().unwrap();
    let service = rook["gatewayService"]
        .as_str()
        .unwrap()
        .replace("{store}", store);
    let config = find("ConfigMap", "s3-config");
    assert_eq!(
        config["data"]["AWS_S3_ENDPOINT"],
        format!(
            "http://{service}.{}.svc:80",
            rook["namespace"].as_str().unwrap()
        )
    );
    let users: Vec<String> = rook["sccServiceAccounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("system:serviceaccount:rook-ceph:{}", a.as_str().unwrap()))
        .collect();
    assert_eq!(
        find("SecurityContextConstraints", "rook-ceph")["users"],
        serde_json::json!(users)
    );
    for doc in docs.iter().filter(|d| {
        let component = &d["metadata"]["labels"]["opendatahub.io/odh-component"];
        component == "rook-operator" || component == "rook-ceph"
    }) {
        assert_eq!(
            doc["metadata"]["annotations"]["opendatahub.io/odh-keep"],
            "data",
            "{} is kept without --purge",
            crate::rendered::id(doc)
        );
    }
}

#[test]
fn images_and_fetch_name_rook_s_files_and_images() {
    let facts = crate::rendered::facts("rook.yaml");
    let images = |extra: &[&str]| -> Vec<String> {
        let mut args = ROOK.to_vec();
        args.extend_from_slice(extra);
        let run = crate::render::images(&args);
        let list: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        list.iter()
            .map(|i| i["image"].as_str().unwrap().to_string())
            .collect()
    };
    let names = images(&[]);
    for image in facts["rook"]["images"].as_object().unwrap().values() {
        assert!(
            names.iter().any(|n| n == image.as_str().unwrap()),
            "{image}: {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n.contains("minio")), "{names:?}");
    let mirrored = images(&["--set", "global.imageRegistry=mirror.local:5000"]);
    assert!(
        mirrored.contains(&"mirror.local:5000/ceph/ceph:v20.2.4".to_string()),
        "the CephCluster's image is rewritten too: {mirrored:?}"
    );
    // fetch takes Rook's files whatever s3.engine says.
    let cache = crate::harness::tempdir();
    let work = crate::harness::tempdir();
    let lock = crate::fixtures::write_lock(work.path());
    let mirror = crate::fixtures::Mirror::start(crate::fixtures::stand_ins());
    let bundle = work.path().join("bundle");
    crate::harness::Odh::new(cache.path())
        .args(["fetch", "-p", "core", "--to"])
        .args([bundle.as_os_str()])
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success();
    let listed = std::fs::read_to_string(bundle.join("sources.lock")).unwrap();
    for path in facts["rook"]["files"].as_object().unwrap().keys() {
        assert!(
            listed.contains(&format!("rook/rook/v1.20.6/{path}")),
            "{path}: {listed}"
        );
        assert!(
            bundle
                .join("raw.githubusercontent.com/rook/rook/v1.20.6")
                .join(path)
                .is_file()
        );
    }
}
