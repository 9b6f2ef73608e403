//! ssotlint: a linter that enforces a single source of truth for infrastructure
//! configuration (database URLs, connection pools, initialization) in Rust and Python.
//!
//! The pipeline, one file at a time and in parallel:
//! 1. `config` finds and resolves the configuration (the project root, concerns, owners).
//! 2. `discovery` lists the files (`.gitignore`, include/exclude, explicit paths).
//! 3. `engine` reads each file, and `lang` parses it (ruff's parser for Python, syn for
//!    Rust) and lowers the tree to the neutral `model` while walking it once.
//! 4. Each node goes to the `rules` that asked for its kind; `semantics` tells them what
//!    a value means (an env read, a database URL, a host name) using the `vocab` data.
//! 5. Findings get lines, columns and fingerprints; the tree is dropped.
//! 6. The engine sorts all findings once; `report` writes them (human, concise, json).

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
pub mod support;
