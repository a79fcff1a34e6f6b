//! The committed completion scripts match the CLI.

use crate::harness::{Odh, repo_root, tempdir};

#[test]
fn committed_completions_match_the_cli() {
    let cache = tempdir();
    for (shell, file) in [("bash", "odh.bash"), ("zsh", "_odh"), ("fish", "odh.fish")] {
        let run = Odh::new(cache.path())
            .args(["completions", shell])
            .run()
            .success();
        let path = repo_root().join("completions").join(file);
        if std::env::var_os("ODH_UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&path, &run.stdout).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == run.stdout,
            "completions/{file} is out of date: run `ODH_UPDATE_SNAPSHOTS=1 cargo test --test integration completions` and commit"
        );
        assert!(
            run.stdout.contains("render"),
            "{shell} completions name the render command"
        );
    }
}
