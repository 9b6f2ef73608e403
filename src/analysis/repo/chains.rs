//! Provider chains across the project: for each function named like a provider, whether its
//! value comes from an entry point (it delegates), from a governed environment read or a
//! hand-made URL (it competes), or from another provider of the project, followed through
//! calls resolved by name and module path. Cycles are cut; each provider is judged once.

use std::collections::HashMap;

use super::Repository;
use crate::analysis::facts::{FileFacts, Provider, Site};
use crate::analysis::model::last_segment;
use crate::analysis::semantics::Derivation;
use crate::support::source::Lang;

/// A provider, as (file index, provider index) into the repository's facts.
pub type ProviderId = (usize, usize);

/// What a provider's value comes from, as far as the project's code can tell.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// Governed environment reads and hand-made URLs in its own returned values.
    pub evidence: Vec<(Derivation, Site)>,
    /// Calls of other providers of the project whose values compete.
    pub forwards: Vec<Forward>,
    /// The call through which it also reaches an entry point or the owner (a branch that
    /// delegates), if it does.
    pub delegates: Option<(Box<str>, Site)>,
    /// The provider of the project that call reaches, when it delegates through one rather
    /// than calling an entry point itself.
    pub delegates_through: Option<ProviderId>,
    /// Calls named like providers that could not be followed.
    pub unresolved: Vec<Unresolved>,
}

/// A call named like a provider that no definition of the project answers, or several do:
/// said in messages, never guessed.
#[derive(Debug, Clone)]
pub struct Unresolved {
    pub path: Box<str>,
    pub site: Site,
    /// How many definitions of that name the project has (0, or several).
    pub candidates: usize,
}

/// A call from one provider to another whose value competes.
#[derive(Debug, Clone)]
pub struct Forward {
    pub call: Site,
    pub path: Box<str>,
    pub target: ProviderId,
}

impl Verdict {
    /// Whether the provider produces the value without (only) delegating.
    pub fn competes(&self) -> bool {
        !self.evidence.is_empty() || !self.forwards.is_empty()
    }

    /// Whether the function provides the value at all (competing or delegating).
    pub fn provides(&self) -> bool {
        self.competes() || self.delegates.is_some()
    }
}

/// Judges every provider of the project.
pub(super) fn verdicts(repo: &Repository<'_>) -> HashMap<ProviderId, Verdict> {
    let mut by_name: HashMap<(usize, &str), Vec<ProviderId>> = HashMap::new();
    for (fi, file) in repo.files.iter().enumerate() {
        for (pi, provider) in file.providers.iter().enumerate() {
            by_name.entry((provider.concern, provider.name())).or_default().push((fi, pi));
        }
    }
    let mut judge = Judge { repo, by_name, done: HashMap::new(), in_progress: Vec::new() };
    for (fi, file) in repo.files.iter().enumerate() {
        for pi in 0..file.providers.len() {
            judge.verdict((fi, pi));
        }
    }
    judge.done
}

struct Judge<'r, 'a> {
    repo: &'r Repository<'a>,
    by_name: HashMap<(usize, &'a str), Vec<ProviderId>>,
    done: HashMap<ProviderId, Verdict>,
    in_progress: Vec<ProviderId>,
}

impl<'a> Judge<'_, 'a> {
    fn provider(&self, (fi, pi): ProviderId) -> (&'a FileFacts, &'a Provider) {
        let file = &self.repo.files[fi];
        (file, &file.providers[pi])
    }

    fn verdict(&mut self, id: ProviderId) -> Verdict {
        if let Some(done) = self.done.get(&id) {
            return done.clone();
        }
        if self.in_progress.contains(&id) {
            // A cycle: the link back adds nothing.
            return Verdict::default();
        }
        self.in_progress.push(id);
        let (file, provider) = self.provider(id);
        let mut verdict = Verdict { delegates: self.repo.delegation(file, provider), ..Verdict::default() };
        for (derivation, site) in &provider.derivations {
            match derivation {
                Derivation::EnvRead(_) | Derivation::Assembly(_) => {
                    verdict.evidence.push((derivation.clone(), site.clone()))
                }
                Derivation::Call(path) => self.follow(id, path, site, &mut verdict),
            }
        }
        self.in_progress.pop();
        self.done.insert(id, verdict.clone());
        verdict
    }

    /// A returned call: the entry point, another provider of the project, or neither.
    fn follow(&mut self, from: ProviderId, path: &str, site: &Site, verdict: &mut Verdict) {
        let (file, provider) = self.provider(from);
        if self.repo.names_entry_point(file, provider.concern, path) {
            verdict.delegates.get_or_insert_with(|| (path.into(), site.clone()));
            return;
        }
        let concern = &self.repo.settings.concerns[provider.concern];
        let name = last_segment(path);
        if !concern.is_provider_name(name) {
            return;
        }
        let targets = self.resolve(from, path);
        let unresolved = Unresolved { path: path.into(), site: site.clone(), candidates: targets.len() };
        match targets.as_slice() {
            [] => verdict.unresolved.push(unresolved),
            [target] => {
                let target = *target;
                let theirs = self.verdict(target);
                if theirs.competes() {
                    verdict.forwards.push(Forward { call: site.clone(), path: path.into(), target });
                }
                if !theirs.competes() && theirs.delegates.is_some() && verdict.delegates.is_none() {
                    verdict.delegates = Some((path.into(), site.clone()));
                    verdict.delegates_through = Some(target);
                }
            }
            _ => verdict.unresolved.push(unresolved),
        }
    }

    /// The definitions a call can reach: in the same file for `self.x()`, `Self::x()` and bare
    /// names; else the ones in a module the path names; else the only one of that name.
    fn resolve(&self, from: ProviderId, path: &str) -> Vec<ProviderId> {
        let (file, provider) = self.provider(from);
        let name = last_segment(path);
        let Some(candidates) = self.by_name.get(&(provider.concern, name)) else { return Vec::new() };
        let others: Vec<ProviderId> = candidates.iter().copied().filter(|c| *c != from).collect();
        let same_file: Vec<ProviderId> = others.iter().copied().filter(|(fi, _)| *fi == from.0).collect();
        let qualifier = path[..path.len() - name.len()].trim_end_matches(['.', ':']);
        let local = qualifier.is_empty() || ["self", "cls", "Self", "self::", "super"].contains(&qualifier);
        if local || !same_file.is_empty() {
            return same_file;
        }
        let in_module: Vec<ProviderId> = others
            .iter()
            .copied()
            .filter(|(fi, _)| {
                self.repo.module_names(&self.repo.files[*fi]).iter().any(|m| module_matches(m, qualifier, file.lang))
            })
            .collect();
        if !in_module.is_empty() {
            return in_module;
        }
        others
    }
}

/// Whether a module path (`app.core.config`, `dbconf::pool`) is what `qualifier` names, or
/// ends it (`crate::config` for `dbconf::config`).
fn module_matches(module: &str, qualifier: &str, lang: Lang) -> bool {
    let separator = if lang == Lang::Rust { "::" } else { "." };
    let qualifier = qualifier.strip_prefix("crate::").unwrap_or(qualifier);
    module == qualifier || module.ends_with(&format!("{separator}{qualifier}"))
}
