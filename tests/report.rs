//! What a person reads: counts in the right number, code frames that fit on a screen,
//! colours and links, and the concise format's closing line.

mod common;

use common::Project;

/// Tests the host name for an environment word: one finding with or without owners.
const SNIFF: &str = "import socket\n\nif \"staging\" in socket.gethostname():\n    pass\n";

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Regression: a run with one finding in one file said "1 findings in 1 files scanned", and
/// one stale baseline entry was "1 baseline entries fixed or changed".
#[test]
fn counts_of_one_are_singular() {
    let project = Project::new();
    project.file("jobs.py", SNIFF);
    let statistics = project.cmd().arg("--statistics").output().unwrap();
    assert!(stdout(&statistics).ends_with("\n1 finding in 1 file scanned\n"), "{}", stdout(&statistics));
    let markdown = project.cmd().args(["--format", "markdown"]).output().unwrap();
    let header = "**1 finding** (1 error, 0 warnings, 0 info) in 1 file; 1 file scanned.";
    assert!(stdout(&markdown).contains(header), "{}", stdout(&markdown));

    let written = project.cmd().args(["--write-baseline", "baseline.json"]).output().unwrap();
    let note = String::from_utf8_lossy(&written.stderr);
    assert!(note.contains("wrote a baseline of 1 finding to baseline.json"), "{note}");
    project.file("jobs.py", "import socket\n");
    let fixed = project.cmd().args(["--baseline", "baseline.json"]).output().unwrap();
    let summary = stdout(&fixed);
    assert!(summary.contains(", 1 baseline entry fixed or changed,"), "{summary}");
    assert!(summary.contains("(1 file scanned,"), "{summary}");
}

/// `text` without colour codes and OSC 8 hyperlinks.
fn strip_ansi(text: &str) -> String {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        plain.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        rest = if let Some(osc) = rest.strip_prefix(']') {
            osc.split_once("\u{1b}\\").map_or("", |(_, after)| after)
        } else {
            rest.trim_start_matches('[').trim_start_matches(|c: char| !c.is_ascii_alphabetic()).get(1..).unwrap_or("")
        };
    }
    plain + rest
}

/// The human report of `args` run from the repository root, colour codes removed.
fn human(args: &[&str]) -> String {
    let output = Project::new().cmd().current_dir(common::repo_root()).args(args).output().unwrap();
    strip_ansi(&stdout(&output))
}

/// One block per finding: each starts at its `severity[rule]` header.
fn blocks(report: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in report.lines() {
        if line.starts_with(['e', 'w', 'i']) && line.contains('[') && !line.contains(' ') || blocks.is_empty() {
            blocks.push(String::new());
        }
        let block = blocks.last_mut().unwrap();
        block.push_str(line);
        block.push('\n');
    }
    blocks
}

/// Regression: each `inconsistent-pool` finding drew a frame for every other site (about 50
/// lines), one `oversized-initializer` drew 120 lines of method bodies, the other sites were
/// headed `Advice: ` with a trailing space, and blank source lines left spaces at line ends.
#[test]
fn human_output_fits_on_a_screen_without_trailing_whitespace() {
    for colour in ["never", "always"] {
        for target in ["fixtures/demo", "fixtures/rules"] {
            let report = human(&["check", target, "--exit-zero", "--color", colour]);
            assert!(report.contains("warning[inconsistent-pool]"), "{report}");
            for (n, line) in report.lines().enumerate() {
                assert!(!line.ends_with(char::is_whitespace), "{target}, line {}: {line:?}", n + 1);
            }
            assert!(!report.contains("Advice"), "{report}");
        }
    }
    let report = human(&["check", "fixtures/demo"]);
    let blocks = blocks(&report);
    assert_eq!(blocks.iter().filter(|b| b.starts_with("warning[inconsistent-pool]")).count(), 4);
    for block in &blocks {
        assert!(block.lines().count() <= 40, "a finding longer than a screen:\n{block}");
        if block.starts_with("warning[inconsistent-pool]") {
            // Frames only in the finding's own file; every other site is a line.
            assert!(block.lines().count() <= 25, "{block}");
            assert!(block.contains("\n  see also: "), "the other strategies, a line each:\n{block}");
        }
    }
    let null_pool = blocks.iter().find(|b| b.contains("`NullPool` is one of")).unwrap();
    assert_eq!(null_pool.matches("\n  see also: ").count(), 3, "{null_pool}");
    assert!(
        null_pool.contains("\n  see also: fixtures/demo/services/api/app/testing.py:27 `StaticPool` is chosen here\n"),
        "{null_pool}"
    );
    let initializer = blocks.iter().find(|b| b.starts_with("warning[oversized-initializer]")).unwrap();
    // The method's first and last two lines, its middle folded into one row.
    for row in [
        " 282 │ ╭─▶     async def verify_schema(self) -> None:",
        " 283 │ │           assert self.pool is not None",
        "   ⋮ │ │ … 21 lines …",
        " 306 │ ├─▶             raise StartupError(",
        "     · ╰──── `verify_schema` is 25 lines",
    ] {
        assert!(initializer.contains(row), "{row:?} missing:\n{initializer}");
    }
    assert!(!initializer.contains("information_schema.tables"), "{initializer}");
}

/// The `info` severity is miette's advice, with its own mark and nothing after the header.
#[test]
fn info_findings_read_as_advice() {
    let project = Project::new();
    project.file("ssotlint.toml", "[rules]\nseverity = { environment-sniffing = \"info\" }\n").file("jobs.py", SNIFF);
    let report = stdout(&project.cmd().output().unwrap());
    assert!(report.starts_with("info[environment-sniffing]\n\n  ☞ deployment environment guessed"), "{report}");
    assert!(report.lines().all(|line| !line.ends_with(' ')), "{report}");
}

/// `ssotlint check` in `project` with only the colour variables in `vars` set.
fn coloured(project: &Project, vars: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = project.cmd();
    cmd.env_remove("NO_COLOR").env_remove("FORCE_COLOR").env_remove("CLICOLOR_FORCE");
    for (name, value) in vars {
        cmd.env(name, value);
    }
    stdout(&cmd.args(args).output().unwrap())
}

/// `FORCE_COLOR` and `CLICOLOR_FORCE` colour output that is not a terminal (a CI log);
/// `NO_COLOR` wins over them under `--color auto`, and `--color never` wins over all.
#[test]
fn force_color_and_clicolor_force_colour_a_pipe_unless_no_color_or_never() {
    let project = Project::new();
    project.file("jobs.py", SNIFF);
    let has_colour = |vars: &[(&str, &str)], args: &[&str]| coloured(&project, vars, args).contains('\u{1b}');
    assert!(!has_colour(&[], &[]), "a pipe gets no colours by default");
    assert!(has_colour(&[("FORCE_COLOR", "1")], &[]));
    assert!(has_colour(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!has_colour(&[("FORCE_COLOR", "0")], &[]));
    assert!(!has_colour(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(!has_colour(&[("FORCE_COLOR", "1")], &["--color", "never"]));
    assert!(has_colour(&[("NO_COLOR", "1")], &["--color", "always"]));
}

/// With colours on, the rule id links to its documentation (OSC 8); with them off, the help
/// names `ssotlint explain` instead.
#[test]
fn rule_ids_link_to_their_documentation_when_colours_are_on() {
    let project = Project::new();
    project.file("jobs.py", SNIFF);
    let url = "https://github.com/ssotlint/ssotlint/blob/main/src/rules/environment_sniffing.rs";
    let linked = coloured(&project, &[("FORCE_COLOR", "1")], &[]);
    let link = format!("[\u{1b}]8;;{url}\u{1b}\\environment-sniffing\u{1b}]8;;\u{1b}\\]");
    assert!(linked.contains(&link), "{linked:?}");
    assert!(!linked.contains("ssotlint explain"), "{linked}");

    let plain = coloured(&project, &[], &[]);
    assert!(!plain.contains("\u{1b}]8;;"), "{plain:?}");
    assert!(plain.contains("\n        for more, run `ssotlint explain environment-sniffing`\n"), "{plain}");
}

/// The concise format closes with ruff's summary line, in the right number, unless `--quiet`.
#[test]
fn concise_output_ends_with_a_summary_line() {
    let project = Project::owned();
    let last_line = |args: &[&str]| {
        let output = project.cmd().args(["check", "--format", "concise"]).args(args).output().unwrap();
        stdout(&output).lines().last().unwrap_or_default().to_owned()
    };
    project.file("app.py", "x = 1\n");
    assert_eq!(last_line(&[]), "All checks passed!");
    project.file("jobs.py", SNIFF);
    assert_eq!(last_line(&[]), "Found 1 error.");
    project.file(
        "app.py",
        "import os\nhost = os.getenv('POSTGRES_HOST')\nNEEDED = ['DATABASE_URL', 'POSTGRES_HOST', 'POSTGRES_USER']\n",
    );
    assert_eq!(last_line(&[]), "Found 2 errors and 1 warning.");
    assert!(last_line(&["--quiet"]).starts_with("jobs.py:3:"), "no summary line under --quiet");
}
