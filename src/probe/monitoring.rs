//! Prometheus's targets against the odh workloads that ask to be scraped, and
//! Grafana's health and provisioned data sources (after a login with the
//! admin password its Deployment gets from its Secret).

use super::Ctx;
use super::http::{Jar, to_reply};
use crate::cluster::ProxyRequest;
use crate::install::Entry;
use crate::verify::Check;
use crate::verify::grafana::{self, COMPONENT as GRAFANA};
use crate::verify::prometheus::{self, COMPONENT as PROMETHEUS, Scraped};
use http::Method;
use serde_json::{Value, json};

const WORKLOADS: [&str; 3] = ["Deployment", "StatefulSet", "DaemonSet"];

/// The installation's workloads whose pods carry `prometheus.io/scrape: "true"`.
async fn scraped(ctx: &Ctx<'_>) -> Vec<Scraped> {
    let entries: Vec<&Entry> = ctx
        .inventory
        .objects
        .iter()
        .filter(|e| WORKLOADS.contains(&e.kind.as_str()))
        .collect();
    let mut found = Vec::new();
    for entry in entries {
        found.extend(scrape_target(ctx, entry).await);
    }
    found
}

async fn scrape_target(ctx: &Ctx<'_>, entry: &Entry) -> Option<Scraped> {
    let live = ctx.read(&entry.to_ref()).await.ok()?;
    let wanted =
        live.str_at("/spec/template/metadata/annotations/prometheus.io~1scrape") == Some("true");
    let selector = live.get("/spec/selector/matchLabels")?.as_object()?;
    wanted.then(|| Scraped {
        workload: format!("{}/{}", entry.kind, entry.name),
        namespace: entry.namespace.clone().unwrap_or_default(),
        selector: selector
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect(),
    })
}

pub async fn prometheus(ctx: &Ctx<'_>) -> Vec<Check> {
    let name = "every odh target is up";
    let target = match ctx.service(PROMETHEUS, None, &["http", "web"]).await {
        Ok(target) => target,
        Err(why) => {
            return vec![Check::failed(
                PROMETHEUS,
                name,
                why,
                "run `odh status -p monitoring`",
            )];
        }
    };
    let expected = scraped(ctx).await;
    let request = ProxyRequest::get(prometheus::TARGETS_PATH).query(prometheus::TARGETS_QUERY);
    let reply = ctx.http().reply(&target, &request).await;
    vec![prometheus::targets(&reply, &expected)]
}

/// The provisioned data sources (uid, url) from the component's ConfigMaps.
async fn datasources(ctx: &Ctx<'_>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for entry in ctx.entries(GRAFANA, "ConfigMap") {
        let Ok(live) = ctx.read(&entry.to_ref()).await else {
            continue;
        };
        let data = live
            .get("/data")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for text in data.values().filter_map(Value::as_str) {
            let Ok(doc) = crate::yaml::from_str::<Value>(text) else {
                continue;
            };
            for source in doc["datasources"].as_array().into_iter().flatten() {
                if let Some(uid) = source["uid"].as_str() {
                    found.push((
                        uid.to_string(),
                        source["url"].as_str().unwrap_or("").to_string(),
                    ));
                }
            }
        }
    }
    found
}

pub async fn grafana(ctx: &Ctx<'_>) -> Vec<Check> {
    let health_name = "API and database healthy";
    let target = match ctx.service(GRAFANA, None, &["http"]).await {
        Ok(target) => target,
        Err(why) => {
            return vec![Check::failed(
                GRAFANA,
                health_name,
                why,
                "run `odh status -p monitoring`",
            )];
        }
    };
    let http = ctx.http();
    let health = grafana::health(
        &http
            .reply(&target, &ProxyRequest::get(grafana::HEALTH_PATH))
            .await,
    );
    let healthy = health.outcome == crate::verify::Outcome::Passed;
    let mut checks = vec![health];
    if !healthy {
        checks.push(Check::skipped(
            GRAFANA,
            "generated admin password logs in",
            "Grafana is not healthy",
        ));
        return checks;
    }
    let deployment = ctx.entries(GRAFANA, "Deployment").into_iter().next();
    let credentials = match deployment {
        Some(d) => match (
            ctx.env_value(d, "GF_SECURITY_ADMIN_USER").await,
            ctx.env_value(d, "GF_SECURITY_ADMIN_PASSWORD").await,
        ) {
            (Ok(user), Ok(password)) => Ok((user, password)),
            (Err(why), _) | (_, Err(why)) => Err(why),
        },
        None => Err("the installation has no Grafana Deployment".to_string()),
    };
    let (user, password) = match credentials {
        Ok(pair) => pair,
        Err(why) => {
            checks.push(Check::failed(
                GRAFANA,
                "generated admin password logs in",
                why,
                "odh generates Secret grafana-admin at install; run `odh install` again",
            ));
            return checks;
        }
    };
    let login = ProxyRequest::new(Method::POST, grafana::LOGIN_PATH)
        .json(&json!({"user": user, "password": password}));
    let answer = http.call(&target, &login).await;
    let mut jar = Jar::default();
    if let Ok(answer) = &answer {
        jar.store(answer);
    }
    for value in jar.values() {
        ctx.remember_secret(&value);
    }
    let login = grafana::login(
        &to_reply(&answer),
        jar.get(grafana::SESSION_COOKIE).is_some(),
    );
    let logged_in = login.outcome == crate::verify::Outcome::Passed;
    checks.push(login);
    let sources = datasources(ctx).await;
    if sources.is_empty() {
        checks.push(Check::failed(
            GRAFANA,
            "data source is healthy",
            "no provisioned data source with a uid in the Grafana ConfigMaps",
            "the grafana-datasources ConfigMap lost its data source; run `odh install` again",
        ));
    }
    for (uid, url) in sources {
        if !logged_in {
            checks.push(Check::skipped(
                GRAFANA,
                &format!("data source {uid} is healthy"),
                "the login failed",
            ));
            continue;
        }
        let request = jar.attach(ProxyRequest::get(&grafana::datasource_health_path(&uid)));
        let reply = http.reply(&target, &request).await;
        checks.push(grafana::datasource(&reply, &uid, &url));
    }
    checks
}
