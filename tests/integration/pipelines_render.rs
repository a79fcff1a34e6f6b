//! The pipelines profile's render against the upstream facts recorded in
//! `tests/facts/pipelines.yaml`: Kubeflow Pipelines' images, ports, probes and
//! env; its object store wired to odh's S3 (the endpoint split into host and
//! port) and its database; Argo's configuration; the DataSciencePipelinesApplication
//! and the DataScienceCluster keys on both OpenShift channels.

use crate::render::render;
use crate::rendered::{containers, documents, env, env_names, facts, pod_specs};
use odh::catalog::Catalog;
use serde_json::Value;

fn find<'a>(docs: &'a [Value], kind: &str, name: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["kind"] == kind && d["metadata"]["name"] == name)
        .unwrap_or_else(|| panic!("no {kind}/{name}"))
}

fn container<'a>(doc: &'a Value, name: &str) -> &'a Value {
    containers(pod_specs(doc)[0])
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no container {name}"))
}

fn value<'a>(c: &'a Value, name: &str) -> &'a Value {
    &env(c, name).unwrap_or_else(|| panic!("no env {name}"))["value"]
}

fn secret_ref(c: &Value, name: &str) -> (String, String) {
    let r = &env(c, name).unwrap_or_else(|| panic!("no env {name}"))["valueFrom"]["secretKeyRef"];
    (
        r["name"].as_str().unwrap().into(),
        r["key"].as_str().unwrap().into(),
    )
}

/// The dev store's or the external endpoint as s3-config records it: (scheme, host, port).
fn s3_parts(docs: &[Value]) -> (String, String, u16) {
    let url = find(docs, "ConfigMap", "s3-config")["data"]["AWS_S3_ENDPOINT"]
        .as_str()
        .unwrap()
        .to_string();
    let (scheme, rest) = url.split_once("://").unwrap();
    let (host, port) = match rest.trim_end_matches('/').split_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().unwrap()),
        None => (
            rest.trim_end_matches('/').to_string(),
            if scheme == "https" { 443 } else { 80 },
        ),
    };
    (scheme.to_string(), host, port)
}

fn keys(v: &Value) -> Vec<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn kubeflow_pipelines_follows_the_recorded_release() {
    let f = facts("pipelines.yaml");
    let kfp = &f["kfp"];
    let docs = documents(&render(&["-p", "pipelines"]).stdout);
    for (deployment, image) in kfp["images"].as_object().unwrap() {
        let d = find(&docs, "Deployment", deployment);
        let spec = pod_specs(d)[0];
        assert_eq!(&spec["containers"][0]["image"], image, "{deployment}");
        for init in spec["initContainers"].as_array().into_iter().flatten() {
            assert_eq!(
                init["image"], kfp["waitImage"],
                "{deployment} {}",
                init["name"]
            );
        }
    }
    let api = &kfp["apiServer"];
    let d = find(&docs, "Deployment", api["deployment"].as_str().unwrap());
    assert_eq!(pod_specs(d)[0]["serviceAccountName"], api["serviceAccount"]);
    let c = container(d, api["container"].as_str().unwrap());
    for port in c["ports"].as_array().unwrap() {
        assert_eq!(
            api["ports"][port["name"].as_str().unwrap()],
            port["containerPort"]
        );
    }
    for probe in ["readinessProbe", "livenessProbe", "startupProbe"] {
        assert_eq!(c[probe]["httpGet"]["path"], api["healthPath"], "{probe}");
        assert_eq!(c[probe]["httpGet"]["port"], api["ports"]["http"], "{probe}");
    }
    assert_eq!(
        c["startupProbe"]["failureThreshold"],
        api["startupFailureThreshold"]
    );
    for (name, image) in kfp["runImages"].as_object().unwrap() {
        if name.starts_with("V2_") {
            assert_eq!(value(c, name), image, "{name}");
        }
    }
    let names = env_names(c);
    for name in strings(&api["databaseEnv"]) {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert_eq!(
        secret_ref(c, "DBCONFIG_MYSQLCONFIG_PASSWORD"),
        ("mysql-secret".into(), "password".into())
    );
    let config = &find(&docs, "ConfigMap", "pipeline-install-config")["data"];
    for (k, v) in kfp["installConfig"].as_object().unwrap() {
        assert_eq!(&config[k], v, "pipeline-install-config {k}");
    }
    for (service, ports) in kfp["services"].as_object().unwrap() {
        let s = find(&docs, "Service", service);
        for port in s["spec"]["ports"].as_array().unwrap() {
            let name = port["name"].as_str().unwrap_or("");
            assert_eq!(ports[name], port["port"], "{service} {name}");
        }
    }
    let runner = kfp["runnerServiceAccount"].as_str().unwrap();
    find(&docs, "ServiceAccount", runner);
    assert_eq!(
        find(&docs, "RoleBinding", "pipeline-runner-binding")["subjects"][0]["name"],
        runner
    );
    let ui = find(&docs, "Deployment", "ml-pipeline-ui");
    let uc = container(ui, "ml-pipeline-ui");
    assert_eq!(uc["ports"][0]["containerPort"], kfp["ui"]["port"]);
    assert_eq!(
        uc["readinessProbe"]["httpGet"]["path"],
        kfp["ui"]["healthPath"]
    );
    for name in strings(&kfp["ui"]["env"]) {
        assert!(env(uc, &name).is_some(), "ui env {name}");
    }
    assert_eq!(value(uc, "ML_PIPELINE_SERVICE_PORT"), "8888");
}

/// The object store the API server, the launcher, Argo and the UI are given is
/// odh's s3-config endpoint, bucket, region and Secret, for the dev store and
/// an external https endpoint alike.
#[test]
fn every_consumer_reaches_odh_s_s3_store() {
    let f = facts("pipelines.yaml");
    for sets in [
        vec![],
        vec!["--set", "s3.endpoint=https://s3.example.com"],
        vec!["--set", "s3.engine=rook"],
    ] {
        let mut args = vec!["-p", "pipelines"];
        args.extend(&sets);
        let docs = documents(&render(&args).stdout);
        let (scheme, host, port) = s3_parts(&docs);
        let secure = scheme == "https";
        let s3 = &find(&docs, "ConfigMap", "s3-config")["data"];
        let secret = s3["AWS_CREDENTIALS_SECRET"].as_str().unwrap().to_string();
        let bucket = s3["AWS_S3_BUCKET"].as_str().unwrap();
        let case = format!("{sets:?}");
        let api = container(
            find(&docs, "Deployment", "ml-pipeline"),
            "ml-pipeline-api-server",
        );
        let wanted = &f["kfp"]["apiServer"]["objectStoreEnv"];
        assert_eq!(
            value(api, wanted["host"].as_str().unwrap()),
            host.as_str(),
            "{case}"
        );
        assert_eq!(
            value(api, wanted["port"].as_str().unwrap()),
            port.to_string().as_str(),
            "{case}"
        );
        assert_eq!(
            value(api, wanted["secure"].as_str().unwrap()),
            secure.to_string().as_str(),
            "{case}"
        );
        for (what, key) in [
            ("bucket", "AWS_S3_BUCKET"),
            ("region", "AWS_DEFAULT_REGION"),
        ] {
            let r =
                &env(api, wanted[what].as_str().unwrap()).unwrap()["valueFrom"]["configMapKeyRef"];
            assert_eq!(
                (r["name"].as_str(), r["key"].as_str()),
                (Some("s3-config"), Some(key))
            );
        }
        assert_eq!(
            secret_ref(api, wanted["accessKey"].as_str().unwrap()),
            (secret.clone(), "AWS_ACCESS_KEY_ID".into())
        );
        assert_eq!(
            secret_ref(api, wanted["secretKey"].as_str().unwrap()),
            (secret.clone(), "AWS_SECRET_ACCESS_KEY".into())
        );

        let launcher = &find(&docs, "ConfigMap", "kfp-launcher")["data"];
        assert_eq!(keys(launcher), strings(&f["kfp"]["launcher"]["keys"]));
        assert!(
            launcher["defaultPipelineRoot"]
                .as_str()
                .unwrap()
                .starts_with(&format!("s3://{bucket}/"))
        );
        let providers: Value =
            odh::yaml::from_str(launcher["providers"].as_str().unwrap()).unwrap();
        let default = &providers["s3"]["default"];
        for k in keys(default) {
            assert!(
                strings(&f["kfp"]["launcher"]["providerFields"]).contains(&k),
                "{k}"
            );
        }
        assert_eq!(
            default["endpoint"],
            format!("{scheme}://{host}:{port}"),
            "{case}"
        );
        assert_eq!(default["disableSSL"], !secure);
        let secret_ref_doc = &default["credentials"]["secretRef"];
        assert_eq!(
            keys(secret_ref_doc),
            strings(&f["kfp"]["launcher"]["secretRefFields"])
        );
        assert_eq!(secret_ref_doc["secretName"], secret.as_str());

        let argo = &find(&docs, "ConfigMap", "workflow-controller-configmap")["data"];
        assert_eq!(keys(argo), strings(&f["argo"]["configKeys"]));
        let repo: Value =
            odh::yaml::from_str(argo["artifactRepository"].as_str().unwrap()).unwrap();
        for k in keys(&repo["s3"]) {
            assert!(strings(&f["argo"]["s3Keys"]).contains(&k), "{k}");
        }
        assert_eq!(repo["s3"]["endpoint"], format!("{host}:{port}"), "{case}");
        assert_eq!(repo["s3"]["insecure"], !secure);
        assert_eq!(repo["s3"]["bucket"], bucket);
        assert_eq!(repo["s3"]["accessKeySecret"]["name"], secret.as_str());
        let ui = container(
            find(&docs, "Deployment", "ml-pipeline-ui"),
            "ml-pipeline-ui",
        );
        assert_eq!(
            value(ui, "ARGO_KEYFORMAT"),
            &repo["s3"]["keyFormat"],
            "the UI finds the logs Argo archives"
        );
        assert_eq!(value(ui, "MINIO_HOST"), host.as_str());
    }
}

#[test]
fn the_database_and_argo_follow_their_facts() {
    let f = facts("pipelines.yaml");
    let db = &f["kfp"]["database"];
    let docs = documents(&render(&["-p", "pipelines"]).stdout);
    let mysql = container(find(&docs, "Deployment", "mysql"), "mysql");
    assert_eq!(mysql["args"], db["args"]);
    assert_eq!(mysql["securityContext"]["runAsUser"], db["runAsUser"]);
    assert_eq!(
        secret_ref(mysql, db["rootPasswordEnv"].as_str().unwrap()),
        ("mysql-secret".into(), "password".into())
    );
    let secret = find(&docs, "Secret", "mysql-secret");
    assert_eq!(secret["stringData"]["username"], db["user"]);
    assert_eq!(
        secret["metadata"]["annotations"]["opendatahub.io/odh-generated-keys"],
        "password"
    );
    let claim = find(
        &docs,
        "PersistentVolumeClaim",
        db["claim"].as_str().unwrap(),
    );
    assert_eq!(
        claim["spec"]["resources"]["requests"]["storage"],
        db["size"]
    );

    let argo = &f["argo"];
    let controller = find(&docs, "Deployment", "workflow-controller");
    assert_eq!(
        pod_specs(controller)[0]["serviceAccountName"],
        argo["serviceAccount"]
    );
    let args = strings(&container(controller, "workflow-controller")["args"]);
    for arg in strings(&argo["controllerArgs"]) {
        assert!(args.contains(&arg), "{arg} in {args:?}");
    }
    let executor = format!(
        "--executor-image={}",
        f["kfp"]["runImages"]["executor"].as_str().unwrap()
    );
    assert!(args.contains(&executor), "{args:?}");

    let catalog = Catalog::embedded().unwrap();
    let profile = catalog.profile("pipelines").unwrap();
    let sources = |component: &str| profile.component(component).unwrap().sources.clone();
    let argo_crds: Vec<(String, String)> = sources("argo-workflows")
        .into_iter()
        .map(|s| {
            assert!(s.url.starts_with(&format!(
                "https://raw.githubusercontent.com/argoproj/argo-workflows/{}/manifests/base/crds/minimal/",
                argo["version"].as_str().unwrap()
            )));
            (s.url.rsplit('/').next().unwrap().to_string(), s.sha256.unwrap())
        })
        .collect();
    let recorded: Vec<(String, String)> = argo["crds"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(argo_crds, recorded);
    let kfp_crds: Vec<(String, String)> = sources("kfp")
        .into_iter()
        .map(|s| (s.url, s.sha256.unwrap()))
        .collect();
    let recorded: Vec<(String, String)> = f["kfp"]["crds"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    assert_eq!(kfp_crds, recorded);
}

#[test]
fn openshift_gets_a_dspa_on_odh_s_s3_and_the_channel_s_dsc_keys() {
    let f = facts("pipelines.yaml");
    let d = &f["dspa"];
    for (channel, engine) in [("fast-3", "minio"), ("fast", "minio"), ("fast-3", "rook")] {
        let set = format!("operator.channel={channel}");
        let store = format!("s3.engine={engine}");
        let docs = documents(
            &render(&[
                "-p",
                "pipelines",
                "--platform",
                "openshift",
                "--set",
                &set,
                "--set",
                &store,
            ])
            .stdout,
        );
        let dspa = find(&docs, "DataSciencePipelinesApplication", "dspa");
        assert_eq!(dspa["apiVersion"], d["apiVersion"]);
        assert_eq!(dspa["metadata"]["namespace"], "opendatahub");
        let spec = &dspa["spec"];
        for k in keys(spec) {
            assert!(strings(&d["specFields"]).contains(&k), "spec.{k}");
        }
        assert!(
            strings(&d["dspVersions"]).contains(&spec["dspVersion"].as_str().unwrap().to_string())
        );
        let ext = &spec["objectStorage"]["externalStorage"];
        for k in keys(ext) {
            assert!(
                strings(&d["externalStorageFields"]).contains(&k),
                "externalStorage.{k}"
            );
        }
        assert_eq!(
            keys(&ext["s3CredentialsSecret"]),
            strings(&d["credentialsSecretFields"])
        );
        for k in keys(&spec["database"]["mariaDB"]) {
            assert!(strings(&d["mariaDBFields"]).contains(&k), "mariaDB.{k}");
        }
        let (scheme, host, port) = s3_parts(&docs);
        assert_eq!(
            (
                ext["scheme"].as_str().unwrap(),
                ext["host"].as_str().unwrap()
            ),
            (scheme.as_str(), host.as_str())
        );
        assert_eq!(ext["port"], port.to_string());
        let s3 = &find(&docs, "ConfigMap", "s3-config")["data"];
        assert_eq!(
            ext["s3CredentialsSecret"]["secretName"],
            s3["AWS_CREDENTIALS_SECRET"]
        );
        assert_eq!(ext["bucket"], s3["AWS_S3_BUCKET"]);

        let dsc = docs
            .iter()
            .find(|x| x["kind"] == "DataScienceCluster")
            .unwrap();
        let line = &f["dsc"][channel];
        assert_eq!(dsc["apiVersion"], line["apiVersion"]);
        let key = line["pipelines"].as_str().unwrap();
        assert_eq!(
            dsc["spec"]["components"][key]["managementState"], "Managed",
            "{channel}"
        );
        if let Some(mm) = line["modelmesh"].as_str() {
            assert_eq!(
                dsc["spec"]["components"][mm]["managementState"], "Removed",
                "off by default"
            );
        } else {
            assert!(dsc["spec"]["components"]["modelmeshserving"].is_null());
        }
        assert!(!docs.iter().any(
            |x| x["kind"] == "CustomResourceDefinition" && x["spec"]["group"] == "argoproj.io"
        ));
    }
    let without = documents(&render(&["-p", "core", "--platform", "openshift"]).stdout);
    let dsc = without
        .iter()
        .find(|x| x["kind"] == "DataScienceCluster")
        .unwrap();
    assert_eq!(
        dsc["spec"]["components"]["aipipelines"]["managementState"],
        "Removed"
    );
    let mm = documents(
        &render(&[
            "-p",
            "serving",
            "--platform",
            "openshift",
            "--set",
            "operator.channel=fast",
            "--set",
            "serving.modelmesh=true",
        ])
        .stdout,
    );
    let dsc = mm
        .iter()
        .find(|x| x["kind"] == "DataScienceCluster")
        .unwrap();
    let key = f["dsc"]["fast"]["modelmesh"].as_str().unwrap();
    assert_eq!(dsc["spec"]["components"][key]["managementState"], "Managed");
    assert_eq!(
        dsc["spec"]["components"]["kserve"]["managementState"], "Managed",
        "beside KServe"
    );
}
