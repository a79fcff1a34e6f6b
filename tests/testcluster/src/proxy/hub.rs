//! JupyterHub 5.5 behind configurable-http-proxy: the REST API root, the login form with its
//! `_xsrf` cookie, tokens requested with `auth` credentials in the body, cookie-authenticated API
//! calls (writes need `X-XSRFToken`), and spawning a server as KubeSpawner would (pod
//! `jupyter-USER`, claim `claim-USER`, both labelled `hub.jupyter.org/username`).

use super::apps::{AppFault, AppRequest, json, pod_env, respond, token};
use super::notebooks::{spawn, stop, user_model};
use crate::http::Resp;
use crate::state::State;
use crate::util::stable_hash;
use hyper::Method;
use serde_json::{Value, json};

pub const VERSION: &str = "5.5.0";
const LOGIN_COOKIE: &str = "jupyterhub-hub-login";

/// The hub's own pod (the proxy's pods front it): where its password comes from.
pub fn hub_pod(st: &State, ns: &str) -> Option<Value> {
    st.store
        .range(&(String::new(), "pods".into()), Some(ns), None)
        .map(|(_, p)| p.as_ref().clone())
        .find(|p| {
            p["spec"]["containers"].as_array().is_some_and(|cs| {
                cs.iter()
                    .any(|c| c["image"].as_str().is_some_and(|i| i.contains("k8s-hub")))
            })
        })
}

fn password_ok(st: &State, req: &AppRequest, password: &str) -> bool {
    if st.apps.has(&AppFault::HubRejectsPassword) {
        return false;
    }
    hub_pod(st, &req.namespace)
        .and_then(|p| pod_env(st, &p, "JUPYTERHUB_SHARED_PASSWORD"))
        .is_some_and(|expected| !expected.is_empty() && expected == password)
}

/// The anonymous XSRF token: stable for one client (its User-Agent), like the hub's.
fn anonymous_xsrf(req: &AppRequest) -> String {
    format!(
        "anon{}",
        stable_hash(&json!(req.header("user-agent").unwrap_or("")), 12)
    )
}

/// The XSRF token of a logged-in session.
fn session_xsrf(session: &str) -> String {
    format!("user{}", stable_hash(&json!(session), 12))
}

fn api_error(code: u16, message: &str) -> Resp {
    json(code, &json!({"status": code, "message": message}), &[])
}

fn html(code: u16, text: &str, headers: &[(&str, String)]) -> Resp {
    respond(
        code,
        "text/html; charset=UTF-8",
        format!("<!DOCTYPE HTML><html><body>{text}</body></html>"),
        headers,
    )
}

/// The logged-in user and session of a request, from its login cookie.
fn session(st: &State, req: &AppRequest) -> Option<(String, String)> {
    let cookie = req.cookie(LOGIN_COOKIE)?;
    let user = st.apps.hub_sessions.get(&cookie)?.clone();
    Some((user, cookie))
}

fn xsrf_ok(req: &AppRequest, session: &str) -> bool {
    req.header("x-xsrftoken") == Some(session_xsrf(session).as_str())
}

pub fn answer(st: &mut State, req: &AppRequest) -> Resp {
    let segments: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    match (&req.method, segments.as_slice()) {
        (&Method::GET, ["hub", "api"]) => json(200, &json!({"version": VERSION}), &[]),
        (&Method::GET, ["hub", "login"]) => html(
            200,
            "<form method=\"post\">Sign in</form>",
            &[(
                "Set-Cookie",
                format!("_xsrf={}; Path=/hub/; Max-Age=3600", anonymous_xsrf(req)),
            )],
        ),
        (&Method::POST, ["hub", "login"]) => login(st, req),
        (&Method::GET, ["hub", "home"]) => match session(st, req) {
            Some((_, s)) => html(
                200,
                "Home",
                &[(
                    "Set-Cookie",
                    format!("_xsrf={}; Path=/hub/", session_xsrf(&s)),
                )],
            ),
            None => respond(
                302,
                "",
                "",
                &[("Location", "/hub/login?next=%2Fhub%2Fhome".into())],
            ),
        },
        (&Method::POST, ["hub", "api", "users", name, "tokens"]) => new_token(st, req, name),
        (&Method::DELETE, ["hub", "api", "users", name, "tokens", id]) => {
            let Some((user, _)) = session(st, req).filter(|(_, s)| xsrf_ok(req, s)) else {
                return api_error(403, "'_xsrf' argument missing from DELETE");
            };
            if user != *name {
                return api_error(403, "Action is not authorized with current scopes");
            }
            match st.apps.hub_tokens.remove(*id) {
                Some(_) => respond(204, "", "", &[]),
                None => api_error(404, &format!("No such token: {id}")),
            }
        }
        (&Method::GET, ["hub", "api", "users", name]) => match session(st, req) {
            Some((user, _)) if user == *name => json(200, &user_model(st, name), &[]),
            _ => api_error(
                403,
                "Action is not authorized with current scopes; requires any of [read:users]",
            ),
        },
        (&Method::GET, ["hub", "spawn", name]) => match session(st, req) {
            Some((user, _)) if user == *name => {
                spawn(st, req, name);
                respond(
                    302,
                    "",
                    "",
                    &[("Location", format!("/hub/spawn-pending/{name}"))],
                )
            }
            _ => respond(302, "", "", &[("Location", "/hub/login".into())]),
        },
        (&Method::POST, ["hub", "api", "users", name, "server"]) => {
            let Some((user, _)) = session(st, req).filter(|(_, s)| xsrf_ok(req, s)) else {
                return api_error(403, "'_xsrf' argument missing from POST");
            };
            if user != *name {
                return api_error(403, "Action is not authorized with current scopes");
            }
            if st.apps.hub_servers.get(*name).is_some_and(|s| !s.stopped) {
                return api_error(400, &format!("{name} is already running"));
            }
            spawn(st, req, name);
            respond(202, "", "", &[])
        }
        (&Method::DELETE, ["hub", "api", "users", name, "server"]) => {
            let Some((user, _)) = session(st, req).filter(|(_, s)| xsrf_ok(req, s)) else {
                return api_error(403, "'_xsrf' argument missing from DELETE");
            };
            if user != *name {
                return api_error(403, "Action is not authorized with current scopes");
            }
            if stop(st, name) {
                respond(204, "", "", &[])
            } else {
                api_error(400, &format!("{name}'s server is not running"))
            }
        }
        _ => html(404, "404 : Not Found", &[]),
    }
}

fn login(st: &mut State, req: &AppRequest) -> Resp {
    let form = req.form();
    let field = |k: &str| {
        form.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let cookie = req.cookie("_xsrf").unwrap_or_default();
    if cookie.is_empty() || field("_xsrf") != cookie || cookie != anonymous_xsrf(req) {
        return html(403, "XSRF cookie does not match POST argument", &[]);
    }
    let (user, password) = (field("username"), field("password"));
    if user.is_empty() || !password_ok(st, req, &password) {
        return html(403, "Invalid username or password", &[]);
    }
    st.apps.hub_users.insert(user.clone());
    let session = token();
    st.apps.hub_sessions.insert(session.clone(), user);
    respond(
        302,
        "",
        "",
        &[
            ("Location", "/hub/".into()),
            (
                "Set-Cookie",
                format!("{LOGIN_COOKIE}={session}; HttpOnly; Path=/hub/"),
            ),
            (
                "Set-Cookie",
                format!("jupyterhub-session-id={}; HttpOnly; Path=/", token()),
            ),
        ],
    )
}

fn new_token(st: &mut State, req: &AppRequest, name: &str) -> Resp {
    let body = req.json().unwrap_or(json!({}));
    let requester = match session(st, req) {
        Some((user, s)) if xsrf_ok(req, &s) => user,
        Some(_) => return api_error(403, "'_xsrf' argument missing from POST"),
        None if st.apps.has(&AppFault::HubRefusesTokenRequests) => {
            return api_error(403, "Forbidden");
        }
        None => {
            let auth = &body["auth"];
            let user = auth["username"].as_str().unwrap_or("").to_string();
            let password = auth["password"].as_str().unwrap_or("");
            if user.is_empty()
                || !password_ok(st, req, password)
                || !st.apps.hub_users.contains(&user)
            {
                return api_error(403, "Forbidden");
            }
            user
        }
    };
    if requester != name {
        return api_error(
            403,
            &format!("User {name} not found or no permissions to generate tokens"),
        );
    }
    st.apps.next_token += 1;
    let id = format!("a{}", st.apps.next_token);
    st.apps.hub_tokens.insert(id.clone(), name.to_string());
    let model = json!({
        "kind": "api_token", "id": id, "user": name, "token": token(),
        "note": body["note"].as_str().unwrap_or("Requested via api"),
        "roles": [], "scopes": ["inherit"], "created": crate::util::now_rfc3339(),
        "expires_at": null, "last_activity": null, "session_id": null
    });
    json(201, &model, &[])
}
