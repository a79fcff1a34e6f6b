//! An S3 endpoint URL split into the parts its consumers want: Kubeflow
//! Pipelines' API server and Argo take host, port and secure apart, a
//! DataSciencePipelinesApplication takes scheme, host and port. Pure.

use serde::Serialize;

/// The parts of `http[s]://host[:port][/]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, an IPv6 address in brackets.
    pub host: String,
    /// The port as written, or the scheme's default (80, 443).
    pub port: u16,
    /// True for https.
    pub secure: bool,
    /// `host:port`, the form Argo's `s3.endpoint` takes.
    pub host_port: String,
    /// The URL rebuilt from the parts, with the port always written.
    pub url: String,
}

/// Splits an endpoint URL; `None` when it is not `http[s]://host[:port]` with
/// at most a trailing `/` (no user, path, query or fragment).
pub fn parse(url: &str) -> Option<Endpoint> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let secure = match scheme.as_str() {
        "https" => true,
        "http" => false,
        _ => return None,
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    let (host, port) = split_host_port(authority)?;
    let port = match port {
        Some(text) => text.parse::<u16>().ok().filter(|p| *p > 0)?,
        None if secure => 443,
        None => 80,
    };
    let host_port = format!("{host}:{port}");
    Some(Endpoint {
        url: format!("{scheme}://{host_port}"),
        scheme,
        host: host.to_string(),
        port,
        secure,
        host_port,
    })
}

/// `host[:port]` or `[v6][:port]`.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, after) = authority.split_at(end + 1);
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        };
    }
    match authority.split_once(':') {
        Some((host, port)) if !host.is_empty() && !port.contains(':') => Some((host, Some(port))),
        Some(_) => None,
        None => Some((authority, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dev_store_splits_into_host_and_port() {
        let e = parse("http://minio.opendatahub.svc:9000").unwrap();
        assert_eq!(e.scheme, "http");
        assert_eq!(e.host, "minio.opendatahub.svc");
        assert_eq!(e.port, 9000);
        assert!(!e.secure);
        assert_eq!(e.host_port, "minio.opendatahub.svc:9000");
        assert_eq!(e.url, "http://minio.opendatahub.svc:9000");
    }

    #[test]
    fn the_scheme_gives_the_default_port() {
        let e = parse("HTTPS://s3.us-east-2.amazonaws.com/").unwrap();
        assert_eq!((e.scheme.as_str(), e.port, e.secure), ("https", 443, true));
        assert_eq!(e.host, "s3.us-east-2.amazonaws.com");
        assert_eq!(parse("http://s3.local").unwrap().port, 80);
        let v6 = parse("http://[fd00::1]:9000").unwrap();
        assert_eq!((v6.host.as_str(), v6.port), ("[fd00::1]", 9000));
        assert_eq!(parse("https://[fd00::1]").unwrap().port, 443);
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in [
            "",
            "s3.example.com",
            "s3.example.com:9000",
            "ftp://s3.example.com",
            "http://",
            "http://:9000",
            "http://s3.example.com:0",
            "http://s3.example.com:70000",
            "http://s3.example.com:port",
            "http://s3.example.com/bucket",
            "http://key:secret@s3.example.com",
            "http://s3.example.com?x=1",
            "http://fd00::1:9000",
            "http://[fd00::1]9000",
        ] {
            assert!(parse(bad).is_none(), "{bad:?}");
        }
    }
}
