//! Checking AWS Signature Version 4 in the query string (presigned requests), as MinIO does
//! (`cmd/signature-v4.go` `doesPresignedSignatureMatch`): the signed headers must include `host`,
//! whose value is the request's Host; the query is re-encoded without `X-Amz-Signature`; the
//! payload is `UNSIGNED-PAYLOAD`; the date must not be in the future nor the request expired.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Why a presigned request was refused, as the S3 error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a presigned request, or a parameter is malformed.
    AccessDenied(String),
    InvalidAccessKeyId,
    SignatureDoesNotMatch,
    Expired,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encode_path(path: &str) -> String {
    path.split('/').map(encode).collect::<Vec<_>>().join("/")
}

/// Seconds since the epoch of `YYYYMMDDTHHMMSSZ`.
fn parse_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    // Days from civil (proleptic Gregorian).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + hh * 3600 + mm * 60 + ss;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

/// Checks a presigned request. `lookup` gives the secret key of an access key.
pub fn check(
    method: &str,
    path: &str,
    query: &[(String, String)],
    host: &str,
    now: SystemTime,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<String, Refusal> {
    let get = |k: &str| query.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let denied = |why: &str| Refusal::AccessDenied(why.to_string());
    if get("X-Amz-Algorithm") != Some("AWS4-HMAC-SHA256") {
        return Err(denied("Access Denied."));
    }
    let credential = get("X-Amz-Credential").ok_or_else(|| denied("missing X-Amz-Credential"))?;
    let parts: Vec<&str> = credential.split('/').collect();
    let [access, date, region, service, "aws4_request"] = parts.as_slice() else {
        return Err(denied("malformed credential"));
    };
    let secret = lookup(access).ok_or(Refusal::InvalidAccessKeyId)?;
    let signed = get("X-Amz-SignedHeaders").unwrap_or("");
    if !signed.split(';').any(|h| h == "host") {
        return Err(denied("host is not a signed header"));
    }
    let amz_date = get("X-Amz-Date").ok_or_else(|| denied("missing X-Amz-Date"))?;
    let when = parse_date(amz_date).ok_or_else(|| denied("malformed X-Amz-Date"))?;
    let expires: u64 = get("X-Amz-Expires")
        .and_then(|e| e.parse().ok())
        .ok_or_else(|| denied("malformed X-Amz-Expires"))?;
    if when > now + Duration::from_secs(15 * 60)
        || now.duration_since(when).unwrap_or_default() > Duration::from_secs(expires)
    {
        return Err(Refusal::Expired);
    }
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| k != "X-Amz-Signature")
        .map(|(k, v)| (encode(k), encode(v)))
        .collect();
    pairs.sort();
    let canonical_query = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let canonical = format!(
        "{method}\n{}\n{canonical_query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD",
        encode_path(path)
    );
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("AWS4{secret}").as_bytes(), date);
    for part in [*region, *service, "aws4_request"] {
        key = hmac(&key, part);
    }
    if get("X-Amz-Signature") != Some(hex(&hmac(&key, &to_sign)).as_str()) {
        return Err(Refusal::SignatureDoesNotMatch);
    }
    Ok(access.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html, "An example".
    fn aws_example() -> Vec<(String, String)> {
        [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            (
                "X-Amz-Credential",
                "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
            ),
            ("X-Amz-Date", "20130524T000000Z"),
            ("X-Amz-Expires", "86400"),
            ("X-Amz-SignedHeaders", "host"),
            (
                "X-Amz-Signature",
                "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
            ),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    fn keys(access: &str) -> Option<String> {
        (access == "AKIAIOSFODNN7EXAMPLE")
            .then(|| "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_string())
    }

    #[test]
    fn accepts_the_aws_example_and_refuses_changes() {
        let at = parse_date("20130524T010000Z").unwrap();
        let host = "examplebucket.s3.amazonaws.com";
        assert_eq!(
            check("GET", "/test.txt", &aws_example(), host, at, keys),
            Ok("AKIAIOSFODNN7EXAMPLE".into())
        );
        assert_eq!(
            check("GET", "/test.txt", &aws_example(), "other:443", at, keys),
            Err(Refusal::SignatureDoesNotMatch)
        );
        assert_eq!(
            check("PUT", "/test.txt", &aws_example(), host, at, keys),
            Err(Refusal::SignatureDoesNotMatch)
        );
        assert_eq!(
            check("GET", "/test.txt", &aws_example(), host, at, |_| None),
            Err(Refusal::InvalidAccessKeyId)
        );
        let later = parse_date("20130526T000000Z").unwrap();
        assert_eq!(
            check("GET", "/test.txt", &aws_example(), host, later, keys),
            Err(Refusal::Expired)
        );
        assert!(matches!(
            check("GET", "/test.txt", &[], host, at, keys),
            Err(Refusal::AccessDenied(_))
        ));
    }

    #[test]
    fn dates_parse_to_the_epoch() {
        assert_eq!(parse_date("19700101T000000Z"), Some(UNIX_EPOCH));
        assert_eq!(
            parse_date("20130524T000000Z"),
            Some(UNIX_EPOCH + Duration::from_secs(1_369_353_600))
        );
        assert_eq!(parse_date("2013-05-24"), None);
    }
}
