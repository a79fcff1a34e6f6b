//! Watch streams: initial events (resourceVersion 0/unset or `sendInitialEvents`), replay from a
//! resourceVersion, live events, bookmarks, `timeoutSeconds`, 410 Gone for history that was
//! dropped, and injected cuts.

use crate::http::{Body, Resp};
use crate::ops::{ListParams, for_read};
use crate::registry::ResourceInfo;
use crate::state::Shared;
use crate::status::ApiError;
use crate::store::EventType;
use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::Response;
use hyper::body::Frame;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// What a watch asks for.
pub struct WatchRequest {
    pub ri: ResourceInfo,
    pub namespace: Option<String>,
    pub params: ListParams,
    pub resource_version: Option<String>,
    pub send_initial: bool,
    pub bookmarks: bool,
    pub timeout: Duration,
    pub table: bool,
}

type Tx = mpsc::Sender<Result<Frame<Bytes>, std::io::Error>>;
type Rx = mpsc::Receiver<Result<Frame<Bytes>, std::io::Error>>;

fn line(etype: &str, obj: &Value) -> Bytes {
    let mut v = serde_json::to_vec(&json!({"type": etype, "object": obj})).unwrap_or_default();
    v.push(b'\n');
    Bytes::from(v)
}

async fn send(tx: &mut Tx, b: Bytes) -> bool {
    tx.send(Ok(Frame::data(b))).await.is_ok()
}

fn bookmark(ri: &ResourceInfo, rv: u64, initial_end: bool) -> Value {
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if initial_end {
        meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
    }
    json!({"kind": ri.kind, "apiVersion": ri.api_version(), "metadata": meta})
}

fn matches(req: &WatchRequest, obj: &Value) -> bool {
    if let Some(ns) = &req.namespace
        && crate::util::meta_str(obj, "namespace") != ns
    {
        return false;
    }
    req.params.matches(obj)
}

fn render(req: &WatchRequest, obj: &Value, first: &mut bool) -> Value {
    let o = for_read(obj, &req.ri);
    if req.table {
        let t = crate::table::table(&req.ri, std::slice::from_ref(&o), "", *first);
        *first = false;
        t
    } else {
        o
    }
}

/// Starts a watch and returns the streaming response.
pub fn start(shared: Arc<Shared>, req: WatchRequest) -> Resp {
    let (tx, rx): (Tx, Rx) = mpsc::channel(256);
    let stream =
        futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    let body: Body = StreamBody::new(stream).boxed();
    tokio::spawn(run(shared, req, tx));
    Response::builder()
        .status(200)
        .header("Content-Type", "application/json")
        .header("Cache-Control", "no-cache, private")
        .body(body)
        .unwrap_or_else(|_| Response::new(crate::http::full(Bytes::new())))
}

async fn run(shared: Arc<Shared>, req: WatchRequest, mut tx: Tx) {
    let deadline = Instant::now() + req.timeout;
    let cut_after = shared.faults.watch_cut_after().map(|d| Instant::now() + d);
    let mut cut_rx = shared.faults.cut_signal();
    cut_rx.borrow_and_update();
    let mut shutdown = shared.shutdown.subscribe();
    let key = req.ri.storage_key();
    let mut first_table = true;

    // Starting point.
    let requested: Option<u64> = req
        .resource_version
        .as_deref()
        .filter(|s| !s.is_empty())
        .and_then(|s| s.parse().ok());
    let (initial, mut last, mut rx, too_old) = {
        let st = shared.lock();
        let rx = st.store.subscribe();
        let initial_wanted = req.send_initial || requested.is_none_or(|r| r == 0);
        let initial: Vec<Arc<Value>> = if initial_wanted {
            st.store
                .range(&key, req.namespace.as_deref(), None)
                .filter(|(_, o)| req.params.matches(o))
                .map(|(_, o)| o.clone())
                .collect()
        } else {
            Vec::new()
        };
        let too_old = match requested {
            Some(r) if r != 0 && !req.send_initial && r < st.store.compacted() => Some(format!(
                "too old resource version: {r} ({})",
                st.store.compacted()
            )),
            _ => None,
        };
        let start = if initial_wanted {
            st.store.rv()
        } else {
            requested.unwrap_or(0)
        };
        (initial, start, rx, too_old)
    };
    if let Some(msg) = too_old {
        let _ = send(&mut tx, line("ERROR", &ApiError::gone(&msg).body)).await;
        return;
    }
    for o in &initial {
        let v = render(&req, o, &mut first_table);
        if !send(&mut tx, line("ADDED", &v)).await {
            return;
        }
    }
    if req.send_initial && req.bookmarks {
        let _ = send(&mut tx, line("BOOKMARK", &bookmark(&req.ri, last, true))).await;
    }
    let mut next_bookmark = Instant::now() + shared.bookmark_interval;
    loop {
        // Deliver everything newer than `last`.
        let batch = {
            let st = shared.lock();
            match st.store.events_after(last) {
                Ok(evs) => Ok((evs, st.store.rv())),
                Err(e) => Err(format!(
                    "too old resource version: {} ({})",
                    e.requested, e.oldest
                )),
            }
        };
        match batch {
            Err(msg) => {
                let _ = send(&mut tx, line("ERROR", &ApiError::gone(&msg).body)).await;
                return;
            }
            Ok((evs, now_rv)) => {
                for ev in evs {
                    last = ev.rv;
                    if ev.res != key {
                        continue;
                    }
                    let now_match = matches(&req, &ev.obj);
                    let prev_match = ev.prev.as_ref().is_some_and(|p| matches(&req, p));
                    let etype = match ev.etype {
                        EventType::Added if now_match => "ADDED",
                        EventType::Modified if now_match && prev_match => "MODIFIED",
                        EventType::Modified if now_match => "ADDED",
                        EventType::Modified if prev_match => "DELETED",
                        EventType::Deleted if prev_match || now_match => "DELETED",
                        _ => continue,
                    };
                    let v = render(&req, &ev.obj, &mut first_table);
                    if !send(&mut tx, line(etype, &v)).await {
                        return;
                    }
                }
                last = last.max(now_rv);
            }
        }
        let bookmark_at = if req.bookmarks {
            next_bookmark
        } else {
            deadline + Duration::from_secs(3600)
        };
        let cut_at = cut_after.unwrap_or(deadline + Duration::from_secs(3600));
        tokio::select! {
            r = rx.changed() => {
                if r.is_err() {
                    return;
                }
            }
            _ = tokio::time::sleep_until(bookmark_at) => {
                next_bookmark = Instant::now() + shared.bookmark_interval;
                if !send(&mut tx, line("BOOKMARK", &bookmark(&req.ri, last, false))).await {
                    return;
                }
            }
            _ = tokio::time::sleep_until(deadline) => {
                return;
            }
            _ = tokio::time::sleep_until(cut_at) => {
                let _ = tx.send(Err(std::io::Error::other("watch cut"))).await;
                return;
            }
            _ = cut_rx.changed() => {
                let _ = tx.send(Err(std::io::Error::other("watch cut"))).await;
                return;
            }
            _ = shutdown.changed() => {
                return;
            }
            _ = tx.closed() => {
                return;
            }
        }
    }
}

/// Parses watch-related query parameters into a request.
pub fn timeout_for(q: &crate::http::Query, max: Duration) -> Duration {
    match q.num("timeoutSeconds") {
        Some(s) => Duration::from_secs(s).min(max),
        None => max,
    }
}
