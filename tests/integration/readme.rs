//! README and CI agree: `.ci/run` runs the test command README gives.

/// CI runs the very test command README gives, and nothing else but printing
/// the toolchain's version.
#[test]
fn ci_runs_exactly_the_readme_test_command() {
    let root = crate::harness::repo_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme
        .split_once("### Test\n\n```sh\n")
        .expect("README has a Test section with a sh block")
        .1;
    let command = section.lines().next().unwrap();
    assert!(command.contains("cargo test --workspace"), "{command}");
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    let steps: Vec<&str> = ci
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter(|l| !l.starts_with("set ") && !l.starts_with("cd ") && !l.starts_with("export "))
        .collect();
    assert_eq!(steps, ["cargo --version", command], ".ci/run: {ci}");
}
