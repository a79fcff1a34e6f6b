//! The S3 store (MinIO's API): health endpoints, the configured bucket, and a
//! put/get/delete of a small object, all signed in the query string.

use super::reply::xml_field;
use super::{Check, Reply};

pub const COMPONENT: &str = "s3";
pub const LIVE_PATH: &str = "/minio/health/live";
pub const READY_PATH: &str = "/minio/health/ready";
/// Objects verify writes start with this; each run adds a random suffix.
pub const OBJECT_PREFIX: &str = "odh-verify/";

/// What S3 said, from its XML error body.
fn s3_error(reply: &Reply) -> String {
    let text = reply.text();
    match (xml_field(&text, "Code"), xml_field(&text, "Message")) {
        (Some(code), Some(message)) => {
            format!("HTTP {} {code}: {message}", reply.status().unwrap_or(0))
        }
        _ => reply.describe(),
    }
}

fn credentials_hint(reply: &Reply, secret: &str) -> Option<String> {
    let code = xml_field(&reply.text(), "Code").unwrap_or_default();
    match (reply.status(), code.as_str()) {
        (Some(403), "InvalidAccessKeyId" | "SignatureDoesNotMatch") | (Some(403), "") => Some(format!(
            "the store refused the keys in Secret {secret} (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); if they changed, restart the store so it reads them again"
        )),
        (Some(403), "RequestTimeTooSkewed" | "RequestNotReadyYet") => Some(
            "the clocks of this machine and the store differ; signed requests are valid for a few minutes only".into(),
        ),
        _ => None,
    }
}

/// `GET /minio/health/live` and `/minio/health/ready` → 200 each.
pub fn health(live: &Reply, ready: &Reply) -> Check {
    let name = "store is live and ready";
    if live.status() == Some(200) && ready.status() == Some(200) {
        return Check::passed(
            COMPONENT,
            name,
            format!("HTTP 200 from {LIVE_PATH} and {READY_PATH}"),
        );
    }
    let (bad, path) = if live.status() != Some(200) {
        (live, LIVE_PATH)
    } else {
        (ready, READY_PATH)
    };
    let hint = bad.proxy_hint("the S3 store").unwrap_or_else(|| {
        "the store is up but not ready (its disks or quorum); look at the store pod's log".into()
    });
    Check::failed(COMPONENT, name, format!("{path}: {}", bad.describe()), hint)
}

/// `GET /BUCKET?location` → 200.
pub fn bucket(reply: &Reply, bucket: &str, secret: &str) -> Check {
    let name = format!("bucket {bucket} exists");
    if reply.status() == Some(200) {
        return Check::passed(
            COMPONENT,
            &name,
            format!("HTTP 200 from /{bucket}?location"),
        );
    }
    let hint = if xml_field(&reply.text(), "Code").as_deref() == Some("NoSuchBucket") {
        format!(
            "create the bucket {bucket} (the dev store's Job minio-create-bucket makes it; see its log), or set s3.bucket to one that exists"
        )
    } else {
        credentials_hint(reply, secret)
            .or_else(|| reply.proxy_hint("the S3 store"))
            .unwrap_or_else(|| "look at the store pod's log".into())
    };
    Check::failed(COMPONENT, &name, s3_error(reply), hint)
}

/// The answers of one put, get and delete of `key` in the bucket.
pub struct RoundTrip<'a> {
    pub put: &'a Reply,
    pub get: &'a Reply,
    pub delete: &'a Reply,
    /// What was put, to compare with what came back.
    pub content: &'a [u8],
}

pub fn round_trip(answers: &RoundTrip<'_>, bucket: &str, key: &str, secret: &str) -> Check {
    let name = format!("bucket {bucket} takes a put, get and delete");
    let failed = |step: &str, reply: &Reply| {
        let hint = credentials_hint(reply, secret)
            .or_else(|| reply.proxy_hint("the S3 store"))
            .unwrap_or_else(|| format!("the store refused to {step} objects; check the bucket's policy and the store's free space"));
        Check::failed(
            COMPONENT,
            &name,
            format!("{step} {key}: {}", s3_error(reply)),
            hint,
        )
    };
    if answers.put.status() != Some(200) {
        return failed("put", answers.put);
    }
    if answers.get.status() != Some(200) {
        return failed("get", answers.get);
    }
    if let Reply::Answer { body, .. } = answers.get
        && body.as_slice() != answers.content
    {
        return Check::failed(
            COMPONENT,
            &name,
            format!(
                "get {key}: {} bytes came back, not the {} put",
                body.len(),
                answers.content.len()
            ),
            "the store returned other content than it was given; look at the store pod's log",
        );
    }
    if !matches!(answers.delete.status(), Some(204 | 200)) {
        return failed("delete", answers.delete);
    }
    Check::passed(
        COMPONENT,
        &name,
        format!(
            "put {key} ({} bytes) 200, get 200 (same bytes), delete {}",
            answers.content.len(),
            answers.delete.status().unwrap_or(0)
        ),
    )
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
    fn health_needs_both_endpoints() {
        assert_eq!(
            health(&answer(200, ""), &answer(200, "")).outcome,
            Outcome::Passed
        );
        let not_ready = health(&answer(200, ""), &answer(503, ""));
        assert_eq!(not_ready.outcome, Outcome::Failed);
        assert!(
            not_ready.evidence.starts_with(READY_PATH),
            "{}",
            not_ready.evidence
        );
    }

    #[test]
    fn a_missing_bucket_and_refused_keys_have_their_own_hints() {
        let missing = bucket(
            &answer(
                404,
                "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>",
            ),
            "opendatahub",
            "s3-credentials",
        );
        assert_eq!(missing.outcome, Outcome::Failed);
        assert!(missing.evidence.contains("NoSuchBucket"));
        assert!(missing.hint.contains("minio-create-bucket"));
        let refused = bucket(
            &answer(
                403,
                "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>",
            ),
            "opendatahub",
            "s3-credentials",
        );
        assert!(refused.hint.contains("s3-credentials"), "{}", refused.hint);
    }

    #[test]
    fn the_round_trip_compares_content() {
        let ok = answer(200, "");
        let gone = answer(204, "");
        let same = answer(200, "hello");
        let check = |get: &Reply| {
            round_trip(
                &RoundTrip {
                    put: &ok,
                    get,
                    delete: &gone,
                    content: b"hello",
                },
                "b",
                "odh-verify/x",
                "s",
            )
        };
        assert_eq!(check(&same).outcome, Outcome::Passed);
        let other = check(&answer(200, "hellx"));
        assert_eq!(other.outcome, Outcome::Failed);
        let put_refused = round_trip(
            &RoundTrip {
                put: &answer(
                    403,
                    "<Error><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>",
                ),
                get: &same,
                delete: &gone,
                content: b"hello",
            },
            "b",
            "k",
            "s",
        );
        assert!(
            put_refused
                .evidence
                .starts_with("put k: HTTP 403 AccessDenied"),
            "{}",
            put_refused.evidence
        );
    }
}
