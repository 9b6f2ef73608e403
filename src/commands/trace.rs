//! `ssotlint trace TARGET [PATH]`: one provider's chain as a tree, built from the same
//! repository-wide facts and verdicts `competing-source` reports from.

use std::path::PathBuf;

use super::{Status, written};
use crate::analysis::repo::{Repository, trace};
use crate::cli::{TraceArgs, TraceFormat};
use crate::config::{Overrides, UserError};
use crate::input::projects::{self, Input, Walk};
use crate::output::report;
use crate::run::engine::{self, RunOptions};
use crate::support::paths::Rebase;
use crate::support::words::did_you_mean;

pub fn run(args: &TraceArgs) -> Status {
    match trees(args) {
        Ok(trees) => written(match args.format {
            TraceFormat::Text => report::trace::write_text(&trees, &mut std::io::stdout().lock()),
            TraceFormat::Json => report::trace::write_json(&trees, &mut std::io::stdout().lock()),
        }),
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

/// The tree of every provider `args.target` names, in every project under the path.
fn trees(args: &TraceArgs) -> Result<Vec<trace::Step>, UserError> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let overrides = Overrides { config: args.catalog.config.clone(), ..Overrides::default() };
    let projects = projects::plan(&[Input::Path(path)], &overrides, Walk::default())?;
    let mut trees = Vec::new();
    let mut known: Vec<String> = Vec::new();
    for project in &projects {
        let settings = &project.settings;
        let outcome = engine::check(settings, &project.jobs, Vec::new(), &RunOptions::default());
        let all_files: Vec<_> = project.jobs.iter().map(|job| (job.rel.clone(), job.path.clone())).collect();
        let repo = Repository::new(settings, &outcome.facts, &all_files, Vec::new());
        let rebase = Rebase::to_current_dir(&settings.root);
        trees.extend(trace::find(&repo, &args.target, &rebase).into_iter().map(|id| trace::tree(&repo, id, &rebase)));
        known.extend(repo.provider_ids().map(|(_, _, provider)| provider.symbol.clone()));
    }
    if trees.is_empty() {
        return Err(not_found(&args.target, &known));
    }
    Ok(trees)
}

fn not_found(target: &str, known: &[String]) -> UserError {
    let error = UserError::usage(format!("no provider of a concern's value matches `{target}`"));
    let help = if known.is_empty() {
        "the project has no function that returns a concern's value".to_string()
    } else if let Some(close) = did_you_mean(target, known.iter().map(String::as_str)) {
        format!("did you mean `{close}`?")
    } else {
        let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
        names.sort_unstable();
        names.dedup();
        let shown = names.iter().take(8).map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        let more = if names.len() > 8 { format!(" and {} more", names.len() - 8) } else { String::new() };
        format!("providers in this project: {shown}{more}; a place is given as PATH:LINE")
    };
    error.with_help(help)
}
