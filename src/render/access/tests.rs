//! Entry points from small objects: port-forwards, Routes, credentials as commands.

use super::*;

fn obj(yaml: &str) -> Object {
    Object::new(crate::yaml::from_str(yaml).unwrap())
}

fn hub_objects() -> Vec<Object> {
    vec![
        obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: proxy-public, namespace: odh, labels: {opendatahub.io/odh-component: jupyterhub}}\nspec: {ports: [{port: 80, targetPort: http}]}\n",
        ),
        obj(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hub, namespace: odh}\nspec:\n  template:\n    spec:\n      containers:\n      - name: hub\n        env:\n        - {name: JUPYTERHUB_SHARED_PASSWORD, valueFrom: {secretKeyRef: {name: hub, key: login-password}}}\n",
        ),
        obj(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s3-config, namespace: odh}\ndata: {AWS_S3_ENDPOINT: \"https://s3.example.com\", AWS_S3_BUCKET: b, AWS_CREDENTIALS_SECRET: mine}\n",
        ),
        obj(
            "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: m, namespace: odh}\nspec: {predictors: [{name: default}]}\n",
        ),
        obj(
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: k, namespace: odh}\n",
        ),
    ]
}

#[test]
fn services_are_port_forwarded_and_credentials_are_commands() {
    let objects = hub_objects();
    let entries = entry_points(&objects.iter().collect::<Vec<_>>());
    let hub = &entries[0];
    assert_eq!(hub.name, "JupyterHub");
    assert_eq!(hub.component, "jupyterhub");
    assert_eq!(hub.url.as_deref(), Some("http://localhost:8080"));
    assert_eq!(
        hub.reach.as_deref(),
        Some("kubectl -n odh port-forward svc/proxy-public 8080:80")
    );
    assert_eq!(
        hub.credentials[1].command.as_deref(),
        Some("kubectl -n odh get secret hub -o jsonpath='{.data.login-password}' | base64 -d")
    );
    let s3 = &entries[1];
    assert_eq!(
        s3.url.as_deref(),
        Some("https://s3.example.com"),
        "an external endpoint as is"
    );
    assert_eq!(s3.reach, None);
    assert!(
        s3.credentials[0]
            .command
            .as_deref()
            .unwrap()
            .contains("get secret mine")
    );
    let seldon = &entries[2];
    assert_eq!(
        seldon.url.as_deref(),
        Some("http://localhost:8500/api/v0.1/predictions")
    );
    assert_eq!(
        seldon.reach.as_deref(),
        Some("kubectl -n odh port-forward svc/m-default 8500:8000")
    );
    let kserve = &entries[3];
    assert_eq!(kserve.url.as_deref(), Some("http://localhost:8501/predict"));
    assert_eq!(
        kserve.reach.as_deref(),
        Some("kubectl -n odh port-forward svc/k-predictor 8501:80")
    );
}

#[test]
fn a_route_gives_its_url_or_the_command_that_shows_it() {
    let svc = obj(
        "apiVersion: v1\nkind: Service\nmetadata: {name: grafana, namespace: mon}\nspec: {ports: [{port: 3000}]}\n",
    );
    let live = obj(
        "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: grafana, namespace: mon}\nspec: {host: grafana-mon.apps.example.com}\n",
    );
    let entries = entry_points(&[&svc, &live]);
    assert_eq!(
        entries[0].url.as_deref(),
        Some("https://grafana-mon.apps.example.com")
    );
    assert_eq!(entries[0].reach, None);
    let rendered = obj(
        "apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: grafana, namespace: mon}\nspec: {}\n",
    );
    let entries = entry_points(&[&svc, &rendered]);
    assert_eq!(entries[0].url, None);
    assert_eq!(
        entries[0].reach.as_deref(),
        Some("kubectl -n mon get route grafana -o jsonpath='{.spec.host}'")
    );
}

#[test]
fn pipelines_are_reached_through_their_services_or_the_dspa_route() {
    let objects = [
        obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: ml-pipeline-ui, namespace: odh, labels: {opendatahub.io/odh-component: kfp}}\nspec: {ports: [{name: http, port: 80}]}\n",
        ),
        obj(
            "apiVersion: v1\nkind: Service\nmetadata: {name: ml-pipeline, namespace: odh}\nspec: {ports: [{name: http, port: 8888}, {name: grpc, port: 8887}]}\n",
        ),
        obj(
            "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: odh, labels: {opendatahub.io/odh-component: dspa}}\n",
        ),
    ];
    let entries = entry_points(&objects.iter().collect::<Vec<_>>());
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Kubeflow Pipelines UI",
            "Kubeflow Pipelines API",
            "Data Science Pipelines API (dspa)"
        ]
    );
    assert_eq!(
        entries[0].reach.as_deref(),
        Some("kubectl -n odh port-forward svc/ml-pipeline-ui 8080:80")
    );
    assert_eq!(entries[0].component, "kfp");
    assert_eq!(
        entries[1].reach.as_deref(),
        Some("kubectl -n odh port-forward svc/ml-pipeline 8888:8888")
    );
    assert_eq!(
        entries[1].url.as_deref(),
        Some("http://localhost:8888/apis/v2beta1")
    );
    assert_eq!(
        entries[2].reach.as_deref(),
        Some("kubectl -n odh get route ds-pipeline-dspa -o jsonpath='{.spec.host}'")
    );
    assert_eq!(entries[2].component, "dspa");
}
