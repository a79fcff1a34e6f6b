//! Questions asked on the terminal (dialoguer), drawn on stderr.
//!
//! Call these only when [`Terminal::interactive`](super::Terminal::interactive) is
//! true: they read keys from the terminal and would block or fail in a pipe, in
//! CI, or under `--yes`.

use crate::catalog::Profile;
use crate::error::usage;
use anyhow::{Context, Result};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, MultiSelect};

/// Asks which profiles to install (space toggles, enter accepts) and returns
/// their names in catalog order. Only when [`Terminal::interactive`](super::Terminal::interactive).
///
/// # Errors
/// A usage error when nothing is chosen or the prompt is cancelled; an I/O error
/// from the terminal.
pub fn pick_profiles(profiles: &[Profile]) -> Result<Vec<String>> {
    let chosen = MultiSelect::with_theme(&ColorfulTheme::default())
        .with_prompt("Profiles to install (space selects, enter accepts)")
        .items(profile_items(profiles))
        .interact_opt()
        .context("reading the choice of profiles")?;
    let names: Vec<String> = chosen
        .unwrap_or_default()
        .into_iter()
        .filter_map(|i| profiles.get(i).map(|p| p.name.clone()))
        .collect();
    if names.is_empty() {
        return Err(usage(
            "no profile chosen; pick at least one, or pass --profile NAME[,NAME…]",
        ));
    }
    Ok(names)
}

/// Asks a yes/no question; enter, escape and `q` answer no. Only when
/// [`Terminal::interactive`](super::Terminal::interactive).
///
/// # Errors
/// An I/O error from the terminal.
pub fn confirm(prompt: &str) -> Result<bool> {
    let answer = Confirm::with_theme(&ColorfulTheme::default())
        .with_prompt(prompt)
        .default(false)
        .interact_opt()
        .context("reading the answer")?;
    Ok(answer.unwrap_or(false))
}

/// One line per profile: the name (padded to line up), its description and
/// the profiles it requires.
fn profile_items(profiles: &[Profile]) -> Vec<String> {
    let width = profiles.iter().map(|p| p.name.len()).max().unwrap_or(0);
    profiles
        .iter()
        .map(|p| {
            let mut item = format!("{:width$}  {}", p.name, p.description);
            if !p.requires.is_empty() {
                item.push_str(&format!(" (requires {})", p.requires.join(", ")));
            }
            item
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, description: &str, requires: &[&str]) -> Profile {
        Profile {
            name: name.into(),
            description: description.into(),
            requires: requires.iter().map(|r| r.to_string()).collect(),
            platforms: vec![],
            parameters: vec![],
            components: vec![],
            checks: vec![],
        }
    }

    #[test]
    fn items_show_name_description_and_requirements() {
        let items = profile_items(&[
            profile("core", "notebooks, object storage, Spark", &[]),
            profile("ai-library", "ready-made models", &["serving", "core"]),
        ]);
        assert_eq!(
            items,
            [
                "core        notebooks, object storage, Spark",
                "ai-library  ready-made models (requires serving, core)",
            ]
        );
    }
}
