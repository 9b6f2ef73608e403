//! Monorepos (SPEC §4): each file is checked under the configuration nearest above it, with
//! its own project root, so its findings never depend on which other files a run names (a
//! pre-commit batch); output paths are relative to where the run starts; standard input is
//! checked as the file it is named after.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Project, repo_root};

/// The monorepo: the demo under `backend/` with its own configuration, and an
/// `admin/` tool with none, in one git repository.
fn monorepo() -> Project {
    let project = Project::new();
    copy_dir(&repo_root().join("fixtures/demo"), &project.path().join("backend"));
    std::fs::create_dir_all(project.path().join(".git")).unwrap();
    project.file("admin/aaa.py", "import os\n\nDB = os.environ[\"DATABASE_URL\"]\n");
    project.file(
        "admin/pools.py",
        "from sqlalchemy.pool import NullPool\nengine = create_engine(url, poolclass=NullPool)\n",
    );
    project
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn source_files(dir: &Path, rel: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir.join(rel)).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        if entry.file_type().unwrap().is_dir() {
            if name != ".git" {
                source_files(dir, &child, out);
            }
        } else if name.ends_with(".py") || name.ends_with(".rs") {
            out.push(child);
        }
    }
}

/// The concise findings of a run, one set of lines.
fn findings(project: &Project, args: &[&str]) -> BTreeSet<String> {
    let (code, out, err) = project.concise(&[&["--exit-zero"], args].concat());
    assert_eq!(code, 0, "{err}");
    out.lines().filter(|l| l.contains(": ")).map(str::to_owned).collect()
}

fn of_file<'a>(lines: &'a BTreeSet<String>, file: &str) -> BTreeSet<&'a str> {
    lines.iter().filter(|l| l.starts_with(&format!("{file}:"))).map(String::as_str).collect()
}

#[test]
fn findings_of_a_file_are_the_same_alone_in_any_batch_and_in_a_whole_run() {
    let project = monorepo();
    let whole = findings(&project, &[]);
    assert!(!of_file(&whole, "admin/aaa.py").is_empty(), "{whole:?}");
    assert!(!of_file(&whole, "backend/services/api/app/cli.py").is_empty(), "{whole:?}");
    let mut files = Vec::new();
    source_files(project.path(), "", &mut files);
    for file in &files {
        let alone = findings(&project, &[file]);
        assert_eq!(of_file(&alone, file), of_file(&whole, file), "{file} alone");
        let batch = findings(&project, &[file, "admin/aaa.py"]);
        assert_eq!(of_file(&batch, file), of_file(&whole, file), "{file} with admin/aaa.py");
        let batch = findings(&project, &["backend/shared/database_url_builder.py", file]);
        assert_eq!(of_file(&batch, file), of_file(&whole, file), "{file} with the owner");
    }
    // The case: the owner alone, and the owner with an unrelated file, both pass.
    let owner = findings(&project, &["backend/shared/database_url_builder.py", "admin/aaa.py"]);
    assert!(of_file(&owner, "backend/shared/database_url_builder.py").is_empty(), "{owner:?}");
}

#[test]
fn projects_are_never_compared_with_each_other() {
    let project = monorepo();
    let whole = findings(&project, &[]);
    // admin's NullPool is its own project's only pool: no inconsistency with backend's pools,
    // and backend's pool messages count backend's strategies only.
    assert!(!whole.iter().any(|l| l.starts_with("admin/") && l.contains("inconsistent-pool")), "{whole:?}");
    let backend = findings(&project, &["backend"]);
    let backend_pools: BTreeSet<&String> = backend.iter().filter(|l| l.contains("inconsistent-pool")).collect();
    let whole_pools: BTreeSet<&String> = whole.iter().filter(|l| l.contains("inconsistent-pool")).collect();
    assert_eq!(backend_pools, whole_pools);
}

#[test]
fn output_paths_resolve_from_where_the_run_starts() {
    let project = monorepo();
    for (cwd, arg) in [("", "backend"), ("backend", "."), ("backend/services", "api"), ("admin", "../backend/services")]
    {
        let dir = project.path().join(cwd);
        for format in ["concise", "github"] {
            let output = project.cmd().current_dir(&dir).args(["check", "--format", format, arg]).output().unwrap();
            let out = String::from_utf8(output.stdout).unwrap();
            let paths: Vec<&str> = out
                .lines()
                .filter_map(|l| match format {
                    "github" => l.split("file=").nth(1).and_then(|r| r.split(',').next()),
                    _ => l.split(':').next().filter(|_| l.contains(": ")),
                })
                .collect();
            assert!(!paths.is_empty(), "{cwd} {format}: {out}");
            for path in paths {
                assert!(dir.join(path).is_file(), "{format} from `{cwd}`: `{path}` does not resolve");
            }
        }
        let output = project.cmd().current_dir(&dir).args(["check", "--format", "sarif", arg]).output().unwrap();
        let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
        let base = Path::new(base.strip_prefix("file://").unwrap());
        assert_eq!(base.canonicalize().unwrap(), project.path().canonicalize().unwrap(), "the repository root");
        for result in sarif["runs"][0]["results"].as_array().unwrap() {
            let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(location["uriBaseId"], "%SRCROOT%");
            let uri = location["uri"].as_str().unwrap();
            assert!(base.join(uri).is_file(), "sarif from `{cwd}`: `{uri}` does not resolve");
        }
    }
}

#[test]
fn a_baseline_matches_wherever_the_run_starts() {
    let project = monorepo();
    let (code, _, err) = project.concise(&["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "{err}");
    let baseline = project.path().join("baseline.json");
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    let keys: Vec<&String> = written["concerns"].as_object().unwrap().keys().collect();
    assert!(keys.iter().any(|k| k.starts_with("backend:")), "projects are counted apart: {keys:?}");
    for (cwd, arg) in [("", "."), ("backend", "."), ("backend/services", "api")] {
        let output = project
            .cmd()
            .current_dir(project.path().join(cwd))
            .args(["check", "--format", "json", "--baseline"])
            .arg(&baseline)
            .arg(arg)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(doc["findings"].as_array().unwrap().len(), 0, "from `{cwd}`: {}", doc["findings"]);
        assert!(doc["summary"]["baseline_matched"].as_u64().unwrap() > 0);
    }
}

#[test]
fn standard_input_is_checked_as_the_file_it_is_named_after() {
    let project = monorepo();
    let file = "backend/services/api/app/db.py";
    let on_disk = findings(&project, &[file]);
    let text = std::fs::read_to_string(project.path().join(file)).unwrap();
    let output = project
        .cmd()
        .args(["check", "--format", "concise", "--exit-zero", "--stdin-filename", file, "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    let from_stdin: BTreeSet<String> = String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect();
    assert_eq!(of_file(&from_stdin, file), of_file(&on_disk, file), "same text, same findings");
    assert!(!of_file(&from_stdin, file).is_empty());
    // An edited buffer: the unsaved text is checked, under backend's configuration.
    let edited = format!("{text}\nimport os\nSECOND = os.environ[\"DATABASE_URL\"]\n");
    let output = project
        .cmd()
        .args(["check", "--format", "concise", "--stdin-filename", file])
        .write_stdin(edited)
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(out.contains("is owned by `shared/database_url_builder.py`"), "{out}");
    assert_eq!(of_file(&out.lines().map(str::to_owned).collect(), file).len(), of_file(&on_disk, file).len() + 1);
    // `-` alone needs a name.
    let (code, _, err) = project.concise(&["-"]);
    assert_eq!(code, 2);
    assert!(err.contains("--stdin-filename"), "{err}");
}
