//! What `ssotlint init` proposes, from a run over the repository with the defaults: for
//! each language, the file with the most evidence of owning the database URL (providers
//! defined there, governed variables read, URLs built) and the file that configures the
//! most pools — each with the reason it was chosen.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::engine::Outcome;
use crate::rules::CONNECTION_POOL;
use crate::semantics::DATABASE_URL;

/// A proposed owner and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: String,
    pub reason: String,
    /// Entry points the owner defines (top-level functions and classes).
    pub entry_points: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub database_url: Vec<Candidate>,
    pub connection_pool: Vec<Candidate>,
}

/// Evidence per file: (providers, direct reads, hand-built URLs, pool choices, entry points).
#[derive(Default)]
struct Evidence {
    providers: usize,
    reads: usize,
    built: usize,
    pools: BTreeMap<String, usize>,
    entry_points: Vec<String>,
}

impl Proposal {
    pub fn from_outcome(outcome: &Outcome) -> Proposal {
        let mut files: BTreeMap<&str, Evidence> = BTreeMap::new();
        for facts in &outcome.facts {
            let evidence = files.entry(&facts.path).or_default();
            for provider in &facts.providers {
                evidence.providers += 1;
                let entry = provider.symbol.split('.').next().unwrap_or(&provider.symbol).to_owned();
                if !evidence.entry_points.contains(&entry) {
                    evidence.entry_points.push(entry);
                }
            }
            for pool in &facts.pools {
                *evidence.pools.entry(pool.strategy.clone()).or_default() += 1;
            }
        }
        for finding in &outcome.findings {
            let evidence = files.entry(&finding.path).or_default();
            match (&*finding.rule, finding.concern.as_deref()) {
                ("direct-env-read", Some(DATABASE_URL)) => evidence.reads += 1,
                ("manual-url-parsing", _) => evidence.built += 1,
                _ => {}
            }
        }
        let mut proposal = Proposal::default();
        for extension in [".py", ".rs"] {
            let in_language = || files.iter().filter(|(path, _)| path.ends_with(extension));
            let url_owner = in_language()
                .map(|(path, e)| (e.providers * 3 + e.reads + e.built, *path, e))
                .filter(|(score, _, e)| *score > 0 && e.reads + e.providers > 0)
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(a.1)));
            if let Some((_, path, e)) = url_owner {
                let reason = format!(
                    "{} provider{} of the database URL, {} direct read{} of its variables, {} hand-built URL{}",
                    e.providers,
                    plural(e.providers),
                    e.reads,
                    plural(e.reads),
                    e.built,
                    plural(e.built)
                );
                proposal.database_url.push(Candidate {
                    path: path.to_owned(),
                    reason,
                    entry_points: e.entry_points.clone(),
                });
            }
            // Pool configuration usually sits next to the URL's owner (`shared/db/engine.py`
            // beside `shared/database_url_builder.py`): being there counts as two choices.
            let url_dir =
                proposal.database_url.last().filter(|c| c.path.ends_with(extension)).map(|c| parent_dir(&c.path));
            let near = |path: &str| url_dir.as_deref().is_some_and(|dir| path.starts_with(dir));
            let pool_owner = in_language()
                .map(|(path, e)| (e.pools.values().sum::<usize>(), *path, e))
                .filter(|(count, _, _)| *count > 0)
                .max_by_key(|(count, path, _)| (count + 2 * usize::from(near(path)), std::cmp::Reverse(*path)));
            if let Some((count, path, e)) = pool_owner {
                let strategies: Vec<String> = e.pools.keys().map(|s| format!("`{s}`")).collect();
                let beside = if near(path) { ", next to the database URL's owner" } else { "" };
                let reason = format!("{count} pool choice{} ({}){beside}", plural(count), strategies.join(", "));
                proposal.connection_pool.push(Candidate { path: path.to_owned(), reason, entry_points: Vec::new() });
            }
        }
        proposal
    }

    /// A commented starter `ssotlint.toml`.
    pub fn to_toml(&self) -> String {
        let mut text = String::from(
            "# ssotlint configuration, written by `ssotlint init`.\n\
             # Every key is explained in the README; `ssotlint rules` lists the rules.\n\n\
             # Paths not to check, on top of .gitignore and the defaults (.venv, target, node_modules, ...).\n\
             exclude = []\n\n\
             # Test files and #[cfg(test)] code are skipped; \"check\" includes them.\n\
             test-code = \"skip\"\n",
        );
        section(&mut text, DATABASE_URL, &self.database_url, true);
        section(&mut text, CONNECTION_POOL, &self.connection_pool, false);
        text.push_str("\n[rules]\nselect = [\"ALL\"]\nignore = []\n");
        text
    }
}

fn section(text: &mut String, concern: &str, candidates: &[Candidate], entry_points: bool) {
    let _ = writeln!(text, "\n[concerns.{concern}]");
    if candidates.is_empty() {
        let _ = writeln!(text, "# No candidate found: list the module that should own `{concern}`.\nowners = []");
        return;
    }
    for candidate in candidates {
        let _ = writeln!(text, "# Proposed: `{}` has {}.", candidate.path, candidate.reason);
    }
    let owners: Vec<String> = candidates.iter().map(|c| format!("\"{}\"", c.path)).collect();
    let _ = writeln!(text, "owners = [{}]", owners.join(", "));
    if entry_points {
        let names: Vec<String> = candidates.iter().flat_map(|c| &c.entry_points).map(|e| format!("\"{e}\"")).collect();
        let _ = writeln!(text, "# The names the rest of the code should call to get the value.");
        let _ = writeln!(text, "entry-points = [{}]", names.join(", "));
    }
}

/// The directory of a path with its trailing `/` (`shared/` of `shared/database_url_builder.py`),
/// or a path no file has, for a file at the root (nothing counts as next to it).
fn parent_dir(path: &str) -> String {
    path.rsplit_once('/').map(|(dir, _)| format!("{dir}/")).unwrap_or_else(|| "\0".to_owned())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
