//! `odh images`: every image the profiles would run, for mirroring.

use super::prepare::{offline_platform, prepare};
use crate::cli::{ImagesCmd, OutputFormat};
use crate::error::Exit;
use crate::render::{ImageUse, collect_images};
use crate::report::{self, Terminal};
use anyhow::Result;
use serde_json::{Value, json};

/// What to know about an image: unpinned (upstream publishes no tag or digest
/// to pin), and any known upstream breakage.
fn note(image: &ImageUse) -> String {
    let mut parts = Vec::new();
    if image.unpinned {
        parts.push(
            "unpinned: upstream publishes only latest (no tag or digest to pin); pin it with a value"
                .to_string(),
        );
    }
    if let Some(issue) = &image.known_issue {
        parts.push(format!("known upstream issue: {issue}"));
    }
    parts.join("; ")
}

pub async fn run(cmd: ImagesCmd, output: OutputFormat, terminal: Terminal) -> Result<Exit> {
    let platform = offline_platform(cmd.platform)?;
    let prepared = prepare(&cmd.selection, platform, &cmd.sources, terminal).await?;
    let images = collect_images(prepared.objects.iter().map(|r| &r.object));
    let text = match output {
        OutputFormat::Text => {
            let rows: Vec<Vec<String>> = images
                .iter()
                .map(|i| {
                    let first = i
                        .used_by
                        .first()
                        .map(|r| format!("{}/{}", r.kind, r.name))
                        .unwrap_or_default();
                    let more = if i.used_by.len() > 1 {
                        format!(" (+{})", i.used_by.len() - 1)
                    } else {
                        String::new()
                    };
                    vec![i.image.clone(), format!("{first}{more}"), note(i)]
                })
                .collect();
            report::table::format(&["IMAGE", "USED BY", "NOTE"], &rows)
        }
        OutputFormat::Json | OutputFormat::Yaml => {
            let list: Vec<Value> = images
                .iter()
                .map(|i| {
                    json!({
                        "image": i.image,
                        "unpinned": i.unpinned,
                        "note": note(i),
                        "usedBy": i.used_by.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let value = Value::Array(list);
            if output == OutputFormat::Json {
                report::to_json(&value)
            } else {
                report::to_yaml_stream([&value])?
            }
        }
    };
    report::print_stdout(&text)?;
    let unpinned = images.iter().filter(|i| i.unpinned).count();
    if unpinned > 0 {
        terminal.warn(format!(
            "{unpinned} image(s) are not pinned to a version (see NOTE)"
        ));
    }
    Ok(Exit::Success)
}
