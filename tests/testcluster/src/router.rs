//! Maps request paths onto discovery documents, OpenAPI documents and resource targets.

/// Where a resource request points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub group: String,
    pub version: String,
    pub plural: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub sub: Option<String>,
}

/// A parsed request path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Version,
    Health,
    Api,
    Apis,
    Group(String),
    GroupVersion { group: String, version: String },
    OpenApiV3Root,
    OpenApiV3 { group: String, version: String },
    OpenApiV2,
    Resource(Target),
    NotFound,
}

impl Route {
    /// Whether this is a resource request (as opposed to discovery and metadata).
    pub fn is_resource(&self) -> bool {
        matches!(self, Route::Resource(_))
    }
}

fn resource(group: &str, version: &str, rest: &[&str]) -> Route {
    let t = |plural: &str, ns: Option<&str>, name: Option<&str>, sub: Option<&str>| {
        Route::Resource(Target {
            group: group.to_string(),
            version: version.to_string(),
            plural: plural.to_string(),
            namespace: ns.map(str::to_string),
            name: name.map(str::to_string),
            sub: sub.map(str::to_string),
        })
    };
    let core = group.is_empty();
    match rest {
        [] => Route::GroupVersion {
            group: group.to_string(),
            version: version.to_string(),
        },
        ["namespaces"] => t("namespaces", None, None, None),
        ["namespaces", n] => t("namespaces", None, Some(n), None),
        ["namespaces", n, sub] if core && (*sub == "status" || *sub == "finalize") => {
            t("namespaces", None, Some(n), Some(sub))
        }
        ["namespaces", ns, plural] => t(plural, Some(ns), None, None),
        ["namespaces", ns, plural, name] => t(plural, Some(ns), Some(name), None),
        ["namespaces", ns, plural, name, sub] => t(plural, Some(ns), Some(name), Some(sub)),
        [plural] => t(plural, None, None, None),
        [plural, name] => t(plural, None, Some(name), None),
        [plural, name, sub] => t(plural, None, Some(name), Some(sub)),
        _ => Route::NotFound,
    }
}

/// Parses a request path (without the query).
pub fn parse(path: &str) -> Route {
    let trimmed = path.trim_end_matches('/');
    let segs: Vec<&str> = trimmed.split('/').filter(|s| !s.is_empty()).collect();
    match segs.as_slice() {
        ["version"] => Route::Version,
        ["healthz"] | ["livez"] | ["readyz"] => Route::Health,
        ["healthz", ..] | ["livez", ..] | ["readyz", ..] => Route::Health,
        ["api"] => Route::Api,
        ["apis"] => Route::Apis,
        ["openapi", "v3"] => Route::OpenApiV3Root,
        ["openapi", "v3", "api", v] => Route::OpenApiV3 {
            group: String::new(),
            version: v.to_string(),
        },
        ["openapi", "v3", "apis", g, v] => Route::OpenApiV3 {
            group: g.to_string(),
            version: v.to_string(),
        },
        ["openapi", "v2"] => Route::OpenApiV2,
        ["api", v, rest @ ..] => resource("", v, rest),
        ["apis", g] => Route::Group(g.to_string()),
        ["apis", g, v, rest @ ..] => resource(g, v, rest),
        _ => Route::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(route: Route) -> Target {
        match route {
            Route::Resource(t) => t,
            other => panic!("not a resource: {other:?}"),
        }
    }

    #[test]
    fn paths() {
        assert_eq!(parse("/version"), Route::Version);
        assert_eq!(
            parse("/apis/apps/v1"),
            Route::GroupVersion {
                group: "apps".into(),
                version: "v1".into()
            }
        );
        let t = target(parse("/api/v1/namespaces/x/configmaps/y"));
        assert_eq!(
            (t.plural.as_str(), t.namespace.as_deref(), t.name.as_deref()),
            ("configmaps", Some("x"), Some("y"))
        );
        let t = target(parse("/api/v1/namespaces/x"));
        assert_eq!(
            (t.plural.as_str(), t.name.as_deref(), t.namespace),
            ("namespaces", Some("x"), None)
        );
        let t = target(parse("/api/v1/namespaces/x/status"));
        assert_eq!(t.sub.as_deref(), Some("status"));
        let t = target(parse("/apis/apps/v1/namespaces/x/deployments/d/status"));
        assert_eq!(t.sub.as_deref(), Some("status"));
        let t = target(parse(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/a.b",
        ));
        assert_eq!(t.name.as_deref(), Some("a.b"));
        assert_eq!(
            parse("/openapi/v3/apis/apps/v1"),
            Route::OpenApiV3 {
                group: "apps".into(),
                version: "v1".into()
            }
        );
        assert_eq!(parse("/nope"), Route::NotFound);
    }
}
