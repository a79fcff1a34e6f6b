//! Object name validation with the apiserver's messages.

const SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

fn is_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_label)
}

/// Which naming rule a kind follows.
fn rule_for(kind: &str) -> &'static str {
    match kind {
        "Namespace" => "label",
        "Service" => "dns1035",
        "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => "path",
        _ => "subdomain",
    }
}

/// Validates an object name; returns the cause message (`Invalid value: "x": …`) on failure.
pub fn validate_name(kind: &str, name: &str) -> Option<String> {
    let invalid = |why: &str| Some(format!("Invalid value: {name:?}: {why}"));
    match rule_for(kind) {
        "label" => {
            if name.len() > 63 {
                return invalid("must be no more than 63 characters");
            }
            if !is_label(name) {
                return invalid(LABEL_MSG);
            }
        }
        "dns1035" => {
            if name.len() > 63 {
                return invalid("must be no more than 63 characters");
            }
            if !is_label(name) || !name.as_bytes()[0].is_ascii_lowercase() {
                return invalid(DNS1035_MSG);
            }
        }
        "path" => {
            if name == "." || name == ".." {
                return invalid(&format!("may not be '{name}'"));
            }
            if name.contains('/') || name.contains('%') {
                return invalid("may not contain '/' or '%'");
            }
        }
        _ => {
            if name.len() > 253 {
                return invalid("must be no more than 253 characters");
            }
            if !is_subdomain(name) {
                return invalid(SUBDOMAIN_MSG);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(validate_name("ConfigMap", "settings").is_none());
        assert!(validate_name("ConfigMap", "a.b-c").is_none());
        let m = validate_name("ConfigMap", "Bad_Name").unwrap();
        assert!(m.starts_with("Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"));
        assert!(validate_name("Namespace", "a.b").is_some());
        assert!(validate_name("Service", "1abc").is_some());
        assert!(validate_name("ClusterRole", "system:foo").is_none());
    }
}
