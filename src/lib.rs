//! ssotlint: a linter that enforces a single source of truth for infrastructure
//! configuration (database URLs, connection pools, initialization) in Rust and Python.
//!
//! The pipeline, stage by stage (`commands::check` drives it; `support` serves every stage):
//! 1. `input` lists the files and groups them by project; `config` finds each project's
//!    configuration and resolves it into `Settings`, beside the run's `rules::Registry`.
//! 2. Per file, `input` decides what is worth parsing: the prefilter (which rules can fire),
//!    focus (which items matter), the nesting guard; its lexers also read the suppressions.
//! 3. `lang` parses the file once and lowers it in one walk to the neutral `analysis::model`;
//!    its shared core asks `analysis::semantics` what each value means.
//! 4. `run::engine` hands each node to the `rules` that asked for its kind and keeps the
//!    file's `analysis::facts`; the tree is dropped with the file. Files run in parallel.
//! 5. `analysis::repo` merges every file's facts for the repository-wide rules; suppressions
//!    and `run::baseline` apply, and the findings are sorted once.
//! 6. `output::report` writes them; `main` alone turns the result into the exit code.
//!
//! `server` (the language server) keeps each project in memory instead
//! (`run::engine::resident`): an edit runs steps 2–5 for one file and the repository-wide
//! pass again.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod config;
pub mod finding;
pub mod input;
pub mod lang;
pub mod output;
pub mod rules;
pub mod run;
pub mod server;
pub mod support;
