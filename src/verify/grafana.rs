//! Grafana 13: `/api/health`, and the provisioned data source's health check
//! (`/api/datasources/uid/UID/health`) after a login with the generated admin
//! password (a session cookie: the service proxy drops `Authorization`).

use super::{Check, Reply};

pub const COMPONENT: &str = "grafana";
pub const HEALTH_PATH: &str = "/api/health";
pub const LOGIN_PATH: &str = "/login";
/// Grafana's session cookie (`login_cookie_name` default).
pub const SESSION_COOKIE: &str = "grafana_session";

pub fn datasource_health_path(uid: &str) -> String {
    format!("/api/datasources/uid/{uid}/health")
}

/// `GET /api/health` → 200 `{"database": "ok", …}`.
pub fn health(reply: &Reply) -> Check {
    let name = "API and database healthy";
    let body = reply.json();
    match (
        reply.status(),
        body.as_ref().and_then(|b| b["database"].as_str()),
    ) {
        (Some(200), Some("ok")) => Check::passed(
            COMPONENT,
            name,
            format!(
                "HTTP 200 from {HEALTH_PATH}, database ok, Grafana {}",
                body.as_ref()
                    .and_then(|b| b["version"].as_str())
                    .unwrap_or("?")
            ),
        ),
        (Some(_), Some("failing")) => Check::failed(
            COMPONENT,
            name,
            reply.describe(),
            "Grafana cannot use its database; look at its data volume and its pod's log",
        ),
        _ => {
            let hint = reply.proxy_hint("Grafana").unwrap_or_else(|| {
                "Grafana did not answer its health API; look at its pod's log".into()
            });
            Check::failed(COMPONENT, name, reply.describe(), hint)
        }
    }
}

/// `POST /login` with the admin password → 200 and a session cookie.
pub fn login(reply: &Reply, got_session: bool) -> Check {
    let name = "generated admin password logs in";
    match reply.status() {
        Some(200) if got_session => Check::passed(
            COMPONENT,
            name,
            format!("HTTP 200 from {LOGIN_PATH} with a session cookie, as admin"),
        ),
        Some(401) => Check::failed(
            COMPONENT,
            name,
            reply.describe(),
            "Grafana keeps the admin password it was first started with; if Secret grafana-admin (admin-password) changed later, reset it: grafana cli admin reset-admin-password",
        ),
        _ => {
            let hint = reply.proxy_hint("Grafana").unwrap_or_else(|| {
                "the login answered without a session cookie; is the login form disabled?".into()
            });
            Check::failed(COMPONENT, name, reply.describe(), hint)
        }
    }
}

/// `GET /api/datasources/uid/UID/health` → 200 `{"status": "OK", "message": …}`.
pub fn datasource(reply: &Reply, uid: &str, url: &str) -> Check {
    let name = format!("data source {uid} is healthy");
    let body = reply.json();
    let status = body.as_ref().and_then(|b| b["status"].as_str());
    let message = body
        .as_ref()
        .and_then(|b| b["message"].as_str())
        .unwrap_or("");
    match (reply.status(), status) {
        (Some(200), Some("OK")) => {
            Check::passed(COMPONENT, &name, format!("HTTP 200: OK: {message}"))
        }
        (Some(400), Some(state)) => Check::failed(
            COMPONENT,
            &name,
            format!("HTTP 400: {state}: {message}"),
            format!(
                "Grafana cannot query {url}; is Prometheus up and its Service named as the data source says?"
            ),
        ),
        (Some(404), _) => Check::failed(
            COMPONENT,
            &name,
            reply.describe(),
            "Grafana has no data source with this uid; its provisioning ConfigMap grafana-datasources did not load",
        ),
        _ => {
            let hint = reply.proxy_hint("Grafana").unwrap_or_else(|| {
                "the health check did not answer as Grafana does; look at its pod's log".into()
            });
            Check::failed(COMPONENT, &name, reply.describe(), hint)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;

    fn answer(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn health_reads_the_database_field() {
        let ok = health(&answer(
            200,
            r#"{"database":"ok","version":"13.0.2","commit":"x"}"#,
        ));
        assert_eq!(ok.outcome, Outcome::Passed);
        assert!(ok.evidence.contains("13.0.2"));
        let failing = health(&answer(503, r#"{"database":"failing"}"#));
        assert_eq!(failing.outcome, Outcome::Failed);
        assert!(failing.hint.contains("database"));
    }

    #[test]
    fn login_wants_the_session_cookie() {
        assert_eq!(
            login(&answer(200, r#"{"message":"Logged in"}"#), true).outcome,
            Outcome::Passed
        );
        assert_eq!(
            login(&answer(200, r#"{"message":"Logged in"}"#), false).outcome,
            Outcome::Failed
        );
        let wrong = login(
            &answer(401, r#"{"message":"Invalid username or password"}"#),
            false,
        );
        assert!(wrong.hint.contains("grafana-admin"));
    }

    #[test]
    fn datasource_failures_quote_grafana() {
        let ok = datasource(
            &answer(
                200,
                r#"{"status":"OK","message":"Successfully queried the Prometheus API."}"#,
            ),
            "prometheus",
            "http://prometheus.odh-monitoring.svc:9090",
        );
        assert_eq!(ok.outcome, Outcome::Passed);
        let bad = datasource(
            &answer(
                400,
                r#"{"status":"ERROR","message":"dial tcp: lookup prometheus: no such host"}"#,
            ),
            "prometheus",
            "http://prometheus.odh-monitoring.svc:9090",
        );
        assert_eq!(bad.outcome, Outcome::Failed);
        assert!(bad.evidence.contains("no such host"));
        assert!(
            bad.hint
                .contains("http://prometheus.odh-monitoring.svc:9090")
        );
    }
}
