//! JupyterHub 5.5 (REST API under `/hub/api`): the API answers, the generated
//! shared password logs in, a token is issued through the REST API, and (slow)
//! a notebook server starts and stops.

use super::{Check, Reply};

pub const COMPONENT: &str = "jupyterhub";
/// The API root: `{"version": …}` without authentication.
pub const API_PATH: &str = "/hub/api";
pub const LOGIN_PATH: &str = "/hub/login";
/// A page that sets a fresh `_xsrf` cookie for the logged-in user.
pub const HOME_PATH: &str = "/hub/home";
/// The user verify logs in as; its record stays in the hub's database
/// (removing users needs an admin), nothing else of it does.
pub const USER: &str = "odh-verify";
/// Tokens verify asks for expire after this many seconds (and are revoked).
pub const TOKEN_EXPIRES_IN: u64 = 300;
/// The hub's login cookie.
pub const LOGIN_COOKIE: &str = "jupyterhub-hub-login";
/// The token request's field with `{username, password}`.
pub const CREDENTIALS_FIELD: &str = "auth";
/// The header cookie-authenticated writes repeat the `_xsrf` cookie in.
pub const XSRF_HEADER: &str = "X-XSRFToken";
/// KubeSpawner's label with the user's name, on the pod and the claim.
pub const USERNAME_LABEL: &str = "hub.jupyter.org/username";

/// The pod KubeSpawner starts for a user's default server.
pub fn pod_name(user: &str) -> String {
    format!("jupyter-{user}")
}

/// The claim of a user's home (`pvc_name_template = "claim-{user_server}"` in odh's config).
pub fn claim_name(user: &str) -> String {
    format!("claim-{user}")
}

pub fn tokens_path(user: &str) -> String {
    format!("/hub/api/users/{user}/tokens")
}

pub fn user_path(user: &str) -> String {
    format!("/hub/api/users/{user}")
}

pub fn server_path(user: &str) -> String {
    format!("/hub/api/users/{user}/server")
}

fn failed_answer(name: &str, reply: &Reply, hint: &str) -> Check {
    let hint = reply
        .proxy_hint("JupyterHub")
        .unwrap_or_else(|| hint.to_string());
    Check::failed(COMPONENT, name, reply.describe(), hint)
}

/// `GET /hub/api` → 200 `{"version": "5.5.0"}`.
pub fn hub_api(reply: &Reply) -> Check {
    let name = "hub API answers";
    match (reply.status(), reply.json()) {
        (Some(200), Some(body)) if body.get("version").is_some() => Check::passed(
            COMPONENT,
            name,
            format!(
                "HTTP 200 from {API_PATH}, JupyterHub {}",
                body["version"].as_str().unwrap_or("?")
            ),
        ),
        _ => failed_answer(
            name,
            reply,
            "the hub answered, but not with its REST API; look at the hub pod's log",
        ),
    }
}

/// `POST /hub/login` with the shared password: a redirect that sets the login cookie.
pub fn login(reply: &Reply, got_login_cookie: bool) -> Check {
    let name = "generated password logs in";
    match reply.status() {
        Some(302 | 303) if got_login_cookie => Check::passed(
            COMPONENT,
            name,
            format!(
                "HTTP {} from {LOGIN_PATH} with a login cookie, as user {USER}",
                reply.status().unwrap_or(302)
            ),
        ),
        Some(403) if reply.text().contains("_xsrf") || reply.text().contains("XSRF") => {
            failed_answer(
                name,
                reply,
                "the hub rejected the login form's XSRF token, which it ties to the client address: did the form and its POST pass through different API servers? run verify again",
            )
        }
        Some(403) => Check::failed(
            COMPONENT,
            name,
            format!("HTTP 403 from {LOGIN_PATH}: Invalid username or password"),
            "the hub runs with another password than Secret hub (key login-password) holds; restart it: kubectl rollout restart deployment/hub",
        ),
        _ => failed_answer(
            name,
            reply,
            "the login did not redirect with a login cookie; look at the hub pod's log",
        ),
    }
}

/// `POST /hub/api/users/NAME/tokens` with `auth: {username, password}` → 201
/// with a token model. Returns the token's id (never the token) to revoke it.
pub fn token(reply: &Reply) -> (Check, Option<String>) {
    let name = "REST API issues a token";
    let body = reply.json();
    match (reply.status(), &body) {
        (Some(201), Some(model)) if model["token"].as_str().is_some_and(|t| !t.is_empty()) => {
            let id = model["id"].as_str().map(str::to_string);
            let check = Check::passed(
                COMPONENT,
                name,
                format!(
                    "HTTP 201 from {}, token {} for user {}",
                    tokens_path(USER),
                    id.as_deref().unwrap_or("?"),
                    model["user"].as_str().unwrap_or("?")
                ),
            );
            (check, id)
        }
        (Some(403), _) => (
            Check::failed(
                COMPONENT,
                name,
                format!("HTTP 403 from {}", tokens_path(USER)),
                "the hub did not accept the shared password in the token request; is its authenticator SharedPasswordAuthenticator?",
            ),
            None,
        ),
        _ => (
            failed_answer(
                name,
                reply,
                "the token answer had no token; look at the hub pod's log",
            ),
            None,
        ),
    }
}

/// Where a user's default server stands, from `GET /hub/api/users/NAME`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerState {
    Ready,
    /// Spawning or stopping (`pending` is `spawn` or `stop`).
    Pending(String),
    /// No server, or it stopped.
    Stopped,
    /// The answer could not be read.
    Unknown(String),
}

pub fn server_state(reply: &Reply) -> ServerState {
    let Some(user) = reply.json().filter(|_| reply.status() == Some(200)) else {
        return ServerState::Unknown(reply.describe());
    };
    let Some(server) = user["servers"].get("") else {
        return ServerState::Stopped;
    };
    if server["ready"] == true {
        return ServerState::Ready;
    }
    match server["pending"].as_str() {
        Some(pending) => ServerState::Pending(pending.to_string()),
        None if server["stopped"] == true => ServerState::Stopped,
        None => ServerState::Unknown("the server is neither ready, pending nor stopped".into()),
    }
}

/// The slow check's result once waiting ended.
pub fn notebook(last: &ServerState, waited: std::time::Duration, timed_out: bool) -> Check {
    let name = "notebook server starts";
    match last {
        ServerState::Ready => Check::passed(
            COMPONENT,
            name,
            format!("the server of {USER} was ready after {}s", waited.as_secs()),
        ),
        ServerState::Pending(p) if timed_out => Check::failed(
            COMPONENT,
            name,
            format!("still pending {p} after {}s", waited.as_secs()),
            format!(
                "the notebook pod jupyter-{USER} did not become ready: kubectl describe pod jupyter-{USER}"
            ),
        ),
        ServerState::Stopped => Check::failed(
            COMPONENT,
            name,
            format!("the spawn of {USER}'s server ended without a running server"),
            format!("the spawn failed; see the hub pod's log and the events of pod jupyter-{USER}"),
        ),
        other => Check::failed(
            COMPONENT,
            name,
            format!("{other:?} after {}s", waited.as_secs()),
            "the hub did not report the server's state; look at the hub pod's log",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn the_api_root_must_carry_a_version() {
        let ok = hub_api(&answer(200, r#"{"version":"5.5.0"}"#));
        assert_eq!(ok.outcome, super::super::Outcome::Passed);
        assert!(ok.evidence.contains("5.5.0"));
        let html = hub_api(&answer(200, "<html>"));
        assert_eq!(html.outcome, super::super::Outcome::Failed);
        let down = hub_api(&Reply::Proxy {
            status: 503,
            message: "no endpoints available for service \"hub\"".into(),
        });
        assert!(down.evidence.contains("no endpoints"), "{}", down.evidence);
        assert!(down.hint.contains("no ready pod"), "{}", down.hint);
    }

    #[test]
    fn login_needs_a_redirect_and_the_cookie() {
        assert_eq!(
            login(&answer(302, ""), true).outcome,
            super::super::Outcome::Passed
        );
        assert_eq!(
            login(&answer(302, ""), false).outcome,
            super::super::Outcome::Failed
        );
        let wrong = login(
            &answer(403, "<html>Invalid username or password</html>"),
            false,
        );
        assert!(wrong.hint.contains("login-password"), "{}", wrong.hint);
    }

    #[test]
    fn a_token_is_judged_without_repeating_it() {
        let (check, id) = token(&answer(
            201,
            r#"{"token":"abcdef0123456789","id":"a7","user":"odh-verify","kind":"api_token"}"#,
        ));
        assert_eq!(check.outcome, super::super::Outcome::Passed);
        assert_eq!(id.as_deref(), Some("a7"));
        assert!(!check.evidence.contains("abcdef0123456789"));
        let (refused, none) = token(&answer(403, r#"{"status":403,"message":"Forbidden"}"#));
        assert_eq!(refused.outcome, super::super::Outcome::Failed);
        assert!(none.is_none());
    }

    #[test]
    fn server_states_follow_ready_and_pending() {
        let state = |body: &str| server_state(&answer(200, body));
        assert_eq!(
            state(r#"{"servers":{"":{"ready":true,"pending":null}}}"#),
            ServerState::Ready
        );
        assert_eq!(
            state(r#"{"servers":{"":{"ready":false,"pending":"spawn"}}}"#),
            ServerState::Pending("spawn".into())
        );
        assert_eq!(state(r#"{"servers":{}}"#), ServerState::Stopped);
        assert!(matches!(
            server_state(&answer(403, "{}")),
            ServerState::Unknown(_)
        ));
        let slow = notebook(
            &ServerState::Pending("spawn".into()),
            std::time::Duration::from_secs(9),
            true,
        );
        assert_eq!(slow.outcome, super::super::Outcome::Failed);
    }
}
