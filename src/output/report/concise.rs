//! `path:line:column: severity[rule-id] message`, one finding per line; files that could
//! not be read follow as `path: error[kind] message`; then, unless `--quiet`, one closing
//! line as ruff writes it: `Found 3 errors and 1 warning.` or `All checks passed!`.

use std::io::{self, Write};

use super::Report;
use crate::finding::{ErrorKind, Severity};
use crate::support::plural::count;

pub fn write(report: &Report<'_>, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.outcome.findings {
        let start = f.location.start;
        writeln!(out, "{}:{}:{}: {}[{}] {}", f.path, start.line, start.column, f.severity, f.rule, f.message)?;
    }
    // Syntax errors are already findings (`parse-error`).
    let unchecked: Vec<_> = report.outcome.errors.iter().filter(|e| e.kind != ErrorKind::ParseError).collect();
    for error in &unchecked {
        let kind = serde_json::to_value(error.kind).ok();
        let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("error");
        writeln!(out, "{}: error[{kind}] {}", error.path, error.message)?;
    }
    if !quiet {
        writeln!(out, "{}", summary(report, unchecked.len()))?;
    }
    Ok(())
}

/// The closing line: the findings by severity, most severe first, and the files that could
/// not be checked (a run that skipped a file has not passed every check).
fn summary(report: &Report<'_>, unchecked: usize) -> String {
    let findings = &report.outcome.findings;
    let counts: Vec<String> = Severity::ALL
        .iter()
        .map(|&severity| (severity, findings.iter().filter(|f| f.severity == severity).count()))
        .filter(|&(_, n)| n > 0)
        .map(|(severity, n)| count(n, severity.as_str()))
        .collect();
    let not_checked = count(unchecked, "file");
    match (counts.as_slice(), unchecked) {
        ([], 0) => "All checks passed!".to_owned(),
        ([], _) => format!("No findings, but {not_checked} could not be checked."),
        (_, 0) => format!("Found {}.", and_list(&counts)),
        (_, _) => format!("Found {}; {not_checked} could not be checked.", and_list(&counts)),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
