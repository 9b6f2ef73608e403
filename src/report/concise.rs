//! `path:line:column: severity[rule-id] message`, one finding per line; files that could
//! not be read follow as `path: error[kind] message`.

use std::io::{self, Write};

use super::Report;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.outcome.findings {
        let start = f.location.start;
        writeln!(out, "{}:{}:{}: {}[{}] {}", f.path, start.line, start.column, f.severity, f.rule, f.message)?;
    }
    // Syntax errors are already findings (`parse-error`).
    for error in report.outcome.errors.iter().filter(|e| e.kind != crate::finding::ErrorKind::ParseError) {
        let kind = serde_json::to_value(error.kind).ok();
        let kind = kind.as_ref().and_then(|k| k.as_str()).unwrap_or("error");
        writeln!(out, "{}: error[{kind}] {}", error.path, error.message)?;
    }
    Ok(())
}
