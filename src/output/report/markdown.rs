//! The markdown format, for `$GITHUB_STEP_SUMMARY` and pull-request comments: counts by rule
//! and severity, the findings as a table with `path#Lline` links (to the commit's files on
//! GitHub when the command knows them, else relative), and a Mermaid picture of each concern
//! (see `graph`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Report;
use super::graph::{self, render};
use crate::finding::{Finding, Severity};
use crate::support::plural::count;

/// More rows than this make a summary nobody scrolls; the rest is counted.
const MAX_ROWS: usize = 200;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let outcome = report.outcome;
    writeln!(out, "## ssotlint\n")?;
    let findings = &outcome.findings;
    let by = |severity| findings.iter().filter(|f| f.severity == severity).count();
    let files = findings.iter().map(|f| &f.path).collect::<std::collections::BTreeSet<_>>().len();
    writeln!(
        out,
        "**{}** ({}, {}, {} info) in {}; {} scanned.\n",
        count(findings.len(), "finding"),
        count(by(Severity::Error), "error"),
        count(by(Severity::Warning), "warning"),
        by(Severity::Info),
        count(files, "file"),
        count(outcome.stats.files_scanned, "file"),
    )?;
    if !outcome.errors.is_empty() {
        writeln!(
            out,
            "{} could not be checked (see the JSON report's `errors`).\n",
            count(outcome.errors.len(), "file")
        )?;
    }
    counts(findings, out)?;
    table(findings, report.file_links, out)?;
    let graphs = graph::graphs(outcome);
    if !graphs.is_empty() {
        writeln!(out, "### Concerns\n")?;
        writeln!(
            out,
            "Red: reads, builds or chooses on its own; green: delegates to the owner; dashed: reads the environment.\n"
        )?;
    }
    for graph in &graphs {
        writeln!(out, "#### `{}`\n", graph.concern)?;
        writeln!(out, "```mermaid")?;
        render::write_mermaid(graph, out)?;
        writeln!(out, "```\n")?;
        if let Some(folded) = &graph.folded {
            writeln!(out, "_{folded}; `ssotlint graph --format json` has every edge._\n")?;
        }
    }
    Ok(())
}

/// One row per rule with findings: its count per severity.
fn counts(findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    let mut rows: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for f in findings {
        let column = match f.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
            Severity::Info => 2,
        };
        rows.entry(&f.rule).or_default()[column] += 1;
    }
    writeln!(out, "| rule | error | warning | info |")?;
    writeln!(out, "| --- | ---: | ---: | ---: |")?;
    for (rule, [e, w, i]) in rows {
        writeln!(out, "| `{rule}` | {e} | {w} | {i} |")?;
    }
    writeln!(out)
}

fn table(findings: &[Finding], file_links: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    if findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "### Findings\n")?;
    writeln!(out, "| severity | rule | where | message |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for f in findings.iter().take(MAX_ROWS) {
        let line = f.location.start.line;
        writeln!(
            out,
            "| {} | `{}` | [{}:{line}]({}{}#L{line}) | {} |",
            f.severity,
            f.rule,
            cell(&f.path),
            file_links.unwrap_or_default(),
            link(&f.path),
            cell(&f.message)
        )?;
    }
    if findings.len() > MAX_ROWS {
        writeln!(out, "\n_and {} more; the JSON report has them all._", findings.len() - MAX_ROWS)?;
    }
    writeln!(out)
}

/// Text in a table cell: `|` would end the cell, a newline the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A path in a link target: spaces and parentheses would end it.
fn link(path: &str) -> String {
    path.replace(' ', "%20").replace('(', "%28").replace(')', "%29")
}
