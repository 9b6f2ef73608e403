//! Baselines (SPEC §6): `--write-baseline FILE` records the current findings and each
//! concern's sources; `--baseline FILE` reports only findings that are not in it, and —
//! the ratchet — reports `concern-sources-grew` when a concern has more sources than
//! recorded, even if every new site is itself in the baseline.
//!
//! The file is versioned JSON, sorted so that it diffs well in review. Findings are matched
//! by fingerprint (rule, path, the flagged line's text, index among identical lines), never
//! by line number: unrelated edits above a finding keep it matched.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::{Settings, UserError, display_name};
use crate::finding::{Finding, Site, sort_and_fingerprint, sort_findings};
use crate::rules::{ConcernSourcesGrew, Growth, MetaRule};
use crate::run::engine::Outcome;

pub use crate::analysis::inventory::SourceRecord;

pub const BASELINE_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub schema_version: u32,
    /// The tool and version that wrote the file, for readers.
    pub tool: String,
    /// Per concern, its sources when the baseline was written.
    pub concerns: BTreeMap<String, ConcernRecord>,
    /// Accepted findings, sorted by path, rule and fingerprint.
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcernRecord {
    pub count: usize,
    pub sources: Vec<SourceRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    /// Where the finding was when the baseline was written; informational only.
    pub line: u32,
    pub message: String,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Copy, Default)]
pub struct BaselineStats {
    /// Findings hidden because the baseline has them.
    pub matched: usize,
    /// Baseline entries no finding matched any more (fixed, or their line changed).
    pub stale: usize,
}

impl BaselineStats {
    pub fn plus(self, other: BaselineStats) -> BaselineStats {
        BaselineStats { matched: self.matched + other.matched, stale: self.stale + other.stale }
    }
}

impl Baseline {
    /// The baseline of a finished run: its findings and every concern's sources.
    pub fn of(outcome: &Outcome) -> Baseline {
        Self::of_project(outcome, None)
    }

    /// The baseline of one project of a run; `key` tells its concerns from other projects'
    /// (see [`concern_key`]).
    pub fn of_project(outcome: &Outcome, key: Option<&str>) -> Baseline {
        let mut findings: Vec<Entry> = outcome
            .findings
            .iter()
            .map(|f| Entry {
                fingerprint: f.fingerprint.clone(),
                rule: f.rule.to_string(),
                path: f.path.to_string(),
                line: f.location.start.line,
                message: f.message.clone(),
            })
            .collect();
        findings.sort_by(|a, b| (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint)));
        let concerns = concern_sources(outcome)
            .into_iter()
            .map(|(name, sources)| {
                let mut records: Vec<SourceRecord> = sources.into_iter().map(|(record, _)| record).collect();
                records.sort();
                (concern_key(key, &name), ConcernRecord { count: records.len(), sources: records })
            })
            .collect();
        Baseline {
            schema_version: BASELINE_VERSION,
            tool: format!("ssotlint {}", env!("CARGO_PKG_VERSION")),
            concerns,
            findings,
        }
    }

    /// Adds another project's baseline.
    pub fn merge(&mut self, other: Baseline) {
        self.concerns.extend(other.concerns);
        self.findings.extend(other.findings);
        self.findings.sort_by(|a, b| (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint)));
    }

    pub fn read(path: &Path) -> Result<Baseline, UserError> {
        let name = display_name(path);
        let text = std::fs::read_to_string(path)
            .map_err(|err| UserError::io(format!("cannot read baseline `{name}`: {err}")))?;
        Self::parse(&name, &text)
    }

    /// A baseline from its text; `name` is the file's name for messages.
    pub fn parse(name: &str, text: &str) -> Result<Baseline, UserError> {
        let baseline: Baseline = serde_json::from_str(text).map_err(|err| {
            let offset = offset_of(text, err.line(), err.column());
            UserError::at(name, text, offset..offset, format!("invalid baseline: {err}"))
                .with_help("write a fresh one with `--write-baseline FILE`")
        })?;
        if baseline.schema_version != BASELINE_VERSION {
            return Err(UserError::config(format!(
                "baseline `{name}` has schema version {}, this ssotlint reads version {BASELINE_VERSION}",
                baseline.schema_version
            ))
            .with_help("write a fresh one with `--write-baseline FILE`"));
        }
        Ok(baseline)
    }

    pub fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    }

    /// Hides the findings the baseline has and adds `concern-sources-grew` findings where a
    /// concern has more sources than recorded.
    pub fn apply(&self, outcome: &mut Outcome, settings: &Settings) -> BaselineStats {
        let mut applying = self.start();
        applying.project(outcome, settings, None);
        applying.finish()
    }

    /// Applies the baseline project by project: an entry matches one finding of any project.
    pub fn start(&self) -> Applying<'_> {
        let mut remaining: BTreeMap<&str, usize> = BTreeMap::new();
        for entry in &self.findings {
            *remaining.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        Applying { baseline: self, remaining, matched: 0 }
    }

    /// What `concern-sources-grew` reports: each concern's sources now against what the
    /// baseline recorded.
    fn ratchet(&self, outcome: &Outcome, settings: &Settings, key: Option<&str>) -> Vec<Finding> {
        let reported: std::collections::HashSet<&str> =
            outcome.facts.iter().filter(|f| f.reported).map(|f| &*f.path).collect();
        let mut findings = Vec::new();
        for (name, sources) in concern_sources(outcome) {
            let recorded = self.concerns.get(&concern_key(key, &name));
            let growth = Growth {
                concern: &name,
                sources: &sources,
                allowed: recorded.map_or(0, |r| r.count),
                known: recorded.map(|r| r.sources.as_slice()).unwrap_or_default(),
                reported: &reported,
            };
            findings.extend(ConcernSourcesGrew.findings(settings, growth));
        }
        findings
    }
}

/// A baseline being applied to the projects of a run, one after the other.
pub struct Applying<'b> {
    baseline: &'b Baseline,
    /// How many findings each fingerprint may still hide.
    remaining: BTreeMap<&'b str, usize>,
    matched: usize,
}

impl Applying<'_> {
    /// Hides one project's findings that the baseline has and adds `concern-sources-grew`
    /// findings where one of its concerns has more sources than recorded.
    pub fn project(&mut self, outcome: &mut Outcome, settings: &Settings, key: Option<&str>) {
        let remaining = &mut self.remaining;
        let mut matched = 0;
        outcome.findings.retain(|finding| match remaining.get_mut(finding.fingerprint.as_str()) {
            Some(count) if *count > 0 => {
                *count -= 1;
                matched += 1;
                false
            }
            _ => true,
        });
        self.matched += matched;
        let mut grew = self.baseline.ratchet(outcome, settings, key);
        sort_and_fingerprint(&mut grew);
        outcome.findings.extend(grew);
        sort_findings(&mut outcome.findings);
    }

    pub fn finish(self) -> BaselineStats {
        BaselineStats { matched: self.matched, stale: self.remaining.values().sum() }
    }
}

/// The key of a concern's record: its name, prefixed by the project's root relative to the
/// baseline's folder when that is another folder (`backend:database-url`), so that two
/// projects of a monorepo are counted apart wherever the run starts.
pub fn concern_key(project: Option<&str>, name: &str) -> String {
    match project {
        Some(project) if !project.is_empty() && project != "." => format!("{project}:{name}"),
        _ => name.to_owned(),
    }
}

/// Every concern's sources, from the run's inventory (see `crate::analysis::inventory`).
fn concern_sources(outcome: &Outcome) -> BTreeMap<String, Vec<(SourceRecord, Site)>> {
    let mut sources: BTreeMap<String, Vec<(SourceRecord, Site)>> = BTreeMap::new();
    for source in outcome.inventory.iter() {
        let record = SourceRecord { path: source.site.path.to_string(), name: source.name() };
        sources.entry(source.concern.clone()).or_default().push((record, source.site.clone()));
    }
    sources
}

/// The byte offset of a 1-based line and column, for pointing at a JSON error.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}
