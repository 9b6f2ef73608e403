//! A provider's chain as a tree (`ssotlint trace`): what it returns, what it forwards to and
//! where each branch ends, so a reviewer can settle "does this delegate or compete?" in one
//! command. The same verdicts `competing-source` reports from.

use super::{ProviderId, Repository, Verdict};
use crate::analysis::facts::Site;
use crate::support::paths::Rebase;

/// One line of the tree and what hangs below it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// What happens at this link (`forwards to \`X\``, `returns \`DATABASE_URL\` read from
    /// the environment`).
    pub text: String,
    /// Where, as the output shows paths (`app/db.py:5`).
    pub at: String,
    /// Where the provider a forward goes to is defined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defined_at: Option<String>,
    /// What the link amounts to, when it settles the question (`competes`, `an entry point`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
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
    Step {
        text: format!("`{}`", provider.symbol),
        at: at(&provider.site, rebase),
        defined_at: None,
        verdict: Some(if provider.field { "holds the value, does not produce it" } else { kind(verdict) }),
        children: links(repo, verdict, rebase, depth),
    }
}

fn links(repo: &Repository<'_>, verdict: &Verdict, rebase: &Rebase, depth: usize) -> Vec<Step> {
    let leaf = |text: String, site: &Site, verdict: &'static str| Step {
        text,
        at: at(site, rebase),
        defined_at: None,
        verdict: Some(verdict),
        children: Vec::new(),
    };
    let mut steps: Vec<Step> =
        verdict.evidence.iter().map(|(derivation, site)| leaf(derivation.describe(), site, "competes")).collect();
    for forward in &verdict.forwards {
        steps.push(forward_step(repo, forward.target, &forward.call, rebase, depth));
    }
    match (&verdict.delegates, verdict.delegates_through) {
        (Some((_, site)), Some(through)) => steps.push(forward_step(repo, through, site, rebase, depth)),
        (Some((path, site)), None) => {
            let verb = if verdict.competes() { "falls back to" } else { "gets it from" };
            steps.push(leaf(format!("{verb} `{path}`"), site, "an entry point"));
        }
        (None, _) => {}
    }
    for unresolved in &verdict.unresolved {
        let why = if unresolved.candidates == 0 {
            "could not follow: not defined in the project"
        } else {
            "could not follow: defined more than once"
        };
        steps.push(leaf(format!("calls `{}`", unresolved.path), &unresolved.site, why));
    }
    steps
}

/// A call of another provider of the project, with that provider's own links below it.
fn forward_step(repo: &Repository<'_>, target: ProviderId, call: &Site, rebase: &Rebase, depth: usize) -> Step {
    let (_, provider) = repo.provider(target);
    let verdict = repo.verdict(target);
    Step {
        text: format!("forwards to `{}`", provider.symbol),
        at: at(call, rebase),
        defined_at: Some(at(&provider.site, rebase)),
        verdict: Some(kind(verdict)),
        children: if depth < MAX_DEPTH { links(repo, verdict, rebase, depth + 1) } else { Vec::new() },
    }
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
