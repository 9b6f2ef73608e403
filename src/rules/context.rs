//! What a rule sees and where it reports: [`Context`] for one node of a file,
//! [`RepoContext`] for the repository-wide pass, [`MetaContext`] for the meta rules, which
//! the engine and the baseline call once what they look at is known.

use super::{Declared, RuleMeta};
use crate::analysis::model::Scope;
use crate::analysis::semantics::Semantics;
use crate::config::Settings;
use crate::config::concern::Concern;
use crate::finding::{Finding, Severity, Site};
use crate::support::source::{Lang, Span};

pub use crate::analysis::facts::FileInfo;

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
        Reported { finding: self.findings.last_mut().expect("just pushed"), at: self.file }
    }
}

/// A finding being reported, for adding help and labels. `At` is what its labels need: the
/// file for a per-file rule's spans, [`Repo`] for a repository-wide rule's sites.
pub struct Reported<'a, At = &'a FileInfo<'a>> {
    finding: &'a mut Finding,
    at: At,
}

impl<At> Reported<'_, At> {
    pub fn help(self, help: impl Into<String>) -> Self {
        self.finding.help = Some(help.into());
        self
    }

    pub fn concern(self, concern: impl Into<String>) -> Self {
        self.finding.concern = Some(concern.into());
        self
    }

    /// What the finding is about (the variable, the provider, the strategy), for the
    /// concern's inventory.
    pub fn subject(self, subject: impl Into<String>) -> Self {
        self.finding.subject = Some(subject.into());
        self
    }
}

impl Reported<'_> {
    /// A secondary label in the same file.
    pub fn label(self, span: Span, message: impl Into<String>) -> Self {
        let site = self.at.site(span);
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
        Reported { finding: self.findings.last_mut().expect("just pushed"), at: Repo { configured: self.configured } }
    }
}

/// What a repository-wide finding's builder knows beyond the finding.
pub struct Repo {
    /// Whether the user set the rule's severity.
    configured: bool,
}

/// A repository-wide finding being reported.
pub type RepoReported<'a> = Reported<'a, Repo>;

impl RepoReported<'_> {
    /// A secondary label, in this file or another.
    pub fn label(self, site: &Site, message: impl Into<String>) -> Self {
        self.finding.label_at(site, message);
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
        if !self.at.configured {
            self.finding.severity = severity;
        }
        self
    }
}

/// Where a meta rule reports: each finding gets the rule's id, the run's severity for it and
/// the rule's concern, and is left out where the rule does not apply.
pub struct MetaContext<'a> {
    settings: &'a Settings,
    meta: &'a RuleMeta,
    pub(crate) findings: Vec<Finding>,
}

impl<'a> MetaContext<'a> {
    pub fn new(settings: &'a Settings, rule: &'a dyn Declared) -> Self {
        Self { settings, meta: rule.meta(), findings: Vec::new() }
    }

    /// Whether the rule runs on the file at `path`: the rest of the run need not prepare
    /// what it would report there.
    pub fn applies(&self, path: &str) -> bool {
        self.settings.rule_applies(&self.meta.id, path)
    }

    /// Reports a finding at `site`, where the rule applies; the returned builder takes help
    /// and a concern.
    pub fn report(&mut self, site: &Site, message: String) -> MetaReported<'_> {
        if !self.applies(&site.path) {
            return MetaReported(None);
        }
        let mut finding = Finding::at(self.meta.id.clone(), self.settings.severity_of(&self.meta.id), site, message);
        finding.concern = self.meta.concern.as_ref().map(|c| c.to_string());
        self.findings.push(finding);
        MetaReported(self.findings.last_mut())
    }

    /// The findings made.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    pub fn settings(&self) -> &'a Settings {
        self.settings
    }
}

/// A meta finding being reported (nothing, where the rule does not apply).
pub struct MetaReported<'a>(Option<&'a mut Finding>);

impl MetaReported<'_> {
    pub fn help(mut self, help: impl Into<String>) -> Self {
        if let Some(finding) = &mut self.0 {
            finding.help = Some(help.into());
        }
        self
    }

    pub fn concern(mut self, concern: impl Into<String>) -> Self {
        if let Some(finding) = &mut self.0 {
            finding.concern = Some(concern.into());
        }
        self
    }
}
