//! `ssotlint rules`: every rule with its default severity, concern and summary.

use super::Status;
use crate::report::catalog;
use crate::rules::Registry;

pub fn run() -> Status {
    match catalog::write_table(&Registry::builtin(), &mut std::io::stdout().lock()) {
        Ok(()) => Status::Clean,
        Err(_) => Status::Failed,
    }
}
