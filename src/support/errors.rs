//! The errors a user sees (exit code 2), one kind each: a usage mistake on the command
//! line, a configuration or rule-pack mistake (with its file, line, column, code frame and a
//! "did you mean" where one fits), a file that cannot be read or written, an internal error.
//! Problems with one checked file are not these: they are `errors` entries of the report.

use std::fmt;
use std::ops::Range;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::support::source::LineIndex;
use crate::support::words::did_you_mean;

#[derive(Debug)]
pub struct UserError {
    pub kind: ErrorKind,
    pub message: String,
    pub help: Option<String>,
    file: Option<Box<ErrorFile>>,
}

/// What went wrong, which decides the diagnostic code (`ssotlint::usage`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line asks for something that cannot be done.
    Usage,
    /// A configuration or rule-pack file is wrong.
    Config,
    /// A file or stream cannot be read or written.
    Io,
    /// A bug in ssotlint.
    Internal,
}

impl ErrorKind {
    fn code(self) -> &'static str {
        match self {
            ErrorKind::Usage => "ssotlint::usage",
            ErrorKind::Config => "ssotlint::config",
            ErrorKind::Io => "ssotlint::io",
            ErrorKind::Internal => "ssotlint::internal",
        }
    }
}

/// Where in a file an error is: the file as the message names it, 1-based line and column.
#[derive(Debug, Clone, Copy)]
pub struct Place<'e> {
    pub name: &'e str,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug)]
struct ErrorFile {
    name: String,
    source: NamedSource<String>,
    span: Range<usize>,
    line: u32,
    column: u32,
}

impl UserError {
    fn of(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), help: None, file: None }
    }

    /// A command line that asks for something that cannot be done.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::of(ErrorKind::Usage, message)
    }

    /// A configuration mistake that is not about a place in a file.
    pub fn config(message: impl Into<String>) -> Self {
        Self::of(ErrorKind::Config, message)
    }

    /// A file or stream that cannot be read or written.
    pub fn io(message: impl Into<String>) -> Self {
        Self::of(ErrorKind::Io, message)
    }

    /// A bug in ssotlint.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::of(ErrorKind::Internal, message)
    }

    /// An error at `span` of the file `name` whose text is `text`.
    pub fn at(name: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        let span = span.start.min(text.len())..span.end.min(text.len()).max(span.start.min(text.len()));
        let position = LineIndex::new(text).position(text, span.start as u32);
        Self {
            kind: ErrorKind::Config,
            message: message.into(),
            help: None,
            file: Some(Box::new(ErrorFile {
                name: name.to_owned(),
                source: NamedSource::new(name, text.to_owned()).with_language("toml"),
                span,
                line: position.line,
                column: position.column,
            })),
        }
    }

    /// The file and place the error is about, when it is about one.
    pub fn place(&self) -> Option<Place<'_>> {
        self.file.as_deref().map(|file| Place { name: &file.name, line: file.line, column: file.column })
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Wraps a TOML parse or shape error, turning serde's "expected one of" lists into a
    /// suggestion.
    pub fn from_toml(name: &str, text: &str, err: &toml::de::Error) -> Self {
        let message = err.message().trim().to_owned();
        let help = suggestion(&message);
        let error = match err.span() {
            Some(span) => Self::at(name, text, span, message),
            None => Self::config(format!("{name}: {message}")),
        };
        match help {
            Some(help) => error.with_help(help),
            None => error,
        }
    }

    /// An unknown name (a rule id, a key) with the names that would have been accepted.
    pub fn unknown<'a>(
        name: &str,
        text: &str,
        span: Range<usize>,
        what: &str,
        value: &str,
        known: impl IntoIterator<Item = &'a str> + Clone,
    ) -> Self {
        let error = Self::at(name, text, span, format!("unknown {what} `{value}`"));
        match did_you_mean(value, known.clone()) {
            Some(close) => error.with_help(format!("did you mean `{close}`?")),
            None => error.with_help(format!(
                "expected one of: {}",
                known.into_iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            )),
        }
    }
}

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b``.
fn suggestion(message: &str) -> Option<String> {
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.split_once(prefix))
        .and_then(|(_, rest)| rest.split('`').next())?;
    let expected_part = message.split_once("expected")?.1;
    let expected: Vec<&str> = expected_part.split('`').skip(1).step_by(2).collect();
    match did_you_mean(unknown, expected.iter().copied()) {
        Some(close) => Some(format!("did you mean `{close}`?")),
        None if !expected.is_empty() => Some(format!("expected one of: `{}`", expected.join("`, `"))),
        None => None,
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{}:{}:{}: {}", file.name, file.line, file.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for UserError {}

impl Diagnostic for UserError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.kind.code()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.file.as_deref().map(|f| &f.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let file = self.file.as_ref()?;
        let label = LabeledSpan::new_primary_with_span(Some("here".into()), file.span.clone());
        Some(Box::new(std::iter::once(label)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_from_serde_unknown_field() {
        let message = "unknown field `ownres`, expected one of `owners`, `entry-points`, `env`";
        assert_eq!(suggestion(message).as_deref(), Some("did you mean `owners`?"));
    }

    #[test]
    fn display_carries_file_line_and_column() {
        let text = "a = 1\nbad = 2\n";
        let err = UserError::at("ssotlint.toml", text, 6..9, "unknown field `bad`");
        assert_eq!(err.to_string(), "ssotlint.toml:2:1: unknown field `bad`");
    }
}
