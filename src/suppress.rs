//! Inline suppressions (SPEC §6): `# ssotlint: allow(rule-a, rule-b) -- reason` in Python,
//! `// ssotlint: allow(...) -- reason` in Rust, on the flagged line or the line above;
//! `allow-file(...)` within the first 20 lines applies to the whole file. A suppression
//! without a reason still applies; one that suppresses nothing is reported.

use std::collections::BTreeSet;

use crate::finding::Site;
use crate::source::{Lang, SourceFile, Span};

/// `allow-file` is honoured only this close to the top of a file.
const FILE_WIDE_LINES: u32 = 20;
const MARKER: &str = "ssotlint:";

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The rule ids listed, each with where it is written.
    pub rules: Vec<(String, Site)>,
    pub reason: Option<String>,
    pub file_wide: bool,
    /// 1-based line of the comment.
    pub line: u32,
    /// The whole `ssotlint: …` comment.
    pub site: Site,
    /// Set when the comment could not be read; `rules` is then empty.
    pub malformed: bool,
}

impl Suppression {
    /// Whether this suppression covers a finding of `rule` on `line`.
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        let near = self.file_wide || line == self.line || line == self.line + 1;
        near && self.rules.iter().any(|(id, _)| id == rule)
    }
}

/// The suppressions of one file, in line order.
pub fn parse(source: &SourceFile, lang: Lang) -> Vec<Suppression> {
    let text = &source.text;
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let prefix = lang.comment_prefix();
    let lines = source.lines();
    let mut found = Vec::new();
    for (at, _) in text.match_indices(MARKER) {
        let line_index = lines.line_of(at as u32);
        let line_start = lines.line_start(line_index) as usize;
        let before = &text[line_start..at];
        let Some(comment_start) = before.rfind(prefix) else { continue };
        if !before[comment_start + prefix.len()..].trim().is_empty() || inside_string(&before[..comment_start]) {
            continue;
        }
        let line_end = lines.line_range(text, line_index).end;
        let comment = Span::new(line_start + comment_start, line_end);
        let body_start = at + MARKER.len();
        let suppression = read(source, &text[body_start..line_end], body_start, comment, line_index as u32 + 1);
        if !suppression.file_wide || suppression.line <= FILE_WIDE_LINES {
            found.push(suppression);
        }
    }
    found
}

/// Reads `allow(a, b) -- reason` / `allow-file(...)` starting at byte `offset` of the file.
fn read(source: &SourceFile, body: &str, offset: usize, comment: Span, line: u32) -> Suppression {
    let trimmed = body.trim_start();
    let lead = body.len() - trimmed.len();
    let (file_wide, after_keyword) = if let Some(rest) = trimmed.strip_prefix("allow-file(") {
        (true, rest)
    } else if let Some(rest) = trimmed.strip_prefix("allow(") {
        (false, rest)
    } else {
        return malformed(source, comment, line);
    };
    let Some(close) = after_keyword.find(')') else { return malformed(source, comment, line) };
    let list_offset = offset + lead + (trimmed.len() - after_keyword.len());
    let mut rules = Vec::new();
    let mut cursor = 0;
    for part in after_keyword[..close].split(',') {
        let id = part.trim();
        if !id.is_empty() {
            let start = list_offset + cursor + (part.len() - part.trim_start().len());
            rules.push((id.to_owned(), Site::new(source, Span::new(start, start + id.len()))));
        }
        cursor += part.len() + 1;
    }
    if rules.is_empty() {
        return malformed(source, comment, line);
    }
    let rest = after_keyword[close + 1..].trim();
    let reason = rest.strip_prefix("--").map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned);
    Suppression { rules, reason, file_wide, line, site: Site::new(source, comment), malformed: false }
}

fn malformed(source: &SourceFile, comment: Span, line: u32) -> Suppression {
    Suppression {
        rules: Vec::new(),
        reason: None,
        file_wide: false,
        line,
        site: Site::new(source, comment),
        malformed: true,
    }
}

/// Whether the end of `code` is inside a string literal (an odd number of unescaped quotes
/// of one kind), so that a `#` there does not start a comment.
fn inside_string(code: &str) -> bool {
    let mut open: Option<char> = None;
    let mut escaped = false;
    for c in code.chars() {
        match (open, c) {
            (_, _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => open = None,
            (None, '"' | '\'') => open = Some(c),
            _ => {}
        }
    }
    open.is_some()
}

/// The distinct rule ids named by a file's suppressions.
pub fn named_rules(suppressions: &[Suppression]) -> BTreeSet<&str> {
    suppressions.iter().flat_map(|s| s.rules.iter().map(|(id, _)| id.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_py(text: &str) -> Vec<Suppression> {
        parse(&SourceFile::new("a.py".into(), text.into()), Lang::Python)
    }

    #[test]
    fn reads_rules_reason_and_positions() {
        let found = parse_py("x = 1\nurl = env()  # ssotlint: allow(direct-env-read, manual-url-parsing) -- legacy\n");
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(s.line, 2);
        assert_eq!(s.reason.as_deref(), Some("legacy"));
        let ids: Vec<&str> = s.rules.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["direct-env-read", "manual-url-parsing"]);
        assert_eq!(s.rules[1].1.location.start.column, 49);
        assert!(s.covers("direct-env-read", 2) && s.covers("direct-env-read", 3) && !s.covers("direct-env-read", 4));
    }

    #[test]
    fn a_missing_reason_is_none_and_file_wide_needs_the_top() {
        let found = parse_py("# ssotlint: allow-file(hardcoded-env-list)\n");
        assert!(found[0].file_wide && found[0].reason.is_none());
        let late = format!("{}# ssotlint: allow-file(hardcoded-env-list) -- x\n", "\n".repeat(25));
        assert!(parse_py(&late).is_empty());
    }

    #[test]
    fn markers_in_strings_and_code_are_not_comments() {
        assert!(parse_py("s = '# ssotlint: allow(direct-env-read)'\n").is_empty());
        assert!(parse_py("ssotlint: int = 1\n").is_empty());
        let rust = parse(
            &SourceFile::new("a.rs".into(), "let x = 1; // ssotlint: allow(ad-hoc-pool) -- ok\n".into()),
            Lang::Rust,
        );
        assert_eq!(rust.len(), 1);
    }

    #[test]
    fn unreadable_comments_are_malformed() {
        assert!(parse_py("# ssotlint: alow(direct-env-read)\n")[0].malformed);
        assert!(parse_py("# ssotlint: allow()\n")[0].malformed);
    }
}
