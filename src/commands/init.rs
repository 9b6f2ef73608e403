//! `ssotlint init [DIR]`: writes a commented starter `ssotlint.toml`, proposing owners from
//! the repository's own evidence; never overwrites an existing file without `--force`.

use std::path::PathBuf;

use super::Status;
use crate::cli::InitArgs;
use crate::config::{ConfigError, Settings};
use crate::engine::{self, RunOptions};
use crate::proposal::Proposal;
use crate::report;

pub fn run(args: &InitArgs) -> Status {
    match execute(args) {
        Ok(()) => Status::Clean,
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

fn execute(args: &InitArgs) -> Result<(), ConfigError> {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(ConfigError::plain(format!("`{}` is not a directory", dir.display())));
    }
    let target = dir.join("ssotlint.toml");
    if target.exists() && !args.force {
        return Err(ConfigError::plain(format!("`{}` already exists", target.display()))
            .with_help("pass `--force` to overwrite it"));
    }
    let settings = Settings::defaults(&dir)?;
    let outcome = engine::run(&settings, std::slice::from_ref(&dir), &RunOptions::default());
    let proposal = Proposal::from_outcome(&outcome);
    std::fs::write(&target, proposal.to_toml())
        .map_err(|err| ConfigError::plain(format!("cannot write `{}`: {err}", target.display())))?;
    report::print_note(&format!("wrote {}", target.display()));
    for (concern, candidates) in
        [("database-url", &proposal.database_url), ("connection-pool", &proposal.connection_pool)]
    {
        for candidate in candidates {
            report::print_note(&format!("proposed owner of `{concern}`: {} ({})", candidate.path, candidate.reason));
        }
    }
    report::print_note(
        "review the owners, then run `ssotlint check`; `--write-baseline FILE` accepts today's findings",
    );
    Ok(())
}
