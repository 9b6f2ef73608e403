//! `--statistics`: counts per rule, per concern and per top-level directory instead of the
//! findings themselves, for a first look at a large repository. A table, or with
//! `--format json` a document for scripts (its shape is in the README).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{Format, Report};
use crate::finding::Severity;
use crate::support::plural::count;

/// The counts, each list largest first and then by name: the order of both formats.
#[derive(Serialize)]
struct Statistics<'a> {
    schema_version: u32,
    findings: usize,
    files_scanned: usize,
    rules: Vec<RuleCount<'a>>,
    concerns: Vec<ConcernCount<'a>>,
    directories: Vec<DirectoryCount<'a>>,
}

#[derive(Serialize)]
struct RuleCount<'a> {
    rule: &'a str,
    severity: Severity,
    count: usize,
}

#[derive(Serialize)]
struct ConcernCount<'a> {
    /// `None` for findings about no concern (parse errors, suppressions).
    concern: Option<&'a str>,
    count: usize,
}

#[derive(Serialize)]
struct DirectoryCount<'a> {
    /// The first component of the finding's path; `.` for files at the top.
    directory: &'a str,
    count: usize,
}

/// Writes the statistics as JSON for `--format json`, else as tables (`--statistics` with
/// SARIF or GitHub annotations is refused before the run).
pub fn write(format: Format, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let statistics = tally(report);
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut *out, &statistics)?;
        return writeln!(out);
    }
    write_tables(&statistics, out)
}

fn tally<'a>(report: &Report<'a>) -> Statistics<'a> {
    let findings = &report.outcome.findings;
    let mut rules: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    let mut concerns: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    let mut directories: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        rules.entry(&f.rule).or_insert((0, f.severity)).0 += 1;
        *concerns.entry(f.concern.as_deref()).or_default() += 1;
        let top = f.path.split_once('/').map_or(".", |(dir, _)| dir);
        *directories.entry(top).or_default() += 1;
    }
    // The maps give name order; a stable sort by count keeps it among equal counts.
    let mut rules: Vec<RuleCount> =
        rules.into_iter().map(|(rule, (count, severity))| RuleCount { rule, severity, count }).collect();
    rules.sort_by_key(|row| std::cmp::Reverse(row.count));
    let mut concerns: Vec<ConcernCount> =
        concerns.into_iter().map(|(concern, count)| ConcernCount { concern, count }).collect();
    concerns.sort_by_key(|row| std::cmp::Reverse(row.count));
    let mut directories: Vec<DirectoryCount> =
        directories.into_iter().map(|(directory, count)| DirectoryCount { directory, count }).collect();
    directories.sort_by_key(|row| std::cmp::Reverse(row.count));
    Statistics {
        schema_version: super::json::SCHEMA_VERSION,
        findings: findings.len(),
        files_scanned: report.outcome.stats.files_scanned,
        rules,
        concerns,
        directories,
    }
}

fn write_tables(statistics: &Statistics<'_>, out: &mut dyn Write) -> io::Result<()> {
    let rules = statistics.rules.iter().map(|r| [r.count.to_string(), r.rule.to_owned(), r.severity.to_string()]);
    table(out, &["COUNT", "RULE", "SEVERITY"], rules)?;
    writeln!(out)?;
    let concerns = statistics.concerns.iter().map(|c| [c.count.to_string(), c.concern.unwrap_or("-").to_owned()]);
    table(out, &["COUNT", "CONCERN"], concerns)?;
    writeln!(out)?;
    let directories = statistics.directories.iter().map(|d| [d.count.to_string(), d.directory.to_owned()]);
    table(out, &["COUNT", "DIRECTORY"], directories)?;
    writeln!(out)?;
    writeln!(out, "{} in {} scanned", count(statistics.findings, "finding"), count(statistics.files_scanned, "file"))
}

fn table<const N: usize>(
    out: &mut dyn Write,
    header: &[&str; N],
    rows: impl Iterator<Item = [String; N]>,
) -> io::Result<()> {
    let rows: Vec<[String; N]> = rows.collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.len());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut text = format!("{:>w$}", cells[0], w = widths[0]);
        for (cell, width) in cells.iter().zip(widths).skip(1) {
            text.push_str(&format!("  {cell:<width$}"));
        }
        text.trim_end().to_owned()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}
