//! JupyterHub through its `proxy-public` Service (so the request also passes
//! configurable-http-proxy): the API root, a login with the generated shared
//! password (the login form, with its XSRF cookie), and a token from the REST
//! API, revoked again. With `--include-slow`, a notebook server.

use super::Ctx;
use super::cleanup::Created;
use super::http::{Jar, to_reply};
use crate::cluster::{ProxyRequest, ServiceTarget};
use crate::verify::jupyterhub::{self as hub, COMPONENT, USER};
use crate::verify::sigv4::uri_encode;
use crate::verify::{Check, Outcome};
use http::Method;
use serde_json::json;

pub async fn probe(ctx: &Ctx<'_>) -> Vec<Check> {
    let target = match ctx
        .service(COMPONENT, Some("proxy-public"), &["http"])
        .await
    {
        Ok(target) => target,
        Err(_) => match ctx.service(COMPONENT, Some("hub"), &["http"]).await {
            Ok(target) => target,
            Err(why) => {
                return vec![Check::failed(
                    COMPONENT,
                    "hub API answers",
                    why,
                    "run `odh status -p core`",
                )];
            }
        },
    };
    let http = ctx.http();
    let api = hub::hub_api(&http.reply(&target, &ProxyRequest::get(hub::API_PATH)).await);
    let later = [
        "generated password logs in",
        "REST API issues a token",
        "notebook server starts",
    ];
    if api.outcome != Outcome::Passed {
        let mut checks = vec![api];
        checks.extend(
            later
                .iter()
                .map(|n| Check::skipped(COMPONENT, n, "the hub API did not answer")),
        );
        return checks;
    }
    let mut checks = vec![api];
    let deployment = ctx
        .entries(COMPONENT, "Deployment")
        .into_iter()
        .find(|e| e.name == "hub");
    let password = match deployment {
        Some(hub) => ctx.env_value(hub, "JUPYTERHUB_SHARED_PASSWORD").await,
        None => Err("the installation has no hub Deployment".to_string()),
    };
    let password = match password {
        Ok(password) => password,
        Err(why) => {
            checks.push(Check::failed(
                COMPONENT,
                later[0],
                why,
                "odh generates the password at install; run `odh install` again to restore Secret hub",
            ));
            return checks;
        }
    };
    let (login, jar) = login(ctx, &target, &password).await;
    checks.push(login);
    let Some(mut jar) = jar else {
        checks.extend(
            later[1..]
                .iter()
                .map(|n| Check::skipped(COMPONENT, n, "the login failed")),
        );
        return checks;
    };
    checks.push(token(ctx, &target, &password, &jar).await);
    if ctx.options.include_slow {
        checks.push(super::notebook::probe(ctx, &target, &mut jar).await);
    } else {
        checks.push(Check::skipped(
            COMPONENT,
            later[2],
            "slow; pass --include-slow",
        ));
    }
    checks
}

/// The login form: its page sets the `_xsrf` cookie the POST must repeat.
/// Returns the check and, on success, the session's cookies (with a fresh
/// `_xsrf` for the logged-in user).
async fn login(ctx: &Ctx<'_>, target: &ServiceTarget, password: &str) -> (Check, Option<Jar>) {
    let http = ctx.http();
    let mut jar = Jar::default();
    let page = http.call(target, &ProxyRequest::get(hub::LOGIN_PATH)).await;
    if let Ok(page) = &page {
        jar.store(page);
    }
    let Some(token) = jar.get("_xsrf").map(str::to_string) else {
        let reply = to_reply(&page);
        let check = Check::failed(
            COMPONENT,
            "generated password logs in",
            format!(
                "{} set no _xsrf cookie: {}",
                hub::LOGIN_PATH,
                reply.describe()
            ),
            "the hub's login page did not answer as JupyterHub 5 does; look at the hub pod's log",
        );
        return (check, None);
    };
    let form = format!(
        "_xsrf={}&username={}&password={}",
        uri_encode(&token, false),
        uri_encode(USER, false),
        uri_encode(password, false)
    );
    let request = jar.attach(
        ProxyRequest::new(Method::POST, hub::LOGIN_PATH)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form.into_bytes()),
    );
    let answer = http.call(target, &request).await;
    if let Ok(answer) = &answer {
        jar.store(answer);
    }
    for value in jar.values() {
        ctx.remember_secret(&value);
    }
    let check = hub::login(&to_reply(&answer), jar.get(hub::LOGIN_COOKIE).is_some());
    if check.outcome != Outcome::Passed {
        return (check, None);
    }
    refresh_xsrf(ctx, target, &mut jar).await;
    (check, Some(jar))
}

/// Loads a page as the logged-in user, which sets the `_xsrf` cookie that
/// cookie-authenticated API writes must echo in `X-XSRFToken`.
pub async fn refresh_xsrf(ctx: &Ctx<'_>, target: &ServiceTarget, jar: &mut Jar) {
    let request = jar.attach(ProxyRequest::get(hub::HOME_PATH));
    if let Ok(answer) = ctx.http().call(target, &request).await {
        jar.store(&answer);
    }
    for value in jar.values() {
        ctx.remember_secret(&value);
    }
}

/// A token through the REST API (the credentials in the body), then revoked.
async fn token(ctx: &Ctx<'_>, target: &ServiceTarget, password: &str, jar: &Jar) -> Check {
    let body = json!({
        hub::CREDENTIALS_FIELD: {"username": USER, "password": password},
        "expires_in": hub::TOKEN_EXPIRES_IN,
        "note": format!("odh verify {}", ctx.run),
    });
    let request = ProxyRequest::new(Method::POST, &hub::tokens_path(USER)).json(&body);
    let answer = ctx.http().call(target, &request).await;
    if let Ok(answer) = &answer
        && let Some(token) = serde_json::from_slice::<serde_json::Value>(&answer.body)
            .ok()
            .and_then(|b| b["token"].as_str().map(str::to_string))
    {
        ctx.remember_secret(&token);
    }
    let (check, id) = hub::token(&to_reply(&answer));
    if let Some(id) = id {
        let created = Created::HubToken {
            hub: target.clone(),
            jar: jar.clone(),
            id,
        };
        let ticket = ctx.cleanup.add(created.clone());
        if super::cleanup::remove(ctx.cluster, &created, ctx.deadline)
            .await
            .is_ok()
        {
            ctx.cleanup.done(ticket);
        }
    }
    check
}
