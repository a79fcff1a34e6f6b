//! MinIO's S3 API (RELEASE.2025-09-07): health endpoints, and buckets and objects behind
//! presigned (query-string SigV4) requests checked against the root credentials the pod gets
//! from its Secret. A bucket exists once a Job that creates it (env `S3_BUCKET`) has completed.

use super::apps::{AppFault, AppRequest, pod_env, respond};
use super::sigv4::{self, Refusal};
use crate::http::Resp;
use crate::state::State;
use hyper::Method;
use serde_json::Value;
use std::time::SystemTime;

fn error(code: u16, s3_code: &str, message: &str, resource: &str) -> Resp {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{s3_code}</Code><Message>{message}</Message><Resource>{resource}</Resource><RequestId>18A1B2C3D4E5F607</RequestId><HostId>dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8</HostId></Error>"
    );
    respond(code, "application/xml", body, &[])
}

/// Buckets made by a completed create-bucket Job in the store's namespace.
fn buckets(st: &State, ns: &str) -> Vec<String> {
    if st.apps.has(&AppFault::S3BucketMissing) {
        return Vec::new();
    }
    st.store
        .range(&("batch".to_string(), "jobs".to_string()), Some(ns), None)
        .filter(|(_, j)| j["status"]["succeeded"].as_i64().unwrap_or(0) > 0)
        .filter_map(|(_, j)| {
            j["spec"]["template"]["spec"]["containers"]
                .as_array()?
                .iter()
                .filter_map(|c| c["env"].as_array())
                .flatten()
                .find(|e| e["name"] == "S3_BUCKET")
                .and_then(|e| e["value"].as_str())
                .map(str::to_string)
        })
        .collect()
}

pub fn answer(st: &mut State, req: &AppRequest) -> Resp {
    match req.path.as_str() {
        "/minio/health/live" => return respond(200, "", "", &[]),
        "/minio/health/ready" if st.apps.has(&AppFault::S3NotReady) => {
            return respond(503, "", "", &[("X-Minio-Server-Status", "offline".into())]);
        }
        "/minio/health/ready" => return respond(200, "", "", &[]),
        _ => {}
    }
    let pod: Value = req.pods.first().cloned().unwrap_or_default();
    let root_user = pod_env(st, &pod, "MINIO_ROOT_USER");
    let root_password = pod_env(st, &pod, "MINIO_ROOT_PASSWORD").map(|p| {
        if st.apps.has(&AppFault::S3KeysChanged) {
            format!("{p}-old")
        } else {
            p
        }
    });
    let checked = sigv4::check(
        req.method.as_str(),
        &req.path,
        &req.query,
        &req.host,
        SystemTime::now(),
        |access| {
            (root_user.as_deref() == Some(access))
                .then(|| root_password.clone())
                .flatten()
        },
    );
    let resource = req.path.clone();
    match checked {
        Err(Refusal::InvalidAccessKeyId) => {
            return error(
                403,
                "InvalidAccessKeyId",
                "The Access Key Id you provided does not exist in our records.",
                &resource,
            );
        }
        Err(Refusal::SignatureDoesNotMatch) => {
            return error(
                403,
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
                &resource,
            );
        }
        Err(Refusal::Expired) => {
            return error(403, "AccessDenied", "Request has expired", &resource);
        }
        Err(Refusal::AccessDenied(why)) => return error(403, "AccessDenied", &why, &resource),
        Ok(_) => {}
    }
    let mut parts = req.path.trim_start_matches('/').splitn(2, '/');
    let bucket = parts.next().unwrap_or("").to_string();
    let key = parts.next().unwrap_or("").to_string();
    if !buckets(st, &req.namespace).contains(&bucket) {
        return error(
            404,
            "NoSuchBucket",
            "The specified bucket does not exist",
            &resource,
        );
    }
    let object = (bucket.clone(), key.clone());
    match (&req.method, key.is_empty()) {
        (&Method::GET, true) if req.query.iter().any(|(k, _)| k == "location") => respond(
            200,
            "application/xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">us-east-1</LocationConstraint>",
            &[],
        ),
        (&Method::HEAD, true) => respond(200, "", "", &[]),
        (&Method::PUT, false) if st.apps.has(&AppFault::S3ReadOnly) => {
            error(403, "AccessDenied", "Access Denied.", &resource)
        }
        (&Method::PUT, false) => {
            st.apps.s3_objects.insert(object, req.body.to_vec());
            respond(
                200,
                "",
                "",
                &[("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"".into())],
            )
        }
        (&Method::GET, false) => match st.apps.s3_objects.get(&object) {
            Some(bytes) => respond(200, "application/octet-stream", bytes.clone(), &[]),
            None => error(
                404,
                "NoSuchKey",
                "The specified key does not exist.",
                &resource,
            ),
        },
        (&Method::DELETE, false) => {
            st.apps.s3_objects.remove(&object);
            respond(204, "", "", &[])
        }
        _ => error(
            405,
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            &resource,
        ),
    }
}
