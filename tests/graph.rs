//! `ssotlint graph` and `--format markdown`: the shape of each concern's picture on the demo
//! (nodes and edges in Mermaid, dot and JSON), delegation and provider-chain edges, the
//! markdown summary's tables and links, and folding on a repository too large to draw.

mod common;

use assert_cmd::Command;
use common::{Project, repo_root};
use serde_json::Value;

/// The variables a GitHub Actions job sets that make markdown links absolute.
const GITHUB_VARS: [&str; 3] = ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"];

/// `ssotlint ARGS` at the repository's root, outside any GitHub job (the tests may run in one).
fn demo(args: &[&str]) -> String {
    let mut cmd = Command::cargo_bin("ssotlint").unwrap();
    for var in GITHUB_VARS {
        cmd.env_remove(var);
    }
    run(cmd.current_dir(repo_root()).args(args))
}

fn run(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// (nodes, edges) of a Mermaid flowchart as `write_mermaid` lays it out: one per line.
fn mermaid_shape(text: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let is_edge = |l: &&&str| l.contains("-->") || l.contains("-.->");
    let edges = lines.iter().filter(is_edge).count();
    let nodes = lines
        .iter()
        .filter(|l| !is_edge(l))
        .filter(|l| !l.starts_with("subgraph") && !l.starts_with("class") && !l.starts_with("%%"))
        .filter(|l| l.contains("[\"") || l.contains("([\"") || l.contains("{{\"") || l.contains("[(\""))
        .count();
    (nodes, edges)
}

#[test]
fn the_demo_database_url_picture_has_its_owner_entry_points_and_every_competing_file() {
    let text = demo(&["graph", "fixtures/demo", "--concern", "database-url"]);
    assert!(text.starts_with("%% database-url\nflowchart LR\n"), "{text}");
    // 2 owners, 3 entry points, the environment, 10 competing files (7 of them read it) and
    // 4 delegating ones; 6 files call an entry point (2 of them compete as well).
    assert_eq!(mermaid_shape(&text), (20, 13), "{text}");
    assert!(text.contains("subgraph owner[\"owner of database-url\"]"), "{text}");
    assert!(
        text.contains(
            "n9[\"fixtures/demo/services/ledger/src/config.rs<br/>by hand ×2 · reads env ×2 · sniffs env · variable list\"]"
        ),
        "{text}"
    );
    assert!(text.contains("-.->|\"reads DATABASE_URL\"| env"), "{text}");
    // One edge per file, its variables joined under one verb.
    assert!(text.contains("n5 -.->|\"reads DATABASE_URL, POSTGRES_HOST\"| env"), "{text}");
    // Files that call an entry point delegate: green, drawn first (beside the owner box),
    // with an edge to it that needs no label (one dash longer, as long as labelled ones).
    assert!(text.contains("n2[\"fixtures/demo/services/worker/worker/startup.py\"]"), "{text}");
    assert!(text.contains("  n2 ---> entry1\n"), "{text}");
    assert!(text.contains("  n1 ---> entry2\n"), "{text}");
    assert!(text.contains("class n0,n1,n2,n3 delegates"), "{text}");
    // A competing file that also calls one keeps its colour and gets the edge.
    assert!(text.contains("  n5 ---> entry0\n"), "{text}");
    // `settings.database_url.replace(…)` and a local `database_url` are values, not calls.
    assert!(!text.contains("n7 --") && !text.contains("n9 --"), "{text}");
    // Mermaid's yellow cluster is repainted.
    assert!(text.contains("  end\n  style owner fill:#f4fbf4,stroke:#2d7a2d\n"), "{text}");
    // Owner files are the owner box, not competing files.
    assert_eq!(text.matches("shared/database_url_builder.py").count(), 1, "{text}");
}

#[test]
fn the_demo_pool_picture_has_each_strategy_and_the_services_that_choose_it() {
    let text = demo(&["graph", "fixtures/demo", "--concern", "connection-pool"]);
    // 2 owners, 7 strategies, 3 services; 9 choices (3 of them the owners').
    assert_eq!(mermaid_shape(&text), (12, 9), "{text}");
    assert!(text.contains("n1[\"fixtures/demo/services/ledger/\"]"), "{text}");
    // Each choice says where it is, relative to the service or the owner it comes from.
    assert!(text.contains("n1 -->|\"src/db.rs:13, src/db.rs:33\"| pool5"), "{text}");
    assert!(text.contains("owner1 -->|\"line 18\"| pool5"), "{text}");
}

#[test]
fn graph_json_and_dot_have_the_same_nodes_and_edges_as_mermaid() {
    let json: Value = serde_json::from_str(&demo(&["graph", "fixtures/demo", "--format", "json"])).unwrap();
    let graphs = json.as_array().unwrap();
    let shape: Vec<(&str, usize, usize)> = graphs
        .iter()
        .map(|g| {
            (g["concern"].as_str().unwrap(), g["nodes"].as_array().unwrap().len(), g["edges"].as_array().unwrap().len())
        })
        .collect();
    assert_eq!(shape, [("database-url", 20, 13), ("connection-pool", 12, 9), ("redis-url", 3, 2)]);
    assert_eq!(graphs[0]["nodes"][0]["kind"], "owner");
    assert_eq!(graphs[0]["nodes"][2]["kind"], "entry-point");
    assert_eq!(graphs[0]["nodes"][0]["label"][0], "fixtures/demo/shared/database_url_builder.py");
    assert!(graphs.iter().all(|g| g.get("folded").is_none()));

    let dot = demo(&["graph", "fixtures/demo", "--format", "dot", "--concern", "database-url"]);
    assert!(dot.starts_with("digraph \"database-url\" {\n  rankdir=LR;\n"), "{dot}");
    assert!(dot.trim_end().ends_with('}'), "{dot}");
    assert_eq!(dot.lines().filter(|l| l.contains(" -> ")).count(), 13, "{dot}");
    assert_eq!(dot.lines().filter(|l| l.contains("[label=") && !l.contains(" -> ")).count(), 20, "{dot}");
    assert!(dot.contains("subgraph cluster_owner {"), "{dot}");
}

/// `graph` runs the rules for their facts, but their findings are not its output: the demo,
/// whose check fails, draws with exit code 0 and no finding printed; a usage error is 2, and so
/// is a rule that panicked (the picture may miss what it would have found).
#[test]
fn graph_exits_0_whatever_the_findings_and_2_on_errors() {
    let graph = |args: &[&str], env: Option<(&str, &str)>| {
        let mut cmd = Command::cargo_bin("ssotlint").unwrap();
        if let Some((var, value)) = env {
            cmd.env(var, value);
        }
        cmd.current_dir(repo_root()).args(args).output().unwrap()
    };
    let output = graph(&["graph", "fixtures/demo"], None);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.starts_with("%% database-url\n") && !stdout.contains("direct-env-read"), "{stdout}");
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    for usage in [&["graph", "fixtures/demo", "--format", "svg"][..], &["graph", "no/such/dir"]] {
        assert_eq!(graph(usage, None).status.code(), Some(2), "{usage:?}");
    }
    let panic = ("SSOTLINT_INJECT_PANIC", "direct-env-read@cli.py");
    let output = graph(&["graph", "fixtures/demo", "--format", "json"], Some(panic));
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 internal error while checking"));
    assert!(serde_json::from_slice::<Value>(&output.stdout).is_ok(), "the graphs are still written");
}

/// A picture's paths are the findings' paths, relative to the current directory, whether the
/// project is named from its parent or is the current directory: a reader finds a node's file
/// in the table beside it.
#[test]
fn graph_paths_are_the_findings_paths_from_any_directory() {
    for (dir, prefix) in [(repo_root(), "fixtures/demo/"), (repo_root().join("fixtures/demo"), "")] {
        let project = if prefix.is_empty() { "." } else { "fixtures/demo" };
        let mut cmd = Command::cargo_bin("ssotlint").unwrap();
        let graphs = run(cmd.current_dir(&dir).args(["graph", project, "--format", "json"]));
        let graph = &serde_json::from_str::<Value>(&graphs).unwrap()[0];
        let mut cmd = Command::cargo_bin("ssotlint").unwrap();
        let findings = run(cmd.current_dir(&dir).args(["check", project, "--format", "concise", "-q"]));
        assert_eq!(graph["nodes"][0]["label"][0], format!("{prefix}shared/database_url_builder.py"));
        for node in graph["nodes"].as_array().unwrap().iter().filter(|n| n["kind"] == "competes") {
            let path = node["label"][0].as_str().unwrap();
            assert!(path.starts_with(prefix), "{path} from {}", dir.display());
            assert!(findings.lines().any(|l| l.starts_with(&format!("{path}:"))), "{path} from {}", dir.display());
        }
    }
}

#[test]
fn an_unknown_concern_is_a_usage_error_that_lists_the_known_ones() {
    let output = Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root())
        .args(["graph", "fixtures/demo", "--concern", "jwt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no concern is named `jwt`") && stderr.contains("database-url, connection-pool, redis-url"),
        "{stderr}"
    );
}

#[test]
fn markdown_counts_findings_links_them_and_draws_each_concern() {
    let text = demo(&["check", "fixtures/demo", "--format", "markdown", "--exit-zero", "--no-timing"]);
    assert!(text.starts_with("## ssotlint\n\n**"), "{text}");
    assert!(text.contains("| rule | error | warning | info |\n| --- | ---: | ---: | ---: |\n"), "{text}");
    assert!(text.contains("| `direct-env-read` | "), "{text}");
    assert!(text.contains("| severity | rule | where | message |"), "{text}");
    let links = text.lines().filter(|l| l.starts_with("| error |") || l.starts_with("| warning |"));
    for row in links {
        // `[path:line](path#Lline)`, relative, the same line on both sides.
        let at = row.split("| [").nth(1).expect(row);
        let (shown, target) = at.split_once("](").expect(row);
        let target = target.split(')').next().unwrap();
        let (path, line) = shown.rsplit_once(':').unwrap();
        assert_eq!(target, format!("{path}#L{line}"), "{row}");
        assert!(path.starts_with("fixtures/demo/"), "{row}");
    }
    assert_eq!(text.matches("```mermaid\nflowchart LR\n").count(), 3, "{text}");
    assert!(text.contains("#### `database-url`\n\n```mermaid\n"), "{text}");
    // `--report markdown:FILE` writes the same document beside another format.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("summary.md");
    let report = format!("markdown:{}", file.display());
    demo(&["check", "fixtures/demo", "--format", "concise", "--report", &report, "--exit-zero", "--no-timing", "-q"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// In a GitHub job the summary page has no base for relative links: they point at the
/// commit's files instead.
#[test]
fn markdown_links_to_the_commit_on_github_when_the_job_says_which() {
    let mut cmd = Command::cargo_bin("ssotlint").unwrap();
    let values = ["https://github.example/", "acme/shop", "0123abc"];
    for (var, value) in GITHUB_VARS.into_iter().zip(values) {
        cmd.env(var, value);
    }
    let args = ["check", "fixtures/demo", "--format", "markdown", "--exit-zero", "--select", "direct-env-read"];
    let text = run(cmd.current_dir(repo_root()).args(args));
    let row = "[fixtures/demo/services/api/app/cli.py:18](https://github.example/acme/shop/blob/0123abc/fixtures/demo/services/api/app/cli.py#L18)";
    assert!(text.contains(row), "{text}");
    assert!(!text.contains("](fixtures/"), "{text}");
}

#[test]
fn a_pipe_in_a_message_does_not_end_the_table_cell() {
    let project = Project::owned();
    project.file("app|x.py", "import os\nurl = os.environ['DATABASE_URL']\n");
    let output = project.cmd().args(["check", "--format", "markdown"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("[app\\|x.py:2](app|x.py#L2)"), "{text}");
}

#[test]
fn delegating_providers_and_provider_chains_are_edges() {
    let project = Project::new();
    project
        .file("ssotlint.toml", "[concerns.database-url]\nowners = [\"shared/db.py\"]\nentry-points = [\"build_url\"]\n")
        .file("shared/db.py", "import os\n\ndef build_url():\n    return os.environ['DATABASE_URL']\n")
        .file("app/a.py", "from shared.db import build_url\n\ndef get_database_url():\n    return build_url()\n")
        .file("app/c.py", "import os\n\ndef get_db_url():\n    return os.environ['DATABASE_URL']\n")
        .file("app/b.py", "from app.c import get_db_url\n\ndef database_url():\n    return get_db_url()\n");
    let output = project.cmd().args(["graph", "--concern", "database-url"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("n0[\"app/a.py\"]"), "{text}");
    assert!(text.contains("n0 -->|\"get_database_url delegates\"| entry0"), "{text}");
    assert!(text.contains("n1 -->|\"database_url calls get_db_url\"| n2"), "{text}");
    assert!(text.contains("class n0 delegates"), "{text}");
}

/// A file that only calls an entry point is read for it (whatever the entry point is called)
/// and drawn delegating; a value or a method of the file's own that shares the name is not a
/// call of it, in either language.
#[test]
fn files_that_call_an_entry_point_delegate_to_it() {
    let project = Project::new();
    project
        .file(
            "ssotlint.toml",
            "[concerns.database-url]\nowners = [\"shared/db.py\"]\nentry-points = [\"open_primary\", \"Primary\"]\n",
        )
        .file("shared/db.py", "def open_primary():\n    pass\n\nclass Primary:\n    pass\n")
        .file("app/a.py", "from shared.db import open_primary\n\nconn = open_primary()\n")
        .file("app/b.py", "from shared.db import Primary\n\ndef go():\n    return Primary.connect()\n")
        .file("app/c.py", "def go(open_primary, cfg):\n    open_primary.close()\n    cfg.open_primary.close()\n")
        .file("app/d.py", "class Pool:\n    def go(self):\n        return self.open_primary()\n")
        .file("src/lib.rs", "fn go() {\n    let c = shared::db::open_primary();\n}\n");
    let output = project.cmd().args(["graph", "--format", "json"]).output().unwrap();
    let graph = &serde_json::from_slice::<Value>(&output.stdout).unwrap()[0];
    let nodes: Vec<String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "delegates")
        .map(|n| n["label"][0].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(nodes, ["app/a.py", "app/b.py", "src/lib.rs"], "{graph:#}");
    let edges: Vec<(&str, &str)> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["to"].as_str().unwrap(), e["label"].as_str().unwrap()))
        .collect();
    assert_eq!(edges, [("entry0", ""), ("entry1", ""), ("entry0", "")], "{graph:#}");
}

/// 6 services of 10 files each, every one reading `DATABASE_URL`: 61 nodes unfolded.
fn large_repository(services: usize, files: usize) -> Project {
    let project = Project::owned();
    for s in 0..services {
        for f in 0..files {
            project.file(&format!("services/s{s}/app/m{f}.py"), "import os\nurl = os.environ['DATABASE_URL']\n");
        }
    }
    project
}

fn json_graph(project: &Project) -> Value {
    let output = project.cmd().args(["graph", "--format", "json", "--concern", "database-url"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice::<Value>(&output.stdout).unwrap()[0].clone()
}

#[test]
fn a_large_repository_is_folded_by_service_and_says_so() {
    let graph = json_graph(&large_repository(6, 10));
    let nodes = graph["nodes"].as_array().unwrap();
    // The owner, the environment and one node per service.
    assert_eq!(nodes.len(), 8, "{graph:#}");
    assert_eq!(nodes[2]["label"][0], "services/s0/ (10 files)");
    assert_eq!(nodes[2]["label"][1], "reads env ×10");
    assert_eq!(graph["edges"].as_array().unwrap().len(), 6);
    assert_eq!(graph["folded"], "60 files folded into 6 services to keep the picture under 40 nodes");
}

#[test]
fn too_many_services_are_folded_by_top_level_directory() {
    let graph = json_graph(&large_repository(45, 1));
    let nodes = graph["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3, "{graph:#}");
    assert_eq!(nodes[2]["label"][0], "services/ (45 files)");
    assert!(graph["folded"].as_str().unwrap().starts_with("45 files folded into 1 top-level directory"), "{graph:#}");
}
