//! The JSON format (SPEC §7, `schema_version` 1). Fields may be added; none are removed or
//! renamed without a version bump. Output is byte-identical for any thread count apart from
//! `elapsed_ms`, which is 0 under `--no-timing`.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::Report;
use crate::finding::{FileError, Finding, Location, Severity};
use crate::support::source::Position;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    schema_version: u32,
    tool: Tool,
    summary: Summary<'a>,
    findings: Vec<JsonFinding<'a>>,
    errors: &'a [FileError],
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    files_scanned: usize,
    files_parsed: usize,
    findings: usize,
    by_rule: BTreeMap<&'a str, usize>,
    by_severity: BySeverity,
    suppressed: usize,
    baseline_matched: usize,
    /// Baseline entries that no finding matched any more.
    baseline_stale: usize,
    parse_errors: usize,
    test_files_skipped: usize,
    elapsed_ms: u128,
    concerns: BTreeMap<&'a str, ConcernSummary<'a>>,
}

#[derive(Serialize)]
struct BySeverity {
    error: usize,
    warning: usize,
    info: usize,
}

#[derive(Serialize)]
struct ConcernSummary<'a> {
    owners: &'a [String],
    entry_points: &'a [String],
    /// The concern's inventory: competing providers, pool choices and, while the concern
    /// has no owner, every site a rule outside the owners would report.
    sources: Vec<SourceEntry<'a>>,
    /// For `connection-pool`: each strategy and where it is chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    strategies: Option<BTreeMap<&'a str, Vec<SiteEntry<'a>>>>,
}

#[derive(Serialize)]
struct SourceEntry<'a> {
    path: &'a str,
    line: u32,
    /// The rule that knows this kind of source.
    rule: &'a str,
    /// The provider, variable, strategy or kind of URL handling, when one name says it.
    #[serde(skip_serializing_if = "Option::is_none")]
    symbol: Option<&'a str>,
    message: &'a str,
}

#[derive(Serialize)]
struct SiteEntry<'a> {
    path: &'a str,
    line: u32,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    concern: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    span: JsonSpan,
    labels: Vec<JsonLabel<'a>>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct JsonSpan {
    start: Position,
    end: Position,
    offset: u32,
    length: u32,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    span: JsonSpan,
    message: &'a str,
}

fn span(location: Location, span: crate::support::source::Span) -> JsonSpan {
    JsonSpan { start: location.start, end: location.end, offset: span.start, length: span.len() }
}

fn finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        severity: f.severity,
        concern: f.concern.as_deref(),
        message: &f.message,
        help: f.help.as_deref(),
        path: &f.path,
        span: span(f.location, f.span),
        labels: f
            .labels
            .iter()
            .map(|l| JsonLabel {
                path: l.path.as_deref().unwrap_or(&f.path),
                span: span(l.location, l.span),
                message: &l.message,
            })
            .collect(),
        fingerprint: &f.fingerprint,
    }
}

pub fn write<'a>(report: &Report<'a>, out: &mut dyn Write) -> io::Result<()> {
    let outcome = report.outcome;
    let mut by_rule = BTreeMap::new();
    for f in &outcome.findings {
        *by_rule.entry(&*f.rule).or_insert(0) += 1;
    }
    let count = |severity| outcome.findings.iter().filter(|f| f.severity == severity).count();
    let concerns = outcome
        .concerns
        .iter()
        .map(|c| {
            let sources = outcome
                .inventory
                .of(&c.name)
                .map(|s| SourceEntry {
                    path: &s.site.path,
                    line: s.site.location.start.line,
                    rule: &s.rule,
                    symbol: s.subject.as_deref(),
                    message: &s.message,
                })
                .collect();
            let strategies = c.strategies.as_ref().map(|strategies| {
                let site = |s: &'a crate::finding::Site| SiteEntry { path: &s.path, line: s.location.start.line };
                strategies.iter().map(|(name, sites)| (name.as_str(), sites.iter().map(site).collect())).collect()
            });
            (c.name.as_str(), ConcernSummary { owners: &c.owners, entry_points: &c.entry_points, sources, strategies })
        })
        .collect();
    let document = Document {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION") },
        summary: Summary {
            files_scanned: outcome.stats.files_scanned,
            files_parsed: outcome.stats.files_parsed,
            findings: outcome.findings.len(),
            by_rule,
            by_severity: BySeverity {
                error: count(Severity::Error),
                warning: count(Severity::Warning),
                info: count(Severity::Info),
            },
            suppressed: outcome.suppressed.len(),
            baseline_matched: outcome.baseline.map_or(0, |b| b.matched),
            baseline_stale: outcome.baseline.map_or(0, |b| b.stale),
            parse_errors: outcome.parse_errors(),
            test_files_skipped: outcome.stats.test_files_skipped,
            // 0 rather than absent without timing: schema_version 1 promises the field.
            elapsed_ms: outcome.stats.elapsed.map_or(0, |elapsed| elapsed.as_millis()),
            concerns,
        },
        findings: outcome.findings.iter().map(finding).collect(),
        errors: &outcome.errors,
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
