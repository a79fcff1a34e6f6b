//! What a string parameter must look like, so that bad values are refused
//! before anything reaches a cluster. Each rule follows the upstream code that
//! reads the value (named in [`Rule::source`]). Pure.

use serde::{Deserialize, Serialize};

/// The shape a string value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// A Kubernetes quantity greater than zero (storage sizes).
    Quantity,
    /// A number of CPU cores greater than zero (`2`, `0.5`).
    Cores,
    /// A JupyterHub byte size: a number and one of K, M, G, T.
    ByteSize,
    /// An RFC 1123 label (namespace names).
    DnsLabel,
    /// An RFC 1123 subdomain (names of Secrets, StorageClasses, CSVs).
    DnsSubdomain,
    /// An S3 bucket name as S3 servers accept it.
    S3Bucket,
    /// A Prometheus duration (`30s`, `15d`, `1h30m`).
    Duration,
    /// An `http://` or `https://` URL with a host.
    Url,
}

impl Rule {
    /// What a valid value looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            Rule::Quantity => "a Kubernetes quantity greater than zero (e.g. 20Gi, 500Mi)",
            Rule::Cores => "a number of CPU cores greater than zero (e.g. 2 or 0.5)",
            Rule::ByteSize => "a size with a unit K, M, G or T (e.g. 4G, 512M)",
            Rule::DnsLabel => {
                "a DNS label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit"
            }
            Rule::DnsSubdomain => {
                "a DNS subdomain: at most 253 lower-case letters, digits, '-' or '.', each part starting and ending with a letter or digit"
            }
            Rule::S3Bucket => {
                "an S3 bucket name: 3 to 63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit, not an IP address"
            }
            Rule::Duration => "a duration such as 30s, 5m, 15d or 1h30m",
            Rule::Url => "an http:// or https:// URL (e.g. https://s3.example.com)",
        }
    }

    /// Where the rule comes from (upstream `repo@tag:path`, or the template that reads the value).
    pub fn source(self) -> &'static str {
        match self {
            Rule::Quantity => {
                "kubernetes/apimachinery@v0.33.2:pkg/api/resource/quantity.go (the serialization format)"
            }
            Rule::Cores => {
                "manifests/jupyterhub/20-config.yaml reads it with Python float() into KubeSpawner cpu_limit"
            }
            Rule::ByteSize => {
                "jupyterhub/jupyterhub@5.5.0:jupyterhub/traitlets.py (ByteSpecification, KubeSpawner mem_limit)"
            }
            Rule::DnsLabel | Rule::DnsSubdomain => {
                "kubernetes/apimachinery@v0.33.2:pkg/util/validation/validation.go (IsDNS1123Label, IsDNS1123Subdomain)"
            }
            Rule::S3Bucket => {
                "minio/minio-go@v7.0.91:pkg/s3utils/utils.go (CheckValidBucketNameStrict, used by minio/minio@RELEASE.2025-09-07T16-13-09Z)"
            }
            Rule::Duration => "prometheus/common@v0.67.5:model/time.go (ParseDuration)",
            Rule::Url => "the s3 templates pass it to S3 clients as the endpoint URL",
        }
    }

    /// Whether `text` follows the rule.
    pub fn accepts(self, text: &str) -> bool {
        match self {
            Rule::Quantity => is_positive_quantity(text),
            Rule::Cores => is_positive_decimal(text),
            Rule::ByteSize => is_byte_size(text),
            Rule::DnsLabel => is_dns_label(text),
            Rule::DnsSubdomain => is_dns_subdomain(text),
            Rule::S3Bucket => is_s3_bucket(text),
            Rule::Duration => is_prometheus_duration(text),
            Rule::Url => is_url(text),
        }
    }
}

/// `<digits>`, `<digits>.<digits>`, `<digits>.` or `.<digits>`; `None` for anything else.
fn split_number(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(end);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let dots = number.matches('.').count();
    (digits > 0 && dots <= 1).then_some((number, rest))
}

fn is_positive_quantity(text: &str) -> bool {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    let Some((number, suffix)) = split_number(unsigned) else {
        return false;
    };
    let suffix_ok = match suffix {
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "m" | "" | "k" | "M" | "G" | "T" | "P" | "E" => {
            true
        }
        exponent => exponent
            .strip_prefix(['e', 'E'])
            .map(|e| e.strip_prefix(['+', '-']).unwrap_or(e))
            .is_some_and(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())),
    };
    suffix_ok && number.chars().any(|c| c.is_ascii_digit() && c != '0')
}

fn is_positive_decimal(text: &str) -> bool {
    matches!(split_number(text), Some((number, ""))
        if number.chars().any(|c| c.is_ascii_digit() && c != '0'))
}

fn is_byte_size(text: &str) -> bool {
    match text.char_indices().last() {
        Some((i, 'K' | 'M' | 'G' | 'T')) => is_positive_decimal(&text[..i]),
        _ => false,
    }
}

fn is_dns_label(text: &str) -> bool {
    let bytes = text.as_bytes();
    let inner = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-';
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes.iter().all(inner)
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
}

fn is_dns_subdomain(text: &str) -> bool {
    text.len() <= 253 && text.split('.').all(is_dns_label)
}

fn is_s3_bucket(text: &str) -> bool {
    let bytes = text.as_bytes();
    let inner = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'.' || *b == b'-';
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let ip_like = text.split('.').count() == 4
        && text
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    (3..=63).contains(&bytes.len())
        && bytes.iter().all(inner)
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && !ip_like
        && !text.contains("..")
        && !text.contains(".-")
        && !text.contains("-.")
}

fn is_prometheus_duration(text: &str) -> bool {
    if text == "0" {
        return true;
    }
    const UNITS: [&str; 7] = ["y", "w", "d", "h", "m", "s", "ms"];
    let mut rest = text;
    let mut last = None;
    if rest.is_empty() {
        return false;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return false;
        }
        let after = &rest[digits..];
        let unit_len = after
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(after.len());
        let unit = &after[..unit_len];
        let Some(position) = UNITS.iter().position(|u| *u == unit) else {
            return false;
        };
        if last.is_some_and(|l| position <= l) {
            return false;
        }
        last = Some(position);
        rest = &after[unit_len..];
    }
    true
}

fn is_url(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::Rule::*;

    #[test]
    fn quantities_follow_the_kubernetes_format_and_are_positive() {
        for ok in [
            "20Gi", "500Mi", "1", "1.5G", ".5Ti", "1e3", "10E+2", "+2Gi", "2k",
        ] {
            assert!(Quantity.accepts(ok), "{ok}");
        }
        for bad in [
            "lots", "", "0", "0Gi", "-3Gi", "20GB", "1..5G", "Gi", "20 Gi", "1e",
        ] {
            assert!(!Quantity.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn cores_and_byte_sizes_follow_what_jupyterhub_reads() {
        assert!(Cores.accepts("2") && Cores.accepts("0.5"));
        assert!(!Cores.accepts("500m") && !Cores.accepts("0") && !Cores.accepts("inf"));
        assert!(ByteSize.accepts("4G") && ByteSize.accepts("1.5T") && ByteSize.accepts("512M"));
        assert!(!ByteSize.accepts("4Gi") && !ByteSize.accepts("4096") && !ByteSize.accepts("G"));
    }

    #[test]
    fn dns_names_follow_rfc_1123() {
        assert!(DnsLabel.accepts("opendatahub") && DnsLabel.accepts("a-1"));
        for bad in ["Bad_NS", "", "-a", "a-", "a.b", &"a".repeat(64)] {
            assert!(!DnsLabel.accepts(bad), "{bad}");
        }
        assert!(DnsSubdomain.accepts("my-s3.keys") && DnsSubdomain.accepts("a"));
        assert!(!DnsSubdomain.accepts("a..b") && !DnsSubdomain.accepts("My-Keys"));
        assert!(!DnsSubdomain.accepts(&"a".repeat(254)));
    }

    #[test]
    fn bucket_names_follow_the_strict_s3_rule() {
        for ok in ["opendatahub", "my.bucket-1", "abc"] {
            assert!(S3Bucket.accepts(ok), "{ok}");
        }
        for bad in [
            "bücket-☃",
            "ab",
            "Upper",
            "192.168.1.1",
            "a..b",
            "a.-b",
            "-ab",
            "ab-",
            "under_score",
            &"a".repeat(64),
        ] {
            assert!(!S3Bucket.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn durations_follow_prometheus() {
        for ok in ["30s", "15d", "1h30m", "0", "1y2w", "500ms", "1m1s1ms"] {
            assert!(Duration.accepts(ok), "{ok}");
        }
        for bad in ["30", "", "1m1h", "5x", "s", "1.5h", "1h1h", "-1s"] {
            assert!(!Duration.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert!(Url.accepts("https://s3.example.com") && Url.accepts("http://10.0.0.1:9000/x"));
        for bad in [
            "s3.example.com",
            "https://",
            "ftp://x",
            "https://a b",
            "https://:9000",
        ] {
            assert!(!Url.accepts(bad), "{bad}");
        }
    }

    #[test]
    fn every_rule_names_its_source_and_what_is_expected() {
        for rule in [
            Quantity,
            Cores,
            ByteSize,
            DnsLabel,
            DnsSubdomain,
            S3Bucket,
            Duration,
            Url,
        ] {
            assert!(!rule.source().is_empty() && !rule.expected().is_empty());
        }
    }
}
