//! `ssotlint rules`: every rule (built-in and from rule packs) with its default severity,
//! concern and summary, as a table or as JSON.

use super::{Status, registry, written};
use crate::cli::{ListFormat, RulesArgs};
use crate::output::report::catalog;

pub fn run(args: &RulesArgs) -> Status {
    let Some(registry) = registry(&args.catalog) else { return Status::Failed };
    let out = &mut std::io::stdout().lock();
    written(match args.format {
        ListFormat::Text => catalog::write_table(&registry, out),
        ListFormat::Json => catalog::write_json(&registry, out),
    })
}
