//! `--statistics`: counts per rule, per concern and per top-level directory instead of the
//! findings themselves, for a first look at a large repository.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Report;
use crate::plural::count;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let findings = &report.outcome.findings;
    let mut rules: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
    let mut concerns: BTreeMap<&str, usize> = BTreeMap::new();
    let mut directories: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        rules.entry(&f.rule).or_insert((0, f.severity.as_str())).0 += 1;
        *concerns.entry(f.concern.as_deref().unwrap_or("-")).or_default() += 1;
        let top = f.path.split_once('/').map_or(".", |(dir, _)| dir);
        *directories.entry(top).or_default() += 1;
    }
    let mut rule_rows: Vec<(&str, usize, &str)> = rules.into_iter().map(|(id, (n, sev))| (id, n, sev)).collect();
    rule_rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    table(
        out,
        &["COUNT", "RULE", "SEVERITY"],
        rule_rows.iter().map(|(id, n, sev)| [n.to_string(), id.to_string(), sev.to_string()]),
    )?;
    writeln!(out)?;
    table(out, &["COUNT", "CONCERN"], by_count(concerns).into_iter().map(|(c, n)| [n.to_string(), c.to_owned()]))?;
    writeln!(out)?;
    table(out, &["COUNT", "DIRECTORY"], by_count(directories).into_iter().map(|(d, n)| [n.to_string(), d.to_owned()]))?;
    writeln!(out)?;
    let scanned = report.outcome.stats.files_scanned;
    writeln!(out, "{} in {} scanned", count(findings.len(), "finding"), count(scanned, "file"))
}

/// Rows sorted by count, largest first, then by name.
fn by_count(map: BTreeMap<&str, usize>) -> Vec<(&str, usize)> {
    let mut rows: Vec<(&str, usize)> = map.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    rows
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
