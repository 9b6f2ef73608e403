//! Inline suppressions (SPEC §6): `# ssotlint: allow(rule-a, rule-b) -- reason` in Python,
//! `// ssotlint: allow(...) -- reason` in Rust. A comment that follows code covers its own
//! line only; a comment alone on its line covers the next line that holds code (blank lines
//! and other comments may come between), and only it. A finding is covered by the line its
//! span starts on. `allow-file(...)` within the first 20 lines applies to the whole file. A
//! suppression without a reason still applies; one that suppresses nothing is reported.
//!
//! Only real comments count: the language's lexer (`crate::input::lexer`) says where they are, so
//! a docstring or a string that quotes the syntax is not a suppression. Any Python comment
//! counts (as ruff's `noqa` does); in Rust, `//` comments do, but not block comments, and not
//! doc comments (`///`, `//!`): rustdoc renders those as prose, like a docstring, and prose
//! that shows the syntax must not suppress anything.

use std::collections::BTreeSet;
use std::ops::{ControlFlow, Range};

use crate::finding::Site;
use crate::input::lexer::{CommentKind, Event};
use crate::support::source::{Lang, SourceFile, Span, bom_len};

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
    /// The 1-based line it covers: its own when it follows code, else the next line that
    /// holds code; `None` when no code follows it.
    pub target: Option<u32>,
    /// The whole `ssotlint: …` comment.
    pub site: Site,
    /// Set when the comment could not be read; `rules` is then empty.
    pub malformed: bool,
}

impl Suppression {
    /// Whether this suppression covers a finding of `rule` that starts on `line`.
    pub fn covers(&self, rule: &str, line: u32) -> bool {
        let near = self.file_wide || self.target == Some(line);
        near && self.rules.iter().any(|(id, _)| id == rule)
    }
}

/// The suppressions of one file, in line order.
pub fn parse(source: &SourceFile, lang: Lang) -> Vec<Suppression> {
    // Most files have none: one substring search, and the lexer runs only on the others.
    if !source.text.contains(MARKER) {
        return Vec::new();
    }
    let mut scan = Scan {
        source,
        prefix: lang.comment_prefix(),
        found: Vec::new(),
        waiting: 0,
        code_from: bom_len(&source.text) as usize,
        last_code: None,
    };
    let mut visit = |event| {
        if let Event::Comment(range, kind) = event {
            scan.comment(range, kind == CommentKind::Line);
        }
        ControlFlow::<()>::Continue(())
    };
    let _ = match lang {
        Lang::Python => crate::input::lexer::python::lex(&source.text, &mut visit),
        Lang::Rust => crate::input::lexer::rust::lex(&source.text, &mut visit),
    };
    scan.code_until(source.text.len());
    scan.found
}

/// A walk over a file's comments in order: whatever is between two comments, apart from
/// whitespace, is code.
struct Scan<'s> {
    source: &'s SourceFile,
    prefix: &'static str,
    found: Vec<Suppression>,
    /// `found[waiting..]` are comments alone on their line, waiting for the next code.
    waiting: usize,
    /// Where the text after the last comment starts.
    code_from: usize,
    /// The offset of the last byte of code so far.
    last_code: Option<usize>,
}

impl Scan<'_> {
    /// Takes in the code between the last comment and `end`: its first byte is the line the
    /// waiting suppressions cover.
    fn code_until(&mut self, end: usize) {
        let gap = &self.source.text.as_bytes()[self.code_from..end];
        let is_code = |b: &u8| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        let Some(first) = gap.iter().position(is_code) else { return };
        let line = self.line_of(self.code_from + first);
        for suppression in &mut self.found[self.waiting..] {
            suppression.target = Some(line);
        }
        self.waiting = self.found.len();
        self.last_code = gap.iter().rposition(is_code).map(|last| self.code_from + last);
    }

    /// A comment; only a `line` comment (not a block or doc comment) can suppress.
    fn comment(&mut self, comment: Range<usize>, line: bool) {
        self.code_until(comment.start);
        self.code_from = comment.end;
        let text = &self.source.text[comment.clone()];
        if !line || !text.contains(MARKER) {
            return;
        }
        let line = self.line_of(comment.start);
        let after_code = self.last_code.is_some_and(|at| self.line_of(at) == line);
        for (at, _) in text.match_indices(MARKER) {
            // `# ssotlint:` and `# why # ssotlint:`, not `# see ssotlint: …` in prose.
            let before = text[..at].trim_end();
            if !before.ends_with(self.prefix) {
                continue;
            }
            let start = comment.start + before.len() - self.prefix.len();
            let body_start = comment.start + at + MARKER.len();
            let body = &self.source.text[body_start..comment.end];
            let mut suppression = read(self.source, body, body_start, Span::new(start, comment.end), line);
            if suppression.file_wide && line > FILE_WIDE_LINES {
                continue;
            }
            if after_code {
                suppression.target = Some(line);
            }
            self.found.push(suppression);
        }
        if after_code {
            self.waiting = self.found.len();
        }
    }

    /// The 1-based line that holds `offset`.
    fn line_of(&self, offset: usize) -> u32 {
        self.source.lines().line_of(offset as u32) as u32 + 1
    }
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
    Suppression { rules, reason, file_wide, line, target: None, site: Site::new(source, comment), malformed: false }
}

fn malformed(source: &SourceFile, comment: Span, line: u32) -> Suppression {
    Suppression {
        rules: Vec::new(),
        reason: None,
        file_wide: false,
        line,
        target: None,
        site: Site::new(source, comment),
        malformed: true,
    }
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
        // It follows code: its own line only.
        assert!(s.covers("direct-env-read", 2) && !s.covers("direct-env-read", 3));
    }

    fn targets(text: &str, lang: Lang) -> Vec<(u32, Option<u32>)> {
        let path = if lang == Lang::Python { "a.py" } else { "a.rs" };
        parse(&SourceFile::new(path.into(), text.into()), lang).iter().map(|s| (s.line, s.target)).collect()
    }

    #[test]
    fn a_comment_alone_covers_the_next_line_with_code_and_a_trailing_one_its_own() {
        let py = "\u{feff}# ssotlint: allow(a) -- r\r\n\r\n# other\r\n  \r\nx = f(  # ssotlint: allow(b) -- r\r\n    # ssotlint: allow(c) -- r\r\n    y)\r\n# ssotlint: allow(d) -- r\r\n";
        assert_eq!(targets(py, Lang::Python), [(1, Some(5)), (5, Some(5)), (6, Some(7)), (8, None)]);
        let rs = "// ssotlint: allow(a) -- r\n/* a\nblock */ // another\n\nlet x = 1; /* c */ // ssotlint: allow(b) -- r\n    // ssotlint: allow(c) -- r\n/* c */ y();\n";
        assert_eq!(targets(rs, Lang::Rust), [(1, Some(5)), (5, Some(5)), (6, Some(7))]);
        // A lone CR ends a line too.
        assert_eq!(targets("# ssotlint: allow(a) -- r\r\rx = 1\r", Lang::Python), [(1, Some(3))]);
    }

    #[test]
    fn docstrings_raw_strings_and_block_comments_spanning_lines_hold_no_suppressions() {
        let py = "def f():\n    \"\"\"Suppress with\n    # ssotlint: allow(direct-env-read) -- why\n    \"\"\"\n";
        assert!(targets(py, Lang::Python).is_empty());
        let rs = "const HELP: &str = r#\"\n// ssotlint: allow(ad-hoc-pool) -- why\n\"#;\n/*\n// ssotlint: allow(ad-hoc-pool) -- why\n*/\n";
        assert!(targets(rs, Lang::Rust).is_empty());
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
