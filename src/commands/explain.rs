//! `ssotlint explain RULE`: the rule's documentation.

use super::{Status, registry, written};
use crate::cli::ExplainArgs;
use crate::config::UserError;
use crate::output::report::{self, catalog};
use crate::support::words::did_you_mean;

pub fn run(args: &ExplainArgs) -> Status {
    let Some(registry) = registry(&args.catalog) else { return Status::Failed };
    let Some(rule) = registry.get(&args.rule) else {
        let error = UserError::usage(format!("unknown rule `{}`", args.rule));
        let error = match did_you_mean(&args.rule, registry.ids()) {
            Some(close) => error.with_help(format!("did you mean `{close}`?")),
            None => error.with_help("`ssotlint rules` lists every rule"),
        };
        report::print_error(&error);
        return Status::Failed;
    };
    written(catalog::write_explanation(rule.meta(), &mut std::io::stdout().lock()))
}
