//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! finding, shown inline on the pull request's diff.

use std::io::{self, Write};

use super::Report;
use crate::finding::Severity;

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    for f in &report.outcome.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (start, end) = (f.location.start, f.location.end);
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&f.path),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&f.rule),
            data(&message)
        )?;
    }
    for error in &report.outcome.errors {
        writeln!(out, "::warning file={},title=ssotlint::{}", property(&error.path), data(&error.message))?;
    }
    Ok(())
}

/// Escapes a message for a workflow command.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value, which may not contain `:` or `,` either.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_workflow_commands_reserve() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
