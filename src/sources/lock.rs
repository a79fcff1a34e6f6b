//! Lock files of `sha256  url` lines (the sha256sum layout), sorted by URL.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// Digests by URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lock {
    entries: BTreeMap<String, String>,
}

impl Lock {
    /// Parses lock text; blank lines and `#` comments are skipped.
    ///
    /// # Errors
    /// A line that is not `<64 hex digits>  <url>`, naming its number.
    pub fn parse(text: &str) -> Result<Lock> {
        let mut entries = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            match (parts.next(), parts.next(), parts.next()) {
                (Some(sha), Some(url), None)
                    if sha.len() == 64 && sha.chars().all(|c| c.is_ascii_hexdigit()) =>
                {
                    entries.insert(url.to_string(), sha.to_ascii_lowercase());
                }
                _ => bail!("line {}: expected `<sha256>  <url>`", i + 1),
            }
        }
        Ok(Lock { entries })
    }

    /// Reads a lock file.
    pub fn read(path: &Path) -> Result<Lock> {
        let text = std::fs::read_to_string(path)?;
        Lock::parse(&text)
    }

    /// Reads a lock file, or an empty lock when it does not exist.
    pub fn read_if_exists(path: &Path) -> Result<Lock> {
        match std::fs::read_to_string(path) {
            Ok(text) => Lock::parse(&text).with_context(|| format!("lock file {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lock::default()),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    pub fn get(&self, url: &str) -> Option<&str> {
        self.entries.get(url).map(String::as_str)
    }

    pub fn insert(&mut self, url: &str, sha256: &str) {
        self.entries.insert(url.to_string(), sha256.to_string());
    }

    /// The lock as text.
    pub fn to_text(&self) -> String {
        self.entries
            .iter()
            .map(|(url, sha)| format!("{sha}  {url}\n"))
            .collect()
    }

    /// Writes the lock atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        super::write_atomic(path, self.to_text().as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_round_trips_and_rejects_bad_lines() {
        let sha = "a".repeat(64);
        let lock = Lock::parse(&format!("# pins\n{sha}  https://h/b\n\n")).unwrap();
        assert_eq!(lock.get("https://h/b"), Some(sha.as_str()));
        assert_eq!(Lock::parse(&lock.to_text()).unwrap(), lock);
        let err = Lock::parse("abc https://h/b\n").unwrap_err();
        assert_eq!(err.to_string(), "line 1: expected `<sha256>  <url>`");
    }
}
