//! Findings: what a rule reports, with byte spans while checking and lines and columns once
//! a file is finished. Findings are sorted once, by the engine; reporters never sort.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::support::source::{Position, SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a span is, in the units the output formats use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Location {
    pub start: Position,
    pub end: Position,
}

impl Default for Position {
    fn default() -> Self {
        Position { line: 1, column: 1 }
    }
}

/// A place in a file with what a finding there needs, computed while the file's text is at
/// hand: repository-wide rules report on sites long after their file was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub path: Arc<str>,
    pub span: Span,
    pub location: Location,
    pub line_hash: u64,
}

impl Site {
    pub fn new(source: &SourceFile, span: Span) -> Self {
        let location = locate(source, span);
        let line = source.lines().line_text(&source.text, location.start.line as usize - 1);
        Self { path: source.path.clone(), span, location, line_hash: line_hash(line) }
    }
}

pub fn locate(source: &SourceFile, span: Span) -> Location {
    Location { start: source.position(span.start), end: source.position(span.end) }
}

/// A secondary place involved in a finding ("another pool strategy is chosen here").
#[derive(Debug, Clone)]
pub struct Label {
    /// The label's file when it is not the finding's own.
    pub path: Option<Arc<str>>,
    pub span: Span,
    pub message: String,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub concern: Option<String>,
    /// What the finding is about, when one name says it: the variable read, the provider,
    /// the pool strategy (for the concern's inventory).
    pub subject: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub path: Arc<str>,
    pub span: Span,
    pub labels: Vec<Label>,
    /// Whether the labels, in order, are the steps of a chain from the finding's site (a
    /// provider forwarding to another across files).
    pub chain: bool,
    pub location: Location,
    /// Hash of the flagged line's normalized text (see [`sort_and_fingerprint`]).
    pub line_hash: u64,
    pub fingerprint: String,
}

impl Finding {
    /// A finding at `site`.
    pub fn at(rule: Cow<'static, str>, severity: Severity, site: &Site, message: String) -> Self {
        let mut finding = Self::new(rule, severity, site.path.clone(), site.span, message);
        finding.location = site.location;
        finding.line_hash = site.line_hash;
        finding
    }

    /// Where the finding is, as a site.
    pub fn site(&self) -> Site {
        Site { path: self.path.clone(), span: self.span, location: self.location, line_hash: self.line_hash }
    }

    /// A secondary label at `site`, which may be in another file.
    pub fn label_at(&mut self, site: &Site, message: impl Into<String>) {
        let path = (site.path != self.path).then(|| site.path.clone());
        self.labels.push(Label { path, span: site.span, message: message.into(), location: site.location });
    }

    pub fn new(rule: Cow<'static, str>, severity: Severity, path: Arc<str>, span: Span, message: String) -> Self {
        Self {
            rule,
            severity,
            concern: None,
            subject: None,
            message,
            help: None,
            path,
            span,
            labels: Vec::new(),
            chain: false,
            location: Location::default(),
            line_hash: 0,
            fingerprint: String::new(),
        }
    }

    /// The sort order of every output: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, Position, &str, Position, &str) {
        (&self.path, self.location.start, &self.rule, self.location.end, &self.message)
    }
}

/// A file that could not be checked, or not completely: the JSON `errors` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub path: Arc<str>,
    pub kind: ErrorKind,
    pub message: String,
    /// The rule that was running, for internal errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    ParseError,
    IoError,
    InvalidUtf8,
    TooLarge,
    /// A FIFO, socket, device or symbolic link to a directory with a checked name.
    NotAFile,
    InternalError,
}

impl FileError {
    pub fn new(path: Arc<str>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { path, kind, message: message.into(), rule: None }
    }

    pub fn io(path: Arc<str>, message: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::IoError, message)
    }
}

/// Sorts all findings (path, line, column, rule) and gives each its fingerprint.
///
/// Fingerprints survive unrelated edits: rule, path, the flagged line's text with
/// whitespace collapsed (as `line_hash`), and the index among findings with the same three in
/// the file; not the line number.
pub fn sort_and_fingerprint(findings: &mut [Finding]) {
    sort_findings(findings);
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for finding in findings.iter_mut() {
        let base = fnv1a(&[finding.rule.as_bytes(), finding.path.as_bytes(), &finding.line_hash.to_le_bytes()]);
        let index = seen.entry(base).and_modify(|n| *n += 1).or_insert(0);
        finding.fingerprint = format!("{:016x}", fnv1a(&[&base.to_le_bytes(), &index.to_le_bytes()]));
    }
}

/// Sorts findings in output order: path, line, column, rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// The hash of a line's text with whitespace collapsed, for fingerprints.
pub fn line_hash(line: &str) -> u64 {
    let normalized: Vec<&str> = line.split_whitespace().collect();
    fnv1a(&[normalized.join(" ").as_bytes()])
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `DefaultHasher`.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprints(text: &str) -> Vec<String> {
        let source = SourceFile::new("a.py".into(), text.into());
        let mut findings: Vec<Finding> = text
            .match_indices("getenv")
            .map(|(at, _)| {
                let span = Span::new(at, at + 6);
                let mut f = Finding::new(
                    Cow::Borrowed("direct-env-read"),
                    Severity::Error,
                    source.path.clone(),
                    span,
                    "m".into(),
                );
                f.location = locate(&source, span);
                f.line_hash = line_hash(source.lines().line_text(&source.text, f.location.start.line as usize - 1));
                f
            })
            .collect();
        sort_and_fingerprint(&mut findings);
        findings.into_iter().map(|f| f.fingerprint).collect()
    }

    #[test]
    fn fingerprint_ignores_line_shifts_but_not_edits() {
        let before = fingerprints("x = getenv('A')\n");
        let shifted = fingerprints("import os\n\n\nx  =  getenv('A')\n");
        let edited = fingerprints("y = getenv('A')\n");
        assert_eq!(before, shifted);
        assert_ne!(before, edited);
    }

    #[test]
    fn identical_lines_get_distinct_fingerprints() {
        let prints = fingerprints("x = getenv('A')\nx = getenv('A')\n");
        assert_eq!(prints.len(), 2);
        assert_ne!(prints[0], prints[1]);
    }
}
