//! Remote upstream files (third-party CRDs and release manifests): fetched once
//! with reqwest, verified against pinned sha256 digests (or the digest recorded
//! on first use), cached, and readable offline from the cache or a bundle.

mod location;
mod lock;

pub use location::relative_path;
pub use lock::Lock;

use crate::catalog::Source;
use crate::error::chain_text;
use anyhow::{Context, Result, anyhow, bail};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where remote files come from and where they are kept.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Never download.
    pub offline: bool,
    /// A directory written by `odh fetch` (read instead of downloading).
    pub bundle: Option<PathBuf>,
    /// A mirror serving each file at `MIRROR/<host>/<path>`.
    pub mirror: Option<String>,
    /// A lock file whose digests add to or override the pinned ones.
    pub lock_override: Option<PathBuf>,
    /// The cache directory (files under `sources/`, recorded digests in `sources.lock`).
    pub cache_dir: PathBuf,
}

/// Progress of fetching, for the terminal edge to show.
#[derive(Debug, Clone)]
pub enum FetchEvent<'a> {
    Started {
        url: &'a str,
        total: Option<u64>,
    },
    Progress {
        url: &'a str,
        done: u64,
    },
    Finished {
        url: &'a str,
        bytes: u64,
        from: &'a str,
    },
}

/// The default cache directory: `$XDG_CACHE_HOME/odh` or the platform's equivalent.
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("odh")
}

/// The digest a file must have: from the override lock, the pin, the bundle's
/// lock or the digest recorded on first use.
struct Expected {
    sha256: Option<String>,
    from: &'static str,
}

/// Resolves digests for sources.
struct Digests {
    overrides: Lock,
    recorded: Lock,
    bundle: Lock,
}

impl Digests {
    fn load(options: &Options) -> Result<Digests> {
        let overrides = match &options.lock_override {
            Some(path) => Lock::read(path)
                .with_context(|| format!("reading source lock {}", path.display()))?,
            None => Lock::default(),
        };
        let recorded = Lock::read_if_exists(&options.cache_dir.join("sources.lock"))?;
        let bundle = match &options.bundle {
            Some(dir) => Lock::read_if_exists(&dir.join("sources.lock"))?,
            None => Lock::default(),
        };
        Ok(Digests {
            overrides,
            recorded,
            bundle,
        })
    }

    fn expected(&self, source: &Source) -> Expected {
        if let Some(sha) = self.overrides.get(&source.url) {
            return Expected {
                sha256: Some(sha.to_string()),
                from: "the source lock",
            };
        }
        if let Some(sha) = &source.sha256 {
            return Expected {
                sha256: Some(sha.clone()),
                from: "the pinned digest",
            };
        }
        if let Some(sha) = self.bundle.get(&source.url) {
            return Expected {
                sha256: Some(sha.to_string()),
                from: "the bundle's sources.lock",
            };
        }
        if let Some(sha) = self.recorded.get(&source.url) {
            return Expected {
                sha256: Some(sha.to_string()),
                from: "the digest recorded on first use",
            };
        }
        Expected {
            sha256: None,
            from: "",
        }
    }
}

/// The sha256 of bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn verify(source: &Source, bytes: &[u8], expected: &Expected) -> Result<String> {
    let actual = sha256_hex(bytes);
    if let Some(want) = &expected.sha256
        && !want.eq_ignore_ascii_case(&actual)
    {
        bail!(
            "sha256 of {} is {actual}, but {} is {want}; the file changed or the mirror serves other bytes",
            source.url,
            expected.from
        );
    }
    Ok(actual)
}

/// Loads every source as text, from the bundle, the cache or the network.
///
/// # Errors
/// A digest mismatch, a download failure, or (offline) the list of missing files.
pub async fn load(
    sources: &[Source],
    options: &Options,
    on_event: &(dyn Fn(FetchEvent<'_>) + Sync),
) -> Result<BTreeMap<String, String>> {
    let mut digests = Digests::load(options)?;
    let mut out = BTreeMap::new();
    let mut missing = Vec::new();
    let mut client = None;
    for source in sources {
        let expected = digests.expected(source);
        let rel = relative_path(&source.url)?;
        let local = match &options.bundle {
            Some(dir) => Some((dir.join(&rel), "bundle")),
            None => Some((options.cache_dir.join("sources").join(&rel), "cache")),
        };
        if let Some((path, origin)) = &local
            && let Ok(bytes) = std::fs::read(path)
        {
            verify(source, &bytes, &expected)
                .with_context(|| format!("{origin} file {}", path.display()))?;
            on_event(FetchEvent::Finished {
                url: &source.url,
                bytes: bytes.len() as u64,
                from: origin,
            });
            out.insert(source.url.clone(), into_text(source, bytes)?);
            continue;
        }
        if options.bundle.is_some() || options.offline {
            missing.push(source.url.clone());
            continue;
        }
        let client = match &client {
            Some(c) => c,
            None => client.insert(http_client()?),
        };
        let bytes = download(client, source, options.mirror.as_deref(), on_event).await?;
        let actual = verify(source, &bytes, &expected)?;
        let cached = options.cache_dir.join("sources").join(&rel);
        write_atomic(&cached, &bytes)?;
        if expected.sha256.is_none() {
            digests.recorded.insert(&source.url, &actual);
            digests
                .recorded
                .write(&options.cache_dir.join("sources.lock"))?;
        }
        out.insert(source.url.clone(), into_text(source, bytes)?);
    }
    if !missing.is_empty() {
        let place = match &options.bundle {
            Some(dir) => format!("in bundle {}", dir.display()),
            None => "in the cache (--offline)".to_string(),
        };
        bail!(
            "{} remote file(s) not found {place}: {}; run `odh fetch --profile … --to DIR` where the network is reachable and pass --bundle DIR",
            missing.len(),
            missing.join(", ")
        );
    }
    Ok(out)
}

/// Downloads (or copies from the cache) every source into `dir` with the mirror
/// layout, and writes `dir/sources.lock` with each file's digest.
///
/// # Errors
/// As [`load`], plus write failures.
pub async fn fetch_to(
    sources: &[Source],
    options: &Options,
    dir: &Path,
    on_event: &(dyn Fn(FetchEvent<'_>) + Sync),
) -> Result<()> {
    let contents = load(sources, options, on_event).await?;
    let mut lock = Lock::default();
    for source in sources {
        let text = &contents[&source.url];
        let path = dir.join(relative_path(&source.url)?);
        write_atomic(&path, text.as_bytes())?;
        lock.insert(&source.url, &sha256_hex(text.as_bytes()));
    }
    lock.write(&dir.join("sources.lock"))
}

fn into_text(source: &Source, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| anyhow!("remote file {} is not UTF-8 text", source.url))
}

fn http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(20))
        .timeout(Duration::from_secs(300))
        .user_agent(concat!("odh/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("building the HTTP client")
}

async fn download(
    client: &reqwest::Client,
    source: &Source,
    mirror: Option<&str>,
    on_event: &(dyn Fn(FetchEvent<'_>) + Sync),
) -> Result<Vec<u8>> {
    let url = match mirror {
        Some(m) => format!(
            "{}/{}",
            m.trim_end_matches('/'),
            relative_path(&source.url)?.display()
        ),
        None => source.url.clone(),
    };
    let mut last_error = None;
    for attempt in 0..3u32 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(500 * 2u64.pow(attempt))).await;
        }
        match download_once(client, &source.url, &url, on_event).await {
            Ok(bytes) => return Ok(bytes),
            Err((retry, err)) => {
                last_error = Some(err);
                if !retry {
                    break;
                }
            }
        }
    }
    Err(last_error.unwrap_or_else(|| anyhow!("downloading {url}")))
}

async fn download_once(
    client: &reqwest::Client,
    id: &str,
    url: &str,
    on_event: &(dyn Fn(FetchEvent<'_>) + Sync),
) -> Result<Vec<u8>, (bool, anyhow::Error)> {
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| (true, anyhow!("downloading {url}: {}", chain_text(&e))))?;
    let status = response.status();
    if !status.is_success() {
        let retry = status.is_server_error() || status.as_u16() == 429;
        return Err((
            retry,
            anyhow!("downloading {url}: the server answered {status}"),
        ));
    }
    on_event(FetchEvent::Started {
        url: id,
        total: response.content_length(),
    });
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| (true, anyhow!("downloading {url}: {}", chain_text(&e))))?
    {
        bytes.extend_from_slice(&chunk);
        on_event(FetchEvent::Progress {
            url: id,
            done: bytes.len() as u64,
        });
    }
    on_event(FetchEvent::Finished {
        url: id,
        bytes: bytes.len() as u64,
        from: "network",
    });
    Ok(bytes)
}

/// Writes a file through a temporary sibling and a rename, creating parents.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}
