//! Entry points of the pipelines profile: Kubeflow Pipelines' UI and API
//! Services on Kubernetes; on OpenShift the Route DSPO makes for the DSPA's
//! API server (`ds-pipeline-<name>`, config/internal/apiserver/default/route
//! at data-science-pipelines-operator@v2.18.0).

use super::{Credential, EntryPoint, component, service_entry, svc_ns};
use crate::object::Object;

pub(super) fn entry_points(objects: &[&Object]) -> Vec<EntryPoint> {
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .copied()
            .find(|o| o.kind() == kind && o.name() == name)
    };
    let mut out = Vec::new();
    if let Some(svc) = find("Service", "ml-pipeline-ui") {
        out.push(service_entry(svc, None, "Kubeflow Pipelines UI", 8080, ""));
    }
    if let Some(svc) = find("Service", "ml-pipeline") {
        let mut e = service_entry(svc, None, "Kubeflow Pipelines API", 8888, "/apis/v2beta1");
        e.note = Some(format!(
            "REST, e.g. GET http://localhost:8888/apis/v2beta1/healthz; in the cluster: http://ml-pipeline.{}.svc:8888",
            svc_ns(svc)
        ));
        out.push(e);
    }
    for dspa in objects
        .iter()
        .filter(|o| o.kind() == "DataSciencePipelinesApplication")
    {
        let ns = svc_ns(dspa);
        let route = format!("ds-pipeline-{}", dspa.name());
        out.push(EntryPoint {
            component: component(dspa),
            name: format!("Data Science Pipelines API ({})", dspa.name()),
            url: None,
            reach: Some(format!(
                "kubectl -n {ns} get route {route} -o jsonpath='{{.spec.host}}'"
            )),
            credentials: vec![Credential::value(
                "login",
                "your OpenShift account; from a client send Authorization: Bearer $(oc whoami -t)",
            )],
            note: Some(format!(
                "the dashboard's Data Science Pipelines pages use it; in the cluster: https://{route}.{ns}.svc:8443"
            )),
        });
    }
    out
}
