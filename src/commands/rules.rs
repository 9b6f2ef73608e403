//! `ssotlint rules`: every rule (built-in and from rule packs) with its default severity,
//! concern and summary.

use super::{Status, registry, written};
use crate::cli::CatalogArgs;
use crate::report::catalog;

pub fn run(args: &CatalogArgs) -> Status {
    let Some(registry) = registry(args) else { return Status::Failed };
    written(catalog::write_table(&registry, &mut std::io::stdout().lock()))
}
