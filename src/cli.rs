//! The command line (SPEC §5), parsed with clap's derive API after `argv` has put the
//! command first.

mod argv;
pub mod shell;

pub use argv::command_first;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::finding::Severity;
use crate::output::report::color::ColorChoice;
use crate::output::report::{Format, ReportTarget};

#[derive(Debug, Parser)]
#[command(
    name = "ssotlint",
    version,
    about = "Enforce a single source of truth for infrastructure configuration in Rust and Python repositories",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// `ssotlint PATH…` is `ssotlint check PATH…`.
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (the default command).
    Check(Box<CheckArgs>),
    /// List every rule: id, default severity, concern, summary.
    Rules(RulesArgs),
    /// Show a rule's documentation.
    Explain(ExplainArgs),
    /// Show where a provider of a concern's value gets it from, as a tree.
    ///
    /// TARGET is a function or method (`get_database_url`, `Settings.database_url`) or a
    /// place (`app/db.py:12`, the provider defined on or above that line). Each link says
    /// what the provider forwards to and where each branch ends: an entry point of the
    /// owner (delegates), a direct read or a hand assembly (competes), or a call the
    /// project does not define (could not follow).
    Trace(TraceArgs),
    /// Print a picture of each concern: owner and entry points, the files that delegate, the
    /// files that read the environment or build the value by hand, the pool strategies per
    /// service, and the provider chains between files.
    ///
    /// The same graph `--format markdown` embeds; a large repository is folded by service or
    /// top-level directory to about 40 nodes, and the output says what was folded.
    Graph(GraphArgs),
    /// Run the language server on standard input and output.
    ///
    /// Editors start it themselves: diagnostics for unsaved buffers, kept right as other
    /// files change, a code action to suppress a finding with a reason, hover with the
    /// rule's explanation. The README shows the setup for VS Code, Neovim, Helix and Zed.
    Server,
    /// Write a starter ssotlint.toml, proposing owners from what the repository does.
    Init(InitArgs),
    /// Print a shell completion script.
    ///
    /// For example `ssotlint completions bash > ~/.local/share/bash-completion/completions/ssotlint`.
    Completions(CompletionsArgs),
    /// Print the man page (roff), generated like `--help`.
    ///
    /// For example `ssotlint manpage > ~/.local/share/man/man1/ssotlint.1`, or
    /// `ssotlint manpage --dir ~/.local/share/man/man1` for it and one page per command.
    Manpage(ManpageArgs),
}

#[derive(Debug, Args)]
pub struct ManpageArgs {
    /// Write `ssotlint.1` and a page per command (`ssotlint-check.1`, …) to DIR (created if
    /// need be) instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project root to write ssotlint.toml in [default: .]
    pub path: Option<PathBuf>,

    /// Overwrite an existing ssotlint.toml.
    #[arg(long)]
    pub force: bool,

    /// Print the proposed configuration, with its evidence, instead of writing it.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args, Default, Clone)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the output to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write a report in another format, in the same run (repeatable):
    /// `--report json:ssotlint.json --report sarif:ssotlint.sarif`.
    #[arg(long = "report", value_name = "FORMAT:FILE")]
    pub reports: Vec<ReportTarget>,

    /// Use this configuration file for every file, instead of the nearest one above each.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Check the text on standard input as if it were the file PATH (with `-` as the path,
    /// or alone): under that file's configuration, with its project's other files.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Run only these rules (comma-separated ids, or ALL); replaces `[rules] select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Also run these rules (comma-separated ids), on top of what is selected.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub extend_select: Vec<String>,

    /// Do not run these rules (comma-separated ids); adds to `[rules] ignore`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// The same as `--ignore`, as ruff spells it.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub extend_ignore: Vec<String>,

    /// Exit with 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// Exit with 0 even when there are findings (errors in the run still exit with 2).
    #[arg(long)]
    pub exit_zero: bool,

    /// Print counts per rule, concern and top-level directory instead of the findings.
    #[arg(long)]
    pub statistics: bool,

    /// Threads for the walk and the checks; 0 means one per core, and more than 4 per core
    /// or than there are files are not started [default: 0].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Report only findings that are not in this baseline file (and sources beyond it).
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings and each concern's sources in FILE, then report against it.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Apply `exclude` to files named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,

    /// When to use colours (and links on rule ids). `auto`: on a terminal, or when
    /// `FORCE_COLOR`/`CLICOLOR_FORCE` is set (not `0`); a set `NO_COLOR` turns them off.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print only findings: no summary line, nothing on standard error.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,

    /// Parse every file, even those without any word a rule looks for (slower; reports
    /// syntax errors in every file).
    #[arg(long)]
    pub no_prefilter: bool,

    /// Leave the elapsed time out of the output (`elapsed_ms` is 0 in JSON), so that two runs
    /// over the same files give the same bytes; `SSOTLINT_DETERMINISTIC=1` does the same.
    #[arg(long, env = "SSOTLINT_DETERMINISTIC", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_timing: bool,

    /// List the files that would be checked, one per line, and exit.
    #[arg(long)]
    pub show_files: bool,

    /// Print the configuration file, project root and threads used on standard error.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// A function or method name, or PATH:LINE.
    pub target: String,

    /// The project to look in [default: .]
    pub path: Option<PathBuf>,

    /// `text`: a tree; `json`: the same tree as nested objects.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    pub format: TraceFormat,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The project to draw [default: .]
    pub path: Option<PathBuf>,

    /// `mermaid`: a flowchart per concern; `dot`: a Graphviz digraph per concern; `json`:
    /// nodes and edges.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,

    /// Only this concern (`database-url`, `connection-pool`, …).
    #[arg(long, value_name = "NAME")]
    pub concern: Option<String>,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as listed by `ssotlint rules`.
    pub rule: String,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `text`: a table; `json`: an array with each rule's id, default severity, concern,
    /// summary and documentation, for scripts and editors.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    #[command(flatten)]
    pub catalog: CatalogArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ListFormat {
    /// A table (`human` is accepted too, as for `check`).
    #[default]
    #[value(alias = "human")]
    Text,
    Json,
}

/// Where `rules` and `explain` find rule packs.
#[derive(Debug, Args, Default)]
pub struct CatalogArgs {
    /// Use this configuration (and its rule packs) instead of searching from the current directory.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FailOn {
    Error,
    #[default]
    Warning,
    Info,
}

impl FailOn {
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}
