//! OpenShift: the operator's Subscription and ClusterServiceVersion, the
//! DSCInitialization and DataScienceCluster, and the dashboard's Service
//! answering through the proxy (its Route, when there is one, admitted).

use super::Ctx;
use super::find::service_target;
use crate::cluster::ProxyRequest;
use crate::object::{Object, ObjectRef};
use crate::verify::openshift;
use crate::verify::{Check, Reply};

use crate::verify::openshift::DASHBOARD_SERVICE;

async fn first(ctx: &Ctx<'_>, component: &str, kind: &str) -> Option<Object> {
    let entry = ctx.entries(component, kind).into_iter().next()?;
    ctx.read(&entry.to_ref()).await.ok()
}

async fn dashboard(ctx: &Ctx<'_>) -> Check {
    let namespace = ctx.value("namespace");
    let service = ObjectRef {
        api_version: "v1".into(),
        kind: "Service".into(),
        namespace: Some(namespace.clone()),
        name: DASHBOARD_SERVICE.into(),
    };
    let reply = match ctx.read(&service).await {
        Ok(live) => match service_target(&live, &["dashboard-ui"]) {
            Ok(mut target) => {
                target.https = true;
                ctx.http().reply(&target, &ProxyRequest::get("/")).await
            }
            Err(why) => Reply::Unreachable(why),
        },
        Err(why) => Reply::Proxy {
            status: 404,
            message: why,
        },
    };
    let route = ctx
        .cluster
        .list("route.openshift.io/v1", "Route", Some(&namespace), None)
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|r| r.str_at("/spec/to/name") == Some(DASHBOARD_SERVICE));
    openshift::dashboard(route.as_ref(), &reply)
}

pub async fn probe(ctx: &Ctx<'_>) -> Vec<Check> {
    let mut checks = Vec::new();
    if !ctx.entries("odh-operator", "Subscription").is_empty() {
        let subscription = first(ctx, "odh-operator", "Subscription").await;
        let csv = match &subscription {
            Some(sub) => match sub.str_at("/status/installedCSV") {
                Some(name) => ctx
                    .read(&ObjectRef {
                        api_version: "operators.coreos.com/v1alpha1".into(),
                        kind: "ClusterServiceVersion".into(),
                        namespace: sub.namespace().map(str::to_string),
                        name: name.into(),
                    })
                    .await
                    .ok(),
                None => None,
            },
            None => None,
        };
        checks.push(openshift::csv(subscription.as_ref(), csv.as_ref()));
    }
    if !ctx
        .entries("dscinitialization", "DSCInitialization")
        .is_empty()
    {
        let dsci = first(ctx, "dscinitialization", "DSCInitialization").await;
        checks.push(openshift::phase_ready(dsci.as_ref(), "DSCInitialization"));
    }
    let dsc = first(ctx, "datasciencecluster", "DataScienceCluster").await;
    if !ctx
        .entries("datasciencecluster", "DataScienceCluster")
        .is_empty()
    {
        checks.push(openshift::phase_ready(dsc.as_ref(), "DataScienceCluster"));
    }
    let managed = dsc
        .as_ref()
        .and_then(|d| d.str_at("/spec/components/dashboard/managementState"))
        == Some("Managed");
    if managed {
        checks.push(dashboard(ctx).await);
    }
    checks
}
