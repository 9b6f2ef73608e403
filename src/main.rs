//! The `ssotlint` binary: parses arguments, runs a command, and maps the result to the exit
//! code (0 clean, 1 findings at or above `--fail-on`, 2 usage, configuration or internal
//! error). This is the only place that decides the exit code.

use std::process::ExitCode;

use clap::Parser;
use ssotlint::cli::{Cli, Command};
use ssotlint::commands::{self, Status};

/// syn and ruff's parser allocate a node at a time; mimalloc takes a fifth off a run with
/// two threads compared with the system allocator (see bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ssotlint::run::engine::isolation::install_panic_hook();
    let args = match ssotlint::cli::command_first(std::env::args_os().collect()) {
        Ok(args) => args,
        Err(error) => {
            ssotlint::output::report::print_error(&error);
            return ExitCode::from(2);
        }
    };
    let cli = Cli::parse_from(args);
    let status = match cli.command {
        Some(Command::Check(args)) => commands::check::run(&args),
        None => commands::check::run(&cli.check),
        Some(Command::Rules(args)) => commands::rules::run(&args),
        Some(Command::Explain(args)) => commands::explain::run(&args),
        Some(Command::Trace(args)) => commands::trace::run(&args),
        Some(Command::Graph(args)) => commands::graph::run(&args),
        Some(Command::Init(args)) => commands::init::run(&args),
        Some(Command::Server) => commands::server::run(),
        Some(Command::Completions(args)) => commands::shell::completions(&args),
        Some(Command::Manpage(args)) => commands::shell::manpage(&args),
    };
    match status {
        Status::Clean => ExitCode::SUCCESS,
        Status::Findings => ExitCode::from(1),
        Status::Failed => ExitCode::from(2),
        // The reader closed standard output early (`ssotlint check | head -1`): it has what it
        // wanted. End quietly with 0, as ruff and ripgrep do (both turn a broken pipe anywhere
        // in an error into exit code 0 in their `main`), the Unix convention of a filter that
        // is told to stop: not 2, nothing went wrong, and under `set -o pipefail` a non-zero
        // status would fail `ssotlint rules | head`. The price: a truncated `check` does not
        // carry the verdict (1 for findings), so a gate must read the whole report.
        Status::OutputClosed => ExitCode::SUCCESS,
    }
}
