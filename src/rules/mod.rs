//! Rules: one file each, holding its documentation, metadata and check.
//!
//! A rule says which node kinds it needs; the engine hands it only those, with a
//! [`Context`] that knows the file, the enclosing scope, the concerns and their owners.
//! Adding a rule: write `rules/<id>.rs`, add one line to [`BUILTIN`], add
//! `fixtures/rules/<id>/` (see CONTRIBUTING.md).

mod ad_hoc_pool;
mod competing_source;
mod concern_sources_grew;
mod direct_env_read;
mod environment_sniffing;
mod hardcoded_env_list;
mod inconsistent_pool;
mod manual_url_parsing;
mod oversized_initializer;
mod packs;
mod parse_error;
mod suppression_without_reason;
pub mod triggers;
mod unowned_concern;
mod unused_suppression;

use std::borrow::Cow;
use std::sync::Arc;

use crate::concern::Concern;
use crate::config::Settings;
use crate::finding::{Finding, Severity, Site};
use crate::model::{Node, NodeKind, Scope};
use crate::prefilter::Trigger;
use crate::repo::Repository;
use crate::semantics::Semantics;
use crate::source::{Lang, SourceFile, Span};

pub use ad_hoc_pool::CONNECTION_POOL;
pub use concern_sources_grew::CONCERN_SOURCES_GREW;
pub use packs::{PackFile, PackRule};
pub use parse_error::PARSE_ERROR;
pub use suppression_without_reason::SUPPRESSION_WITHOUT_REASON;
pub use unused_suppression::UNUSED_SUPPRESSION;

/// Everything the product says about a rule, in one place: `ssotlint rules`, `explain`,
/// SARIF and the help text all read it.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: Cow<'static, str>,
    /// Whether the rule accuses code for touching a concern outside its owners. Such a rule
    /// reports a site only when the concern has owners; without them its sites go to the
    /// concern's inventory and `unowned-concern` speaks for them (SPEC §2).
    pub outside_owners: bool,
    pub severity: Severity,
    /// The concern the rule protects, if it is about one.
    pub concern: Option<Cow<'static, str>>,
    /// One line, lowercase, no trailing period.
    pub summary: Cow<'static, str>,
    /// Markdown with the sections `## What it does`, `## Why is this bad?`, `## Example`
    /// (Python and Rust) and `## Use instead`.
    pub docs: Cow<'static, str>,
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &RuleMeta;

    /// The node kinds `check` wants; a rule with none runs elsewhere (parse errors).
    fn kinds(&self) -> &[NodeKind] {
        &[]
    }

    /// The literals a file of `lang` must contain for `check` to report in it (see
    /// `prefilter`). A rule without node kinds needs no parse of its own.
    fn triggers(&self, _settings: &Settings, _lang: Lang) -> Trigger {
        if self.kinds().is_empty() { Trigger::Never } else { Trigger::Always }
    }

    fn check(&self, _node: Node<'_>, _cx: &mut Context<'_>) {}

    /// The repository-wide part, run once after every file's facts are merged.
    fn check_repo(&self, _repo: &Repository<'_>, _cx: &mut RepoContext<'_>) {}
}

/// The built-in rules, in the order `ssotlint rules` lists them.
pub static BUILTIN: &[&dyn Rule] = &[
    &direct_env_read::DirectEnvRead,
    &manual_url_parsing::ManualUrlParsing,
    &environment_sniffing::EnvironmentSniffing,
    &competing_source::CompetingSource,
    &ad_hoc_pool::AdHocPool,
    &inconsistent_pool::InconsistentPool,
    &oversized_initializer::OversizedInitializer,
    &hardcoded_env_list::HardcodedEnvList,
    &unowned_concern::UnownedConcern,
    &parse_error::ParseError,
    &suppression_without_reason::SuppressionWithoutReason,
    &unused_suppression::UnusedSuppression,
    &concern_sources_grew::ConcernSourcesGrew,
];

/// Where the built-in rules' documentation is published: each rule's file, which opens with
/// the text `ssotlint explain` prints. The one place that knows the address.
const DOCS_URL: &str = "https://github.com/ssotlint/ssotlint/blob/main/src/rules/";

/// The documentation page of a built-in rule; rule-pack rules have none (`explain` shows
/// them).
pub fn docs_url(id: &str) -> Option<String> {
    let builtin = BUILTIN.iter().any(|rule| rule.meta().id == id);
    builtin.then(|| format!("{DOCS_URL}{}.rs", id.replace('-', "_")))
}

/// The rules of one run: the built-ins plus rules from user rule packs.
#[derive(Clone)]
pub struct Registry {
    rules: Vec<Arc<dyn Rule>>,
}

impl Default for Registry {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Registry {
    pub fn builtin() -> Self {
        Self::with_packs(Vec::new())
    }

    /// The built-in rules followed by rule-pack rules.
    pub fn with_packs(packs: Vec<PackRule>) -> Self {
        let builtin = BUILTIN.iter().map(|&rule| Arc::new(StaticRule(rule)) as Arc<dyn Rule>);
        let packs = packs.into_iter().map(|rule| Arc::new(rule) as Arc<dyn Rule>);
        Self { rules: builtin.chain(packs).collect() }
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn Rule> {
        self.rules.iter().map(|r| &**r)
    }

    pub fn get(&self, id: &str) -> Option<&dyn Rule> {
        self.iter().find(|r| r.meta().id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|r| &*r.meta().id)
    }
}

/// Lets the `'static` built-ins sit in the same list as owned pack rules.
struct StaticRule(&'static dyn Rule);

impl Rule for StaticRule {
    fn meta(&self) -> &RuleMeta {
        self.0.meta()
    }
    fn kinds(&self) -> &[NodeKind] {
        self.0.kinds()
    }
    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        self.0.triggers(settings, lang)
    }
    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        self.0.check(node, cx)
    }
    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        self.0.check_repo(repo, cx)
    }
}

impl RuleMeta {
    /// Meta rules are about files, suppressions and baselines, not code: no Rust example.
    pub fn kinds_are_meta(&self) -> bool {
        [PARSE_ERROR, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION, CONCERN_SOURCES_GREW].contains(&&*self.id)
    }
}

/// The file a rule is looking at.
#[derive(Debug)]
pub struct FileInfo<'a> {
    pub source: &'a SourceFile,
    pub lang: Lang,
    /// For each concern (in settings order), whether this file is one of its owners.
    pub owns: Vec<bool>,
}

impl FileInfo<'_> {
    pub fn path(&self) -> &Arc<str> {
        &self.source.path
    }

    /// A site in this file, for a finding or a repository-wide fact.
    pub fn site(&self, span: Span) -> Site {
        Site::new(self.source, span)
    }
}

/// What a rule sees while it checks one node, and where it reports.
pub struct Context<'a> {
    pub settings: &'a Settings,
    pub sem: Semantics<'a>,
    pub scope: Scope<'a>,
    pub file: &'a FileInfo<'a>,
    pub(crate) meta: &'a RuleMeta,
    pub(crate) severity: Severity,
    pub(crate) findings: &'a mut Vec<Finding>,
}

impl Context<'_> {
    /// Whether the current file is one of `concern`'s owners.
    pub fn owns(&self, concern: &Concern) -> bool {
        self.sem.concerns.iter().position(|c| std::ptr::eq(c, concern)).is_some_and(|i| self.file.owns[i])
    }

    pub fn lang(&self) -> Lang {
        self.file.lang
    }

    /// Whether the current rule already reported inside `span` in this file (for rules that
    /// report one finding per expression).
    pub fn reported_within(&self, span: Span) -> bool {
        self.findings.iter().any(|f| f.rule == self.meta.id && span.start <= f.span.start && f.span.end <= span.end)
    }

    /// Whether a literal holds no environment or host word (those are `environment-sniffing`'s).
    pub fn env_word_free(&self, literal: &str) -> bool {
        self.sem.env_word(literal).is_none()
    }

    /// Reports a finding of the current rule at `span`; the returned builder takes help, a
    /// concern and labels.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Reported<'_> {
        let site = self.file.site(span);
        let mut finding = Finding::at(self.meta.id.clone(), self.severity, &site, message.into());
        finding.concern = self.meta.concern.as_ref().map(|c| c.to_string());
        self.findings.push(finding);
        Reported { finding: self.findings.last_mut().expect("just pushed"), file: self.file }
    }
}

/// A finding being reported, for adding help and labels.
pub struct Reported<'a> {
    finding: &'a mut Finding,
    file: &'a FileInfo<'a>,
}

impl Reported<'_> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.finding.help = Some(help.into());
        self
    }

    pub fn concern(self, concern: impl Into<String>) -> Self {
        self.finding.concern = Some(concern.into());
        self
    }

    /// What the finding is about (the variable, the strategy), for the concern's inventory.
    pub fn subject(self, subject: impl Into<String>) -> Self {
        self.finding.subject = Some(subject.into());
        self
    }

    /// A secondary label in the same file.
    pub fn label(self, span: Span, message: impl Into<String>) -> Self {
        let site = self.file.site(span);
        self.finding.label_at(&site, message);
        self
    }
}

/// Where a repository-wide check reports.
pub struct RepoContext<'a> {
    pub(crate) meta: &'a RuleMeta,
    pub(crate) severity: Severity,
    /// Whether the user set this rule's severity (a rule's own default may then not apply).
    pub(crate) configured: bool,
    pub(crate) findings: &'a mut Vec<Finding>,
}

impl RepoContext<'_> {
    pub fn report(&mut self, site: &Site, message: impl Into<String>) -> RepoReported<'_> {
        let mut finding = Finding::at(self.meta.id.clone(), self.severity, site, message.into());
        finding.concern = self.meta.concern.as_ref().map(|c| c.to_string());
        self.findings.push(finding);
        RepoReported { finding: self.findings.last_mut().expect("just pushed"), configured: self.configured }
    }
}

/// A repository-wide finding being reported.
pub struct RepoReported<'a> {
    finding: &'a mut Finding,
    configured: bool,
}

impl RepoReported<'_> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.finding.help = Some(help.into());
        self
    }

    pub fn concern(self, concern: impl Into<String>) -> Self {
        self.finding.concern = Some(concern.into());
        self
    }

    /// A secondary label, in this file or another.
    pub fn label(self, site: &Site, message: impl Into<String>) -> Self {
        self.finding.label_at(site, message);
        self
    }

    /// What the finding is about (the provider, the strategy), for the concern's inventory.
    pub fn subject(self, subject: impl Into<String>) -> Self {
        self.finding.subject = Some(subject.into());
        self
    }

    /// Says that the labels, in order, are the steps of a chain from the finding's site
    /// (SARIF shows them as a code flow).
    pub fn chain(self) -> Self {
        self.finding.chain = true;
        self
    }

    /// Uses `severity` unless the user configured one for the rule.
    pub fn default_severity(self, severity: Severity) -> Self {
        if !self.configured {
            self.finding.severity = severity;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_links_to_its_own_file() {
        for rule in BUILTIN {
            let id = &*rule.meta().id;
            let url = docs_url(id).unwrap();
            let file = url.strip_prefix(DOCS_URL).unwrap();
            let text = std::fs::read_to_string(format!("{}/src/rules/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            assert!(text.contains(&format!("\"{id}\"")), "{file} is not the file of `{id}`");
        }
        assert_eq!(docs_url("no-such-rule"), None);
    }

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<&str> = BUILTIN.iter().map(|r| &*r.meta().id).collect();
        for id in &ids {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !id.starts_with('-'),
                "{id} is not kebab-case"
            );
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), BUILTIN.len(), "duplicate rule id");
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in BUILTIN {
            let meta = rule.meta();
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
                assert!(meta.docs.contains(section), "{} docs lack `{section}`", meta.id);
            }
            if !meta.kinds_are_meta() {
                assert!(meta.docs.contains("```python"), "{} docs lack a Python example", meta.id);
                assert!(meta.docs.contains("```rust"), "{} docs lack a Rust example", meta.id);
            }
            let summary = &meta.summary;
            assert!(
                summary.chars().next().is_some_and(|c| c.is_lowercase()) && !summary.ends_with('.'),
                "{}: summaries start lowercase and have no trailing period",
                meta.id
            );
        }
    }
}
