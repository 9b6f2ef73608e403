//! The rule catalogue as text: the `ssotlint rules` table and `ssotlint explain` pages. Both
//! read the same metadata as SARIF and the help lines, from the rule's own file.

use std::io::{self, Write};

use serde::Serialize;

use crate::finding::Severity;
use crate::rules::{Registry, RuleMeta};

/// One rule in `ssotlint rules --format json` (fields may be added, none removed).
#[derive(Serialize)]
struct RuleEntry<'a> {
    id: &'a str,
    default_severity: Severity,
    /// `null` for rules about no concern (parse errors, suppressions, most rule packs).
    concern: Option<&'a str>,
    summary: &'a str,
    /// Whether the rule reports a site only outside the concern's owners.
    outside_owners: bool,
    /// The Markdown that `ssotlint explain` prints.
    docs: &'a str,
}

/// Every rule as a JSON array, in the order of the table.
pub fn write_json(registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    let entries: Vec<RuleEntry> = registry
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            RuleEntry {
                id: &meta.id,
                default_severity: meta.severity,
                concern: meta.concern.as_deref(),
                summary: &meta.summary,
                outside_owners: meta.outside_owners,
                docs: &meta.docs,
            }
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &entries)?;
    writeln!(out)
}

pub fn write_table(registry: &Registry, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<[String; 4]> = registry
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            [
                meta.id.to_string(),
                meta.severity.to_string(),
                meta.concern.as_deref().unwrap_or("-").to_owned(),
                meta.summary.to_string(),
            ]
        })
        .collect();
    let header = ["RULE", "SEVERITY", "CONCERN", "SUMMARY"].map(str::to_owned);
    let widths: Vec<usize> =
        (0..3).map(|i| rows.iter().chain([&header]).map(|r| r[i].len()).max().unwrap_or(0)).collect();
    for row in std::iter::once(&header).chain(&rows) {
        writeln!(
            out,
            "{:w0$}  {:w1$}  {:w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        )?;
    }
    Ok(())
}

pub fn write_explanation(meta: &RuleMeta, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# {}", meta.id)?;
    writeln!(out)?;
    writeln!(out, "Default severity: {}", meta.severity)?;
    if let Some(concern) = &meta.concern {
        writeln!(out, "Concern: {concern}")?;
    }
    writeln!(out, "Summary: {}", meta.summary)?;
    writeln!(out)?;
    write!(out, "{}", meta.docs)
}
