//! `odh profiles`: the catalog as text, JSON or YAML.

use crate::catalog::{Catalog, Parameter};
use crate::cli::OutputFormat;
use crate::error::Exit;
use crate::report::{self, table};
use anyhow::Result;
use serde_json::{Value, json};

pub fn run(output: OutputFormat) -> Result<Exit> {
    let catalog = Catalog::embedded()?;
    let text = match output {
        OutputFormat::Text => text(&catalog),
        OutputFormat::Json => report::to_json(&as_value(&catalog)),
        OutputFormat::Yaml => report::to_yaml_stream([&as_value(&catalog)])?,
    };
    report::print_stdout(&text)?;
    Ok(Exit::Success)
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "-".into();
    }
    items
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn default_text(p: &Parameter) -> String {
    match &p.default {
        Value::String(s) if s.is_empty() => "\"\"".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn param_rows(params: &[Parameter]) -> Vec<Vec<String>> {
    params
        .iter()
        .map(|p| {
            let type_ = if p.values.is_empty() {
                p.type_.to_string()
            } else {
                p.values.join("|")
            };
            vec![
                format!("  {}", p.key),
                type_,
                default_text(p),
                p.description.clone(),
            ]
        })
        .collect()
}

fn text(catalog: &Catalog) -> String {
    let mut out = String::new();
    let rows: Vec<Vec<String>> = catalog
        .profiles
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                join(&p.requires),
                join(&p.platforms),
                p.description.clone(),
            ]
        })
        .collect();
    out.push_str(&table::format(
        &["PROFILE", "REQUIRES", "PLATFORMS", "DESCRIPTION"],
        &rows,
    ));
    for profile in &catalog.profiles {
        out.push_str(&format!("\n{} components:\n", profile.name));
        let rows: Vec<Vec<String>> = profile
            .components
            .iter()
            .map(|c| {
                let mut desc = c.description.clone();
                if let Some(when) = &c.when {
                    desc.push_str(&format!(" (when {when})"));
                }
                vec![
                    format!("  {}", c.name),
                    join(&c.platforms),
                    join(&c.requires),
                    desc,
                ]
            })
            .collect();
        out.push_str(&table::format(
            &["  COMPONENT", "PLATFORMS", "REQUIRES", "DESCRIPTION"],
            &rows,
        ));
        out.push_str(&format!("\n{} parameters:\n", profile.name));
        out.push_str(&table::format(
            &["  KEY", "TYPE", "DEFAULT", "DESCRIPTION"],
            &param_rows(&profile.parameters),
        ));
    }
    out.push_str("\nglobal parameters (every profile):\n");
    out.push_str(&table::format(
        &["  KEY", "TYPE", "DEFAULT", "DESCRIPTION"],
        &param_rows(&catalog.global),
    ));
    out
}

fn as_value(catalog: &Catalog) -> Value {
    json!({
        "globalParameters": catalog.global,
        "profiles": catalog.profiles,
    })
}
