//! The dev S3 store through the service proxy: health endpoints, the bucket,
//! and a put/get/delete of a small object, signed in the query string with
//! the keys of the credentials Secret. An external endpoint is not in the
//! cluster, so it is skipped.

use super::Ctx;
use super::cleanup::Created;
use super::http::{Http, to_reply};
use crate::cluster::{ProxyRequest, ServiceTarget};
use crate::verify::Check;
use crate::verify::s3::{self, COMPONENT, RoundTrip};
use crate::verify::sigv4::{Credentials, Presign, amz_date, presign};
use http::Method;
use std::time::{Duration, SystemTime};

/// Signed requests are valid this long.
const VALID: Duration = Duration::from_secs(300);

/// Where and how to send signed requests.
#[derive(Debug, Clone)]
pub struct Signer {
    pub target: ServiceTarget,
    pub credentials: Credentials,
    pub region: String,
    /// The `Host` the store sees (the one this client sends the API server).
    pub host: String,
}

impl Signer {
    /// A request for `path` (`/bucket/key`), authenticated in its query string.
    pub fn request(&self, method: Method, path: &str, params: &[(String, String)]) -> ProxyRequest {
        let date = amz_date(SystemTime::now());
        let query = presign(
            &self.credentials,
            &Presign {
                method: method.as_str(),
                host: &self.host,
                path,
                region: &self.region,
                amz_date: &date,
                expires: VALID,
                params,
            },
        );
        ProxyRequest::new(method, path).query(query)
    }
}

pub async fn probe(ctx: &Ctx<'_>) -> Vec<Check> {
    let health_name = "store is live and ready";
    let endpoint = ctx.value("s3.endpoint");
    if !endpoint.is_empty() {
        return vec![Check::skipped(
            COMPONENT,
            health_name,
            format!("external endpoint {endpoint}: verify reaches in-cluster Services only"),
        )];
    }
    let target = match ctx.service(COMPONENT, None, &["api", "http", "s3"]).await {
        Ok(target) => target,
        Err(why) => {
            return vec![Check::failed(
                COMPONENT,
                health_name,
                why,
                "run `odh status -p core`",
            )];
        }
    };
    let http = ctx.http();
    let live = http.reply(&target, &ProxyRequest::get(s3::LIVE_PATH)).await;
    let ready = http
        .reply(&target, &ProxyRequest::get(s3::READY_PATH))
        .await;
    let mut checks = vec![s3::health(&live, &ready)];
    let bucket = ctx.value("s3.bucket");
    let secret = ctx.value("s3.credentialsSecret");
    let keys = async {
        let access_key = ctx
            .secret(&target.namespace, &secret, "AWS_ACCESS_KEY_ID")
            .await?;
        let secret_key = ctx
            .secret(&target.namespace, &secret, "AWS_SECRET_ACCESS_KEY")
            .await?;
        Ok::<_, String>(Credentials {
            access_key,
            secret_key,
        })
    };
    let credentials = match keys.await {
        Ok(credentials) => credentials,
        Err(why) => {
            checks.push(Check::failed(
                COMPONENT,
                &format!("bucket {bucket} exists"),
                why,
                format!("odh generates Secret {secret} for the dev store; run `odh install` again"),
            ));
            return checks;
        }
    };
    let region = ctx.value("s3.region");
    let signer = Signer {
        target,
        credentials,
        region: if region.is_empty() {
            "us-east-1".into()
        } else {
            region
        },
        host: ctx.cluster.proxied_host(),
    };
    let location = [("location".to_string(), String::new())];
    let bucket_reply = http
        .reply(
            &signer.target,
            &signer.request(Method::GET, &format!("/{bucket}"), &location),
        )
        .await;
    let bucket_check = s3::bucket(&bucket_reply, &bucket, &secret);
    let bucket_ok = bucket_check.outcome == crate::verify::Outcome::Passed;
    checks.push(bucket_check);
    if !bucket_ok {
        checks.push(Check::skipped(
            COMPONENT,
            &format!("bucket {bucket} takes a put, get and delete"),
            "the bucket check failed",
        ));
        return checks;
    }
    checks.push(round_trip(ctx, &http, &signer, &bucket).await);
    checks
}

async fn round_trip(ctx: &Ctx<'_>, http: &Http<'_>, signer: &Signer, bucket: &str) -> Check {
    let key = format!("{}{}.txt", s3::OBJECT_PREFIX, ctx.run);
    let path = format!("/{bucket}/{key}");
    let content = format!("written by odh verify, run {}\n", ctx.run).into_bytes();
    let ticket = ctx.cleanup.add(Created::S3Object {
        signer: Box::new(signer.clone()),
        path: path.clone(),
    });
    let put_request = signer
        .request(Method::PUT, &path, &[])
        .header("Content-Type", "text/plain")
        .body(content.clone());
    let put = to_reply(&http.call(&signer.target, &put_request).await);
    let get = to_reply(
        &http
            .call(&signer.target, &signer.request(Method::GET, &path, &[]))
            .await,
    );
    let delete = to_reply(
        &http
            .call(&signer.target, &signer.request(Method::DELETE, &path, &[]))
            .await,
    );
    if matches!(delete.status(), Some(200 | 204)) {
        ctx.cleanup.done(ticket);
    }
    s3::round_trip(
        &RoundTrip {
            put: &put,
            get: &get,
            delete: &delete,
            content: &content,
        },
        bucket,
        &key,
        &ctx.value("s3.credentialsSecret"),
    )
}
