//! The ways ssotlint is installed stay in step with the crate: the wheel's metadata in
//! pyproject.toml, the pre-commit hooks, and the README's pre-commit snippet, whose `rev` must
//! name a commit (or tag) of this repository that has the hooks it uses. Building and installing for
//! real is done by `.ci/run` and `tests/pre-commit.sh`.

use std::collections::BTreeMap;
use std::process::Command;

mod common;

use common::repo_root;

fn read(path: &str) -> String {
    std::fs::read_to_string(repo_root().join(path)).unwrap()
}

fn toml_file(path: &str) -> toml::Table {
    read(path).parse().unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

/// The hooks of `.pre-commit-hooks.yaml` by id, each a map of its keys to their raw values.
/// The file is a flat list of flat mappings, so lines are enough to read it.
fn hooks(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut hooks = BTreeMap::new();
    let mut current: Option<(String, BTreeMap<String, String>)> = None;
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
        let (key, value) = line.trim_start_matches("- ").trim().split_once(':').expect(line);
        if line.starts_with("- ") {
            hooks.extend(current.take());
            current = Some((value.trim().to_owned(), BTreeMap::new()));
        }
        current.as_mut().expect("a key before the first `- id:`").1.insert(key.to_owned(), value.trim().to_owned());
    }
    hooks.extend(current);
    hooks
}

#[test]
fn pyproject_takes_name_version_and_license_from_the_crate() {
    let pyproject = toml_file("pyproject.toml");
    let cargo = toml_file("Cargo.toml");
    let package = &cargo["package"];
    assert_eq!(pyproject["build-system"]["build-backend"].as_str(), Some("maturin"));
    assert_eq!(pyproject["tool"]["maturin"]["bindings"].as_str(), Some("bin"), "the wheel ships the binary");
    let project = &pyproject["project"];
    assert_eq!(project["name"], package["name"]);
    assert_eq!(project["license"], package["license"]);
    // Written once, in Cargo.toml: maturin copies them into the wheel.
    let dynamic = project["dynamic"].as_array().unwrap();
    for field in ["version", "description"] {
        assert!(dynamic.iter().any(|d| d.as_str() == Some(field)), "{field} should be dynamic");
        assert!(project.get(field).is_none(), "{field} is written in pyproject.toml and in Cargo.toml");
    }
}

#[test]
fn hooks_for_rust_and_python_run_the_same_check() {
    let hooks = hooks(&read(".pre-commit-hooks.yaml"));
    let language = |id: &str| hooks[id]["language"].as_str();
    assert_eq!(language("ssotlint"), "rust");
    assert_eq!(language("ssotlint-python"), "python");
    let (rust, python) = (&hooks["ssotlint"], &hooks["ssotlint-python"]);
    for key in ["entry", "types_or", "require_serial", "name"] {
        assert_eq!(rust.get(key), python.get(key), "the hooks differ in `{key}`");
    }
}

/// The README's pre-commit snippet: its `rev` and the hook ids it names.
fn readme_snippet() -> (String, Vec<String>) {
    let readme = read("README.md");
    let section = readme.split("### pre-commit\n").nth(1).unwrap();
    let snippet = section.split("```yaml\n").nth(1).unwrap().split("```").next().unwrap();
    let value = |line: &str, key: &str| {
        let rest = line.trim_start_matches([' ', '#', '-']).strip_prefix(key)?;
        Some(rest.split('#').next().unwrap().trim().to_owned())
    };
    let rev = snippet.lines().find_map(|l| value(l, "rev:")).expect("the snippet has a rev");
    let ids = snippet.lines().filter_map(|l| value(l, "id:")).collect();
    (rev, ids)
}

#[test]
fn readme_names_every_hook() {
    let (_, ids) = readme_snippet();
    let hooks = hooks(&read(".pre-commit-hooks.yaml"));
    assert_eq!(ids.iter().collect::<std::collections::BTreeSet<_>>(), hooks.keys().collect());
}

#[test]
fn readme_rev_is_a_commit_with_the_hooks() {
    // Only a full clone can tell; a crate tarball or a shallow clone has nothing to ask.
    let git = |args: &[&str]| Command::new("git").current_dir(repo_root()).args(args).output().ok();
    match git(&["rev-parse", "--is-shallow-repository"]) {
        Some(out) if out.status.success() && out.stdout.starts_with(b"false") => {}
        _ => {
            eprintln!("not a full git clone: the README's rev is not checked");
            return;
        }
    }
    let (rev, ids) = readme_snippet();
    let hooks_at_rev = git(&["show", &format!("{rev}:.pre-commit-hooks.yaml")]).unwrap();
    assert!(
        hooks_at_rev.status.success(),
        "the README's rev `{rev}` is no commit or tag of this repository with .pre-commit-hooks.yaml: {}",
        String::from_utf8_lossy(&hooks_at_rev.stderr)
    );
    let hooks = hooks(&String::from_utf8(hooks_at_rev.stdout).unwrap());
    for id in ids {
        assert!(hooks.contains_key(&id), "the hook `{id}` is not at the README's rev {rev}");
    }
}
