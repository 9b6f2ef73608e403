//! A provider's chain as a tree (`ssotlint trace`): what it returns, what it forwards to and
//! where each branch ends, so a reviewer can settle "does this delegate or compete?" in one
//! command. The same verdicts `competing-source` reports from.

use super::{ProviderId, Repository, Verdict};
use crate::facts::Site;
use crate::paths::Rebase;

/// One line of the tree and what hangs below it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What happens at this link (`forwards to \`X\``, `returns \`DATABASE_URL\` read from
    /// the environment`).
    pub text: String,
    /// Where, as the output shows paths (`app/db.py:5`).
    pub at: String,
    /// What the link amounts to, when it settles the question (`competes`, `an entry point`).
    pub verdict: Option<&'static str>,
    pub children: Vec<Step>,
}

/// How many providers deep a tree follows forwards (chains are acyclic: cycles are cut when
/// verdicts are made; this only bounds the output).
const MAX_DEPTH: usize = 12;

/// The tree of one provider.
pub fn tree(repo: &Repository<'_>, id: ProviderId, rebase: &Rebase) -> Step {
    provider_step(repo, id, rebase, 0)
}

fn provider_step(repo: &Repository<'_>, id: ProviderId, rebase: &Rebase, depth: usize) -> Step {
    let (_, provider) = repo.provider(id);
    let verdict = repo.verdict(id);
    let children = if depth < MAX_DEPTH { links(repo, verdict, rebase, depth) } else { Vec::new() };
    Step {
        text: format!("`{}`", provider.symbol),
        at: at(&provider.site, rebase),
        verdict: Some(kind(verdict)),
        children,
    }
}

fn links(repo: &Repository<'_>, verdict: &Verdict, rebase: &Rebase, depth: usize) -> Vec<Step> {
    let mut steps: Vec<Step> = verdict
        .evidence
        .iter()
        .map(|(derivation, site)| Step {
            text: derivation.describe(),
            at: at(site, rebase),
            verdict: Some("competes"),
            children: Vec::new(),
        })
        .collect();
    for forward in &verdict.forwards {
        let (_, target) = repo.provider(forward.target);
        steps.push(Step {
            text: format!("forwards to `{}`", target.symbol),
            at: at(&forward.call, rebase),
            verdict: None,
            children: vec![provider_step(repo, forward.target, rebase, depth + 1)],
        });
    }
    if let Some((path, site)) = &verdict.delegates {
        let text = format!("falls back to `{path}`");
        let text = if verdict.competes() { text } else { format!("gets it from `{path}`") };
        steps.push(Step { text, at: at(site, rebase), verdict: Some("an entry point"), children: Vec::new() });
    }
    for unresolved in &verdict.unresolved {
        let why = if unresolved.candidates == 0 { "not defined in the project" } else { "several definitions" };
        steps.push(Step {
            text: format!("calls `{}`", unresolved.path),
            at: at(&unresolved.site, rebase),
            verdict: Some(if unresolved.candidates == 0 {
                "could not follow: not defined in the project"
            } else {
                why
            }),
            children: Vec::new(),
        });
    }
    steps
}

/// What a provider amounts to.
fn kind(verdict: &Verdict) -> &'static str {
    match (verdict.competes(), verdict.delegates.is_some()) {
        (true, true) => "competes, then delegates",
        (true, false) => "competes",
        (false, true) => "delegates",
        (false, false) => "provides nothing the project can follow",
    }
}

fn at(site: &Site, rebase: &Rebase) -> String {
    format!("{}:{}", rebase.apply(&site.path), site.location.start.line)
}

/// The providers `target` names: `PATH:LINE` (the provider defined on that line, else the
/// last one defined above it in that file) or a symbol (`get_database_url`,
/// `Settings.database_url`).
pub fn find(repo: &Repository<'_>, target: &str, rebase: &Rebase) -> Vec<ProviderId> {
    if let Some((path, line)) = target.rsplit_once(':').and_then(|(p, l)| Some((p, l.parse::<u32>().ok()?))) {
        let path = path.trim_start_matches("./");
        let in_file: Vec<(ProviderId, u32)> = repo
            .provider_ids()
            .filter(|(_, file, _)| rebase.apply(&file.path) == path)
            .map(|(id, _, p)| (id, p.site.location.start.line))
            .filter(|(_, start)| *start <= line)
            .collect();
        let last = in_file.iter().map(|(_, start)| *start).max();
        return in_file.into_iter().filter(|(_, start)| Some(*start) == last).map(|(id, _)| id).collect();
    }
    repo.provider_ids()
        .filter(|(_, _, p)| p.symbol == target || p.name() == target || p.symbol.ends_with(&format!(".{target}")))
        .map(|(id, _, _)| id)
        .collect()
}
