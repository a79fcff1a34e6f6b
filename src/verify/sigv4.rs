//! AWS Signature Version 4 for S3, query-string form (presigned requests).
//!
//! The API server's service proxy drops the `Authorization` header, so verify
//! signs S3 requests in the query string (`X-Amz-Signature=…`). The signed
//! `host` is the one the backend sees: the API server forwards the client's
//! `Host` header unchanged. Tested against the examples AWS publishes in
//! "Authenticating Requests: Using Query Parameters" and "Using the
//! Authorization Header" (docs.aws.amazon.com/AmazonS3/latest/API/).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The payload hash of a presigned request.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// An access key pair. `Debug` never shows the secret.
#[derive(Clone)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

/// What a presigned request is for.
#[derive(Debug, Clone)]
pub struct Presign<'a> {
    pub method: &'a str,
    /// The `Host` header the backend will see.
    pub host: &'a str,
    /// The backend path (`/bucket/key`), unencoded.
    pub path: &'a str,
    pub region: &'a str,
    /// `YYYYMMDD'T'HHMMSS'Z'`.
    pub amz_date: &'a str,
    pub expires: Duration,
    /// Query parameters of the request itself (`location` = ""), signed too.
    pub params: &'a [(String, String)],
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The signing key for one day, region and service.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    hmac(&k_service, "aws4_request")
}

/// URI-encodes as S3 wants: unreserved characters stay, everything else is
/// `%XX` in upper case; `/` stays only when `keep_slash`.
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The canonical query string: encoded pairs sorted by name, then value.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut encoded: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (uri_encode(k, false), uri_encode(v, false)))
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical request. `headers` are (lower-case name, value), sorted by name.
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(&str, &str)],
    payload_hash: &str,
) -> String {
    let canonical_headers: String = headers
        .iter()
        .map(|(k, v)| format!("{k}:{}\n", v.trim()))
        .collect();
    let signed: Vec<&str> = headers.iter().map(|(k, _)| *k).collect();
    format!(
        "{method}\n{}\n{query}\n{canonical_headers}\n{}\n{payload_hash}",
        uri_encode(path, true),
        signed.join(";")
    )
}

/// The string to sign for a canonical request.
pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The signature of a string to sign.
pub fn signature(credentials: &Credentials, amz_date: &str, region: &str, to_sign: &str) -> String {
    let date = &amz_date[..amz_date.len().min(8)];
    hex(&hmac(
        &signing_key(&credentials.secret_key, date, region, "s3"),
        to_sign,
    ))
}

/// The query string (encoded, without `?`) that authenticates the request.
pub fn presign(credentials: &Credentials, request: &Presign<'_>) -> String {
    let date = &request.amz_date[..request.amz_date.len().min(8)];
    let scope = format!("{date}/{}/s3/aws4_request", request.region);
    let mut params = vec![
        ("X-Amz-Algorithm".to_string(), ALGORITHM.to_string()),
        (
            "X-Amz-Credential".to_string(),
            format!("{}/{scope}", credentials.access_key),
        ),
        ("X-Amz-Date".to_string(), request.amz_date.to_string()),
        (
            "X-Amz-Expires".to_string(),
            request.expires.as_secs().to_string(),
        ),
        ("X-Amz-SignedHeaders".to_string(), "host".to_string()),
    ];
    params.extend(request.params.iter().cloned());
    let query = canonical_query(&params);
    let canonical = canonical_request(
        request.method,
        request.path,
        &query,
        &[("host", request.host)],
        UNSIGNED_PAYLOAD,
    );
    let to_sign = string_to_sign(request.amz_date, &scope, &canonical);
    let signature = signature(credentials, request.amz_date, request.region, &to_sign);
    format!("{query}&X-Amz-Signature={signature}")
}

/// `YYYYMMDD'T'HHMMSS'Z'` in UTC.
pub fn amz_date(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example credentials of the AWS pages.
    fn aws() -> Credentials {
        Credentials {
            access_key: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        }
    }

    /// docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html,
    /// "An example": GET test.txt from examplebucket, valid for 86400 s.
    #[test]
    fn presigned_get_matches_the_aws_example() {
        let request = Presign {
            method: "GET",
            host: "examplebucket.s3.amazonaws.com",
            path: "/test.txt",
            region: "us-east-1",
            amz_date: "20130524T000000Z",
            expires: Duration::from_secs(86_400),
            params: &[],
        };
        let query = presign(&aws(), &request);
        assert_eq!(
            query,
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        );
        let canonical = canonical_request(
            "GET",
            "/test.txt",
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host",
            &[("host", "examplebucket.s3.amazonaws.com")],
            UNSIGNED_PAYLOAD,
        );
        assert_eq!(
            sha256_hex(canonical.as_bytes()),
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04"
        );
    }

    /// docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
    /// "Example: GET Object" (the first 10 bytes of test.txt): the same key
    /// derivation and string to sign, header form.
    #[test]
    fn header_signed_get_object_matches_the_aws_example() {
        let empty = sha256_hex(b"");
        assert_eq!(
            empty,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let canonical = canonical_request(
            "GET",
            "/test.txt",
            "",
            &[
                ("host", "examplebucket.s3.amazonaws.com"),
                ("range", "bytes=0-9"),
                ("x-amz-content-sha256", &empty),
                ("x-amz-date", "20130524T000000Z"),
            ],
            &empty,
        );
        let to_sign = string_to_sign(
            "20130524T000000Z",
            "20130524/us-east-1/s3/aws4_request",
            &canonical,
        );
        assert_eq!(
            signature(&aws(), "20130524T000000Z", "us-east-1", &to_sign),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn encoding_follows_the_s3_rules() {
        assert_eq!(uri_encode("a b/c~d*", true), "a%20b/c~d%2A");
        assert_eq!(uri_encode("a/b", false), "a%2Fb");
        let query = canonical_query(&[("b".into(), "2".into()), ("a".into(), "x y".into())]);
        assert_eq!(query, "a=x%20y&b=2");
    }

    #[test]
    fn dates_are_utc_in_the_basic_format() {
        assert_eq!(
            amz_date(UNIX_EPOCH + Duration::from_secs(1_369_353_600)),
            "20130524T000000Z"
        );
        assert_eq!(
            amz_date(UNIX_EPOCH + Duration::from_secs(951_782_400 + 3661)),
            "20000229T010101Z"
        );
        assert_eq!(amz_date(UNIX_EPOCH), "19700101T000000Z");
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let text = format!("{:?}", aws());
        assert!(!text.contains("wJalrXUtnFEMI"));
        assert!(text.contains("AKIAIOSFODNN7EXAMPLE"));
    }
}
