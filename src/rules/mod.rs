//! Rules: one file each, holding its declaration (`declare_rule!`: id, kind, severity,
//! concern, documentation) and its check.
//!
//! A code rule says which node kinds it needs; the engine hands it only those, with a
//! [`Context`] that knows the file, the enclosing scope, the concerns and their owners.
//! Adding a rule: write `src/rules/<rule_id>.rs`, add one line to [`BUILTIN`], add
//! `fixtures/rules/<rule-id>/` (see CONTRIBUTING.md, "Adding a rule").

mod ad_hoc_pool;
mod competing_source;
mod concern_sources_grew;
mod context;
pub(crate) mod declare;
mod direct_env_read;
mod environment_sniffing;
mod hardcoded_credentials;
mod hardcoded_env_list;
mod inconsistent_pool;
mod manual_url_parsing;
mod oversized_initializer;
mod packs;
mod parse_error;
mod registry;
mod suppression_without_reason;
mod unowned_concern;
mod unused_suppression;

use std::borrow::Cow;

use crate::analysis::model::{Node, NodeKind};
use crate::analysis::repo::Repository;
use crate::config::Settings;
use crate::finding::Severity;
use crate::input::prefilter::{RuleIndex, Trigger};
use crate::support::source::Lang;
use declare::declare_rule;

pub use ad_hoc_pool::CONNECTION_POOL;
pub use concern_sources_grew::{CONCERN_SOURCES_GREW, ConcernSourcesGrew, Growth};
pub use context::{Context, FileInfo, MetaContext, MetaReported, RepoContext, RepoReported, Reported};
pub use packs::{PackFile, PackRule};
pub use parse_error::{PARSE_ERROR, ParseError, ParseProblem};
pub use registry::Registry;
pub use suppression_without_reason::{SUPPRESSION_WITHOUT_REASON, SuppressionWithoutReason};
pub use unused_suppression::{UNUSED_SUPPRESSION, UnusedSuppression, UsedRules};

/// Everything the product says about a rule, in one place: `ssotlint rules`, `explain`,
/// SARIF and the help text all read it.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// Stable kebab-case id.
    pub id: Cow<'static, str>,
    pub kind: RuleKind,
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
    /// (Python and Rust, except for meta rules) and `## Use instead`.
    pub docs: Cow<'static, str>,
}

/// What a rule looks at, which decides how the engine runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Checks the nodes of each file ([`Rule::kinds`], [`Rule::check`]), guarded by its
    /// [`Rule::triggers`]; it may add a repository-wide part.
    Code,
    /// Works from the facts of every file, after all files ([`Rule::check_repo`]).
    Repository,
    /// About files, suppressions and baselines rather than code ([`MetaRule`]): the engine
    /// or the baseline calls it once what it looks at is known. Its docs need no Rust
    /// example, and the demo need not fire it.
    Meta,
}

/// A rule's declaration; `declare_rule!` writes it for the built-in rules.
pub trait Declared {
    fn meta(&self) -> &RuleMeta;
}

pub trait Rule: Declared + Send + Sync {
    /// The node kinds `check` wants; a rule with none runs elsewhere (repository-wide and
    /// meta rules).
    fn kinds(&self) -> &[NodeKind] {
        &[]
    }

    /// The literals a file of `lang` must contain for `check` to report in it (see
    /// `prefilter`), built from the same vocabulary as the check. A rule without node kinds
    /// needs no parse of its own.
    fn triggers(&self, _settings: &Settings, _lang: Lang) -> Trigger {
        if self.kinds().is_empty() { Trigger::Never } else { Trigger::Always }
    }

    fn check(&self, _node: Node<'_>, _cx: &mut Context<'_>) {}

    /// The repository-wide part, run once after every file's facts are merged.
    fn check_repo(&self, _repo: &Repository<'_>, _cx: &mut RepoContext<'_>) {}
}

/// A meta rule's logic: the engine (or the baseline) hands it what it looks at, and it
/// reports through a [`MetaContext`] made for it.
pub trait MetaRule: Declared {
    /// What the rule looks at: a file's parse problem, a suppression, a concern's growth.
    type Input<'i>;

    fn report(&self, input: Self::Input<'_>, cx: &mut MetaContext<'_>);

    /// The findings of this rule about `input` in a run with `settings`.
    fn findings(&self, settings: &Settings, input: Self::Input<'_>) -> Vec<crate::finding::Finding>
    where
        Self: Sized,
    {
        let mut cx = MetaContext::new(settings, self);
        self.report(input, &mut cx);
        cx.into_findings()
    }
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
    &hardcoded_credentials::HardcodedCredentials,
    &unowned_concern::UnownedConcern,
    &ParseError,
    &SuppressionWithoutReason,
    &UnusedSuppression,
    &ConcernSourcesGrew,
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

/// Lets the `'static` built-ins sit in the same list as owned pack rules.
pub(crate) struct StaticRule(pub(crate) &'static dyn Rule);

impl Declared for StaticRule {
    fn meta(&self) -> &RuleMeta {
        self.0.meta()
    }
}

impl Rule for StaticRule {
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

    /// The declared kind says how the engine runs a rule: code rules get nodes (so they
    /// need node kinds and triggers), the others get none.
    #[test]
    fn every_rule_s_kind_matches_what_it_implements() {
        let settings = Settings::defaults(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        for rule in BUILTIN {
            let meta = rule.meta();
            let code = meta.kind == RuleKind::Code;
            assert_eq!(!rule.kinds().is_empty(), code, "{}: node kinds and kind `{:?}` disagree", meta.id, meta.kind);
            for lang in [Lang::Python, Lang::Rust] {
                let never = rule.triggers(&settings, lang) == Trigger::Never;
                assert_eq!(never, !code, "{}: triggers and kind `{:?}` disagree", meta.id, meta.kind);
            }
        }
    }

    #[test]
    fn the_prefilter_gets_one_trigger_per_rule_in_registry_order() {
        let settings = Settings::defaults(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let registry = Registry::for_settings(&settings);
        let triggers = registry.triggers(&settings, Lang::Python);
        let indexed: Vec<usize> = registry.indexed().map(|(index, _)| index.get()).collect();
        assert_eq!(indexed, (0..triggers.len()).collect::<Vec<_>>());
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
            if meta.kind != RuleKind::Meta {
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
