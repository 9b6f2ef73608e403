//! A concern's inventory: the places that touch its raw inputs — competing providers, pool
//! choices and, while the concern has no owner, every site a rule "outside the owners" would
//! accuse (direct reads, hand-made URLs, hard-coded variable lists). Without an owner these
//! are not findings; `unowned-concern` summarises them, `init` proposes an owner from them,
//! the JSON summary lists them and a baseline counts them.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Site};

/// One source of a concern by file and name, as a baseline records it: a provider function,
/// or (for `connection-pool`) a place that chooses a pool.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRecord {
    pub path: String,
    pub name: String,
}

/// One place that touches a concern's raw inputs.
#[derive(Debug, Clone)]
pub struct Source {
    /// The concern's name.
    pub concern: String,
    /// The rule that knows this kind of source (`direct-env-read`, `competing-source`, …).
    pub rule: Cow<'static, str>,
    pub site: Site,
    /// What it is, when one name says it: the variable read, the provider's symbol, the pool
    /// strategy, the kind of URL handling.
    pub subject: Option<String>,
    /// The finding's message, for a reader.
    pub message: String,
}

impl Source {
    /// A name for the source that survives unrelated edits: its subject, or else its rule
    /// and the flagged line's text (for baselines).
    pub fn name(&self) -> String {
        match &self.subject {
            Some(subject) => subject.clone(),
            None => format!("{}@{:016x}", self.rule, self.site.line_hash),
        }
    }

    /// A source from a finding that was not reported because its concern has no owner.
    pub fn of_finding(concern: &str, finding: &Finding) -> Self {
        Self {
            concern: concern.to_owned(),
            rule: finding.rule.clone(),
            site: finding.site(),
            subject: finding.subject.clone(),
            message: finding.message.clone(),
        }
    }
}

/// Every concern's sources, in path order.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    sources: Vec<Source>,
}

impl Inventory {
    pub fn new(mut sources: Vec<Source>) -> Self {
        sources.sort_by(|a, b| {
            let key = |s: &Source| (s.site.path.clone(), s.site.location.start, s.rule.clone());
            (&a.concern, key(a)).cmp(&(&b.concern, key(b)))
        });
        Self { sources }
    }

    /// The sources of one concern, in path order.
    pub fn of<'a>(&'a self, concern: &'a str) -> impl Iterator<Item = &'a Source> + 'a {
        self.sources.iter().filter(move |s| s.concern == concern)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Source> {
        self.sources.iter()
    }

    /// Moves every source's path (see `Outcome::relocate`).
    pub fn relocate(&mut self, relocate: &mut dyn FnMut(&mut Site)) {
        for source in &mut self.sources {
            relocate(&mut source.site);
        }
    }

    /// Adds another project's sources, keeping the order.
    pub fn merge(&mut self, other: Inventory) {
        let mut sources = std::mem::take(&mut self.sources);
        sources.extend(other.sources);
        *self = Inventory::new(sources);
    }
}
