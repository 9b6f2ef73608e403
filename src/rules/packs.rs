//! Rules from rule packs (`rule-packs = [...]`): `env-read`, `banned-call`, `banned-import`
//! and `size-limit`, declared in TOML and run like built-in rules. A pack rule appears in
//! `ssotlint rules`, `explain` and every output format.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;

use super::oversized_initializer::{check_class, check_crates, limits_trigger};
use super::{Context, Declared, RepoContext, Rule, RuleKind, RuleMeta};
use crate::analysis::model::{Node, NodeKind};
use crate::analysis::repo::Repository;
use crate::config::vocab::{PackKind, RawPackRule, SizeLimit};
use crate::config::{Globs, UserError};
use crate::finding::Severity;
use crate::input::prefilter::Trigger;
use crate::support::pattern::{Pattern, PatternSet};
use crate::support::plural::count;

pub struct PackRule {
    meta: RuleMeta,
    owners: Globs,
    message: Option<String>,
    /// The reason and replacement, shown as help.
    help: Option<String>,
    check: PackCheck,
}

enum PackCheck {
    EnvRead(PatternSet),
    BannedCall(Vec<Pattern>),
    BannedImport(Vec<String>),
    SizeLimit(Vec<SizeLimit>),
}

/// The file a pack rule comes from, for errors that point into it.
pub struct PackFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl PackFile<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> UserError {
        UserError::at(self.name, self.text, span, message)
    }
}

impl PackRule {
    /// Checks a raw rule's fields against its kind and compiles it.
    pub fn compile(raw: RawPackRule, file: &PackFile<'_>) -> Result<PackRule, UserError> {
        let id = raw.id.get_ref().clone();
        let id_ok = !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok || id.starts_with('-') {
            return Err(file.error(raw.id.span(), format!("rule id `{id}` is not kebab-case")));
        }
        let kind = *raw.kind.get_ref();
        check_fields(&raw, kind, file)?;
        let owners = match &raw.owners {
            Some(owners) => Globs::new(owners.iter().map(|o| (o.get_ref().as_str(), o.span())))
                .map_err(|(span, message)| file.error(span, message))?,
            None => Globs::default(),
        };
        let list =
            |field: &Option<Spanned<Vec<String>>>| field.as_ref().map(|f| f.get_ref().clone()).unwrap_or_default();
        let check = match kind {
            PackKind::EnvRead => PackCheck::EnvRead(PatternSet::new(list(&raw.variables).iter().map(String::as_str))),
            PackKind::BannedCall => PackCheck::BannedCall(list(&raw.calls).iter().map(|c| Pattern::new(c)).collect()),
            PackKind::BannedImport => PackCheck::BannedImport(list(&raw.modules)),
            PackKind::SizeLimit => {
                let max_lines = raw.max_lines.as_ref().map_or(u32::MAX, |m| *m.get_ref());
                let max_methods = raw.max_methods.as_ref().map_or(u32::MAX, |m| *m.get_ref());
                let limits = list(&raw.types)
                    .iter()
                    .map(|t| SizeLimit { pattern: Pattern::new(t), max_lines, max_methods })
                    .collect();
                PackCheck::SizeLimit(limits)
            }
        };
        let default_severity = if kind == PackKind::SizeLimit { Severity::Warning } else { Severity::Error };
        let summary = raw.summary.clone().or_else(|| raw.message.clone()).unwrap_or_else(|| default_summary(kind));
        let meta = RuleMeta {
            id: Cow::Owned(id),
            kind: RuleKind::Code,
            outside_owners: false,
            severity: raw.severity.unwrap_or(default_severity),
            concern: None,
            summary: Cow::Owned(summary.clone()),
            docs: Cow::Owned(docs(&raw, kind, &summary, file.name)),
        };
        let help = help(raw.reason.as_deref(), raw.replacement.as_deref());
        Ok(PackRule { meta, owners, message: raw.message, help, check })
    }

    /// Type-name patterns this rule limits, for the adapters.
    pub fn sized_types(&self) -> impl Iterator<Item = &str> {
        let limits: &[SizeLimit] = match &self.check {
            PackCheck::SizeLimit(limits) => limits,
            _ => &[],
        };
        limits.iter().map(|l| l.pattern.as_str())
    }

    fn report(&self, cx: &mut Context<'_>, span: crate::support::source::Span, what: String) {
        let message = match &self.message {
            Some(message) => format!("{what}: {message}"),
            None => what,
        };
        let reported = cx.report(span, message);
        if let Some(help) = &self.help {
            reported.help(help.clone());
        }
    }
}

fn default_summary(kind: PackKind) -> String {
    match kind {
        PackKind::EnvRead => "an environment variable is read outside its owners",
        PackKind::BannedCall => "a call that is reserved for its owners",
        PackKind::BannedImport => "an import that is reserved for its owners",
        PackKind::SizeLimit => "a type has grown past its size limits",
    }
    .to_owned()
}

/// A kind-specific field: its name, its span if present, and the kinds it belongs to.
type FieldUse<'a> = (&'a str, Option<Range<usize>>, &'a [PackKind]);

/// Rejects fields that do not belong to `kind` and requires the ones that do.
fn check_fields(raw: &RawPackRule, kind: PackKind, file: &PackFile<'_>) -> Result<(), UserError> {
    let present: [FieldUse<'_>; 6] = [
        ("variables", raw.variables.as_ref().map(Spanned::span), &[PackKind::EnvRead]),
        ("calls", raw.calls.as_ref().map(Spanned::span), &[PackKind::BannedCall]),
        ("modules", raw.modules.as_ref().map(Spanned::span), &[PackKind::BannedImport]),
        ("types", raw.types.as_ref().map(Spanned::span), &[PackKind::SizeLimit]),
        ("max-lines", raw.max_lines.as_ref().map(Spanned::span), &[PackKind::SizeLimit]),
        ("max-methods", raw.max_methods.as_ref().map(Spanned::span), &[PackKind::SizeLimit]),
    ];
    for (field, span, kinds) in &present {
        if let Some(span) = span
            && !kinds.contains(&kind)
        {
            return Err(file.error(span.clone(), format!("`{field}` does not apply to `{}` rules", kind.as_str())));
        }
    }
    let required = match kind {
        PackKind::EnvRead => "variables",
        PackKind::BannedCall => "calls",
        PackKind::BannedImport => "modules",
        PackKind::SizeLimit => "types",
    };
    if present.iter().any(|(field, span, _)| *field == required && span.is_some()) {
        Ok(())
    } else {
        Err(file
            .error(raw.kind.span(), format!("a `{}` rule needs `{required}`", kind.as_str()))
            .with_help(format!("add `{required} = [...]` to the rule")))
    }
}

fn docs(raw: &RawPackRule, kind: PackKind, summary: &str, file: &str) -> String {
    let list = |field: &Option<Spanned<Vec<String>>>| {
        field
            .as_ref()
            .map(|f| f.get_ref().iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    let what = match kind {
        PackKind::EnvRead => format!("Flags reads of {} outside the rule's owners.", list(&raw.variables)),
        PackKind::BannedCall => format!("Flags calls of {} outside the rule's owners.", list(&raw.calls)),
        PackKind::BannedImport => format!("Flags imports of {} outside the rule's owners.", list(&raw.modules)),
        PackKind::SizeLimit => format!(
            "Flags types named like {} with more than {} or {}.",
            list(&raw.types),
            raw.max_lines.as_ref().map_or("any number of lines".into(), |m| count(*m.get_ref() as usize, "line")),
            raw.max_methods.as_ref().map_or("any number of methods".into(), |m| count(*m.get_ref() as usize, "method"))
        ),
    };
    let owners = raw.owners.as_ref().map(|o| o.iter().map(|g| format!("`{}`", g.get_ref())).collect::<Vec<_>>());
    let owners = owners.map_or("none".into(), |o| o.join(", "));
    let why = raw.reason.clone().unwrap_or_else(|| "Declared by this repository's rule pack.".into());
    let instead = raw
        .replacement
        .as_ref()
        .map_or_else(|| format!("Keep this code in the owners ({owners})."), |r| format!("Use `{r}`."));
    format!(
        "## What it does\n{summary}\n\n{what} Owners: {owners}. A `{}` rule from the rule pack `{file}`.\n\n## Why is this bad?\n{why}\n\n## Example\nThis rule comes from a rule pack and has no built-in example.\n\n## Use instead\n{instead}\n",
        kind.as_str()
    )
}

fn help(reason: Option<&str>, replacement: Option<&str>) -> Option<String> {
    match (reason, replacement) {
        (Some(reason), Some(replacement)) => Some(format!("{reason}; use `{replacement}` instead")),
        (Some(reason), None) => Some(reason.to_owned()),
        (None, Some(replacement)) => Some(format!("use `{replacement}` instead")),
        (None, None) => None,
    }
}

impl Declared for PackRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

impl Rule for PackRule {
    fn kinds(&self) -> &[NodeKind] {
        match self.check {
            PackCheck::EnvRead(_) => &[NodeKind::EnvRead],
            PackCheck::BannedCall(_) => &[NodeKind::Call],
            PackCheck::BannedImport(_) => &[NodeKind::Import],
            PackCheck::SizeLimit(_) => &[NodeKind::TypeBlock],
        }
    }

    fn triggers(&self, _settings: &crate::config::Settings, _lang: crate::support::source::Lang) -> Trigger {
        match &self.check {
            PackCheck::EnvRead(vars) => Trigger::pieces(vars.literal_pieces()),
            PackCheck::BannedCall(calls) => Trigger::call_paths(calls.iter().map(Pattern::as_str)),
            PackCheck::BannedImport(modules) => Trigger::call_paths(modules.iter().map(String::as_str)),
            PackCheck::SizeLimit(limits) => limits_trigger(limits),
        }
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        if self.owners.is_match(cx.file.path()) {
            return;
        }
        match (&self.check, node) {
            (PackCheck::EnvRead(vars), Node::EnvRead(read)) if vars.matches(&read.var) => {
                let what = format!("`{}` is read directly from the environment", read.var);
                self.report(cx, read.span, what);
            }
            (PackCheck::BannedCall(patterns), Node::Call(call)) => {
                let Some(path) = call.path() else { return };
                let dotted = format!(".{path}");
                let banned =
                    patterns.iter().any(|p| p.matches(path) || (p.as_str().starts_with("*.") && p.matches(&dotted)));
                if banned {
                    self.report(cx, call.span, format!("`{path}` is banned here"));
                }
            }
            (PackCheck::BannedImport(modules), Node::Import(import)) => {
                let path = &*import.path;
                let banned = modules.iter().any(|m| {
                    path == m
                        || path
                            .strip_prefix(m.as_str())
                            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with("::"))
                });
                if banned {
                    self.report(cx, import.span, format!("import of `{path}` is banned here"));
                }
            }
            (PackCheck::SizeLimit(limits), Node::TypeBlock(block)) => check_class(block, limits, cx),
            _ => {}
        }
    }

    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        if let PackCheck::SizeLimit(limits) = &self.check {
            check_crates(repo, limits, cx, &self.owners);
        }
    }
}
