//! The HTTPS server: TLS accept loop, per-connection HTTP/1.1 and HTTP/2, authentication,
//! injected faults (latency, error answers, reset connections) and the request log.

use crate::auth::{Bearer, User};
use crate::faults::Injected;
use crate::handlers::{self, Req};
use crate::http::{self, Resp};
use crate::log::RequestRecord;
use crate::router;
use crate::state::Shared;
use crate::status::ApiError;
use hyper::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Instant, SystemTime};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_rustls::TlsAcceptor;

const MAX_BODY: usize = 64 * 1024 * 1024;

/// Accepts connections until shutdown.
pub async fn serve(listener: TcpListener, tls: Arc<rustls::ServerConfig>, shared: Arc<Shared>) {
    let acceptor = TlsAcceptor::from(tls);
    let mut shutdown = shared.shutdown.subscribe();
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = shutdown.changed() => return,
        };
        let Ok((tcp, _)) = accepted else { continue };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let shared = shared.clone();
        tokio::spawn(async move {
            let mut shutdown = shared.shutdown.subscribe();
            let tls_stream = tokio::select! {
                s = acceptor.accept(tcp) => match s {
                    Ok(s) => s,
                    Err(_) => return,
                },
                _ = shutdown.changed() => return,
            };
            let kill = Arc::new(Notify::new());
            let svc_kill = kill.clone();
            let svc_shared = shared.clone();
            let svc = hyper::service::service_fn(move |req: Request<Incoming>| {
                let shared = svc_shared.clone();
                let kill = svc_kill.clone();
                async move { Ok::<Resp, Infallible>(handle(shared, req, kill).await) }
            });
            let builder = auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection(TokioIo::new(tls_stream), svc);
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {}
                _ = shutdown.changed() => {}
            }
        });
    }
}

async fn handle(shared: Arc<Shared>, req: Request<Incoming>, kill: Arc<Notify>) -> Resp {
    let started = Instant::now();
    let time = SystemTime::now();
    let (parts, body) = req.into_parts();
    let header = |k: &str| {
        parts
            .headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let path = parts.uri.path().to_string();
    let raw_query = parts.uri.query().unwrap_or("").to_string();
    let query = http::Query::parse(&raw_query);
    let content_type = header("content-type");
    let route = router::parse(&path);
    let verb = handlers::verb(&parts.method, &route, &query);
    let mut record = RequestRecord {
        time,
        user: String::new(),
        method: parts.method.to_string(),
        verb,
        path: path.clone(),
        query: raw_query,
        content_type: content_type.clone(),
        status: 0,
        duration: Default::default(),
    };
    let finish = |mut record: RequestRecord, resp: Resp| {
        record.status = resp.status().as_u16();
        record.duration = started.elapsed();
        shared.log.push(record);
        resp
    };
    if route == router::Route::Health {
        return finish(record, http::text(200, "ok"));
    }
    let auth = header("authorization");
    let bearer = shared
        .tokens
        .authenticate(if auth.is_empty() { None } else { Some(&auth) });
    let user = match bearer {
        Some(Bearer::User(u)) => Some(u),
        // A ServiceAccount token is good while its account (the same uid) exists.
        Some(Bearer::ServiceAccount(t)) => {
            let st = shared.lock();
            let sa = st.store.get(
                &(String::new(), "serviceaccounts".into()),
                &t.namespace,
                &t.name,
            );
            sa.filter(|sa| crate::util::meta_str(sa, "uid") == t.uid)
                .map(|_| User::service_account(&t.namespace, &t.name))
        }
        None => None,
    };
    let Some(user) = user else {
        return finish(record, http::error(&ApiError::unauthorized()));
    };
    record.user = user.name.clone();
    let (latency, fault) = shared.faults.decide(route.is_resource());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Some(Injected::Reset) => {
            record.duration = started.elapsed();
            shared.log.push(record);
            kill.notify_one();
            return std::future::pending().await;
        }
        Some(Injected::Status(code)) => {
            let e = match code {
                429 => ApiError::too_many_requests(),
                503 => ApiError::service_unavailable(),
                _ => ApiError::internal("injected fault"),
            };
            return finish(record, http::error(&e));
        }
        None => {}
    }
    let body = match http::collect(body, MAX_BODY).await {
        Ok(b) => b,
        Err(e) => return finish(record, http::error(&e)),
    };
    if let Some(target) = crate::proxy::parse(&path) {
        return finish(
            record,
            crate::proxy::handle(&shared, target, &parts, body, &user),
        );
    }
    let req = Req {
        method: parts.method.clone(),
        path: path.clone(),
        query,
        content_type,
        accept: header("accept"),
        user_agent: header("user-agent"),
        body,
        user,
    };
    let dispatched = std::panic::AssertUnwindSafe(handlers::dispatch(&shared, req, route));
    let resp = match futures::FutureExt::catch_unwind(dispatched).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => http::error(&e),
        Err(_) => http::error(&ApiError::internal("the request could not be handled")),
    };
    finish(record, resp)
}
