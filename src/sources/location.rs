//! Where a remote file lives locally: `<host>/<path>` of its URL, the layout of
//! the cache, of bundles and of mirrors.

use anyhow::{Result, bail};
use std::path::{Component, PathBuf};

/// `https://raw.githubusercontent.com/a/b` -> `raw.githubusercontent.com/a/b`.
///
/// # Errors
/// A URL that is not http(s) or whose path would leave the directory.
pub fn relative_path(url: &str) -> Result<PathBuf> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let Some(rest) = rest else {
        bail!("remote file URL {url} is not http(s)");
    };
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let path = PathBuf::from(rest);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
        || rest.ends_with('/')
    {
        bail!("remote file URL {url} does not name a file");
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_host_and_path() {
        assert_eq!(
            relative_path(
                "https://raw.githubusercontent.com/kubeflow/spark-operator/v2.5.2/x.yaml"
            )
            .unwrap(),
            PathBuf::from("raw.githubusercontent.com/kubeflow/spark-operator/v2.5.2/x.yaml")
        );
        assert!(relative_path("ftp://a/b").is_err());
        assert!(relative_path("https://a/../b").is_err());
        assert!(relative_path("https://a/b/").is_err());
    }
}
