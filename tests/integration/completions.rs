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

#[test]
fn completions_offer_profile_names_and_value_keys() {
    let cache = tempdir();
    let bash = Odh::new(cache.path())
        .args(["completions", "bash"])
        .run()
        .success()
        .stdout;
    let after = |flag: &str| -> Vec<String> {
        bash.split(&format!("{flag})\n"))
            .skip(1)
            .map(|rest| rest.lines().next().unwrap_or("").trim().to_string())
            .collect()
    };
    let install_profiles = after("--profile");
    assert!(
        install_profiles
            .iter()
            .all(|l| l.contains("compgen -W \"core monitoring pipelines serving ai-library\"")),
        "{install_profiles:?}"
    );
    let sets = after("--set");
    assert!(!sets.is_empty());
    for line in &sets {
        for key in [
            "namespace=",
            "s3.endpoint=",
            "serving.engine=",
            "aiLibrary.replicas=",
            "pipelines.prefix=",
            "serving.modelmesh=",
        ] {
            assert!(line.contains(key), "{key} offered after --set: {line}");
        }
    }
    assert!(
        bash.contains("--set)\n                    COMPREPLY=")
            && bash.contains("compopt -o nospace"),
        "no space after a key, so the value follows the ="
    );
    for shell in ["zsh", "fish"] {
        let script = Odh::new(cache.path())
            .args(["completions", shell])
            .run()
            .success()
            .stdout;
        assert!(script.contains("s3.endpoint="), "{shell} offers value keys");
        assert!(
            script.contains("ai-library"),
            "{shell} offers profile names"
        );
    }
}

/// The completions a bash completion function gives for the last word.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = repo_root().join("completions").join("odh.bash");
    let line = format!(
        "source {}; COMP_WORDS=({}); COMP_CWORD={}; _odh odh {} {} 2>/dev/null; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2]
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &line])
        .output()
        .expect("running bash");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_profiles_after_p_and_keys_after_set() {
    assert_eq!(bash_completes(&["odh", "install", "-p", "se"]), ["serving"]);
    assert_eq!(
        bash_completes(&["odh", "check", "--profile", "ai"]),
        ["ai-library"]
    );
    assert_eq!(
        bash_completes(&["odh", "install", "--set", "s3.e"]),
        ["s3.enabled=", "s3.endpoint=", "s3.engine="]
    );
    assert_eq!(
        bash_completes(&["odh", "diff", "--set", "prometheus.r"]),
        ["prometheus.retention="]
    );
}
