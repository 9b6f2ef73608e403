//! `ssotlint server`: the language server (see `crate::server`).

use super::Status;
use crate::output::report;

pub fn run() -> Status {
    match crate::server::run() {
        Ok(()) => Status::Clean,
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}
