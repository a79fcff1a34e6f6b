//! Download progress: one indicatif bar per file on a terminal, one line per
//! downloaded file otherwise.

use super::Terminal;
use crate::sources::FetchEvent;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::sync::Mutex;

/// Shows [`FetchEvent`]s.
pub struct FetchProgress {
    terminal: Terminal,
    bars: Mutex<HashMap<String, ProgressBar>>,
}

impl FetchProgress {
    pub fn new(terminal: Terminal) -> FetchProgress {
        FetchProgress {
            terminal,
            bars: Mutex::new(HashMap::new()),
        }
    }

    /// Handles one event.
    pub fn on_event(&self, event: FetchEvent<'_>) {
        let mut bars = self.bars.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            FetchEvent::Started { url, total } if self.terminal.progress => {
                let bar = ProgressBar::new(total.unwrap_or(0));
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} {bytes}/{total_bytes}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
                bar.set_message(short(url).to_string());
                bars.insert(url.to_string(), bar);
            }
            FetchEvent::Started { .. } => {}
            FetchEvent::Progress { url, done } => {
                if let Some(bar) = bars.get(url) {
                    bar.set_position(done);
                }
            }
            FetchEvent::Finished { url, bytes, from } => {
                if let Some(bar) = bars.remove(url) {
                    bar.finish_and_clear();
                }
                if from == "network" {
                    self.terminal.note(format!("fetched {url} ({bytes} bytes)"));
                } else {
                    self.terminal
                        .detail(format!("using {url} from the {from} ({bytes} bytes)"));
                }
            }
        }
    }
}

fn short(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or(url)
}
