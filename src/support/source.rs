//! Source text, byte spans, and the line index that turns spans into lines and columns.
//!
//! Everything inside the pipeline works on byte ranges; lines and columns are computed only
//! for findings, when a file's results are finalised (SPEC §7: 1-based, columns in Unicode
//! scalar values, a leading BOM and CRLF or lone-CR line endings taken into account).

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// A byte range in one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Self { start, end }
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn shifted(self, by: u32) -> Span {
        Span { start: self.start.saturating_add(by), end: self.end.saturating_add(by) }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A 1-based line and column; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// The language a file is written in, decided by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Python,
    Rust,
}

impl Lang {
    pub fn from_path(path: &std::path::Path) -> Option<Lang> {
        match path.extension()?.to_str()? {
            "py" | "pyi" => Some(Lang::Python),
            "rs" => Some(Lang::Rust),
            _ => None,
        }
    }

    /// The file extension of the language's source files, with its dot.
    pub fn extension(self) -> &'static str {
        match self {
            Lang::Python => ".py",
            Lang::Rust => ".rs",
        }
    }

    /// The language's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "Python",
            Lang::Rust => "Rust",
        }
    }

    /// The language's key in configuration tables (`entry-points = { python = [...] }`).
    pub fn config_key(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::Rust => "rust",
        }
    }

    /// The marker that starts a line comment.
    pub fn comment_prefix(self) -> &'static str {
        match self {
            Lang::Python => "#",
            Lang::Rust => "//",
        }
    }
}

const BOM: &str = "\u{feff}";

/// Length in bytes of a leading byte-order mark, which is not part of line 1's columns.
pub fn bom_len(text: &str) -> u32 {
    if text.starts_with(BOM) { BOM.len() as u32 } else { 0 }
}

/// Where each line starts. `\n`, `\r\n` and a lone `\r` each end a line, as they do for
/// Python's tokenizer.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![bom_len(text)];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i as u32 + 1),
                _ => {}
            }
            i += 1;
        }
        Self { starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        self.starts.partition_point(|&start| start <= offset).saturating_sub(1)
    }

    pub fn line_start(&self, line: usize) -> u32 {
        self.starts[line.min(self.starts.len() - 1)]
    }

    /// The byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line) as usize;
        let next = self.starts.get(line + 1).map_or(text.len(), |&s| s as usize);
        let content = &text.as_bytes()[start..next];
        let trimmed = content.iter().rposition(|&b| b != b'\n' && b != b'\r').map_or(0, |p| p + 1);
        start..start + trimmed
    }

    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        text.get(self.line_range(text, line)).unwrap_or("")
    }

    pub fn position(&self, text: &str, offset: u32) -> Position {
        let offset = offset.min(text.len() as u32);
        let line = self.line_of(offset);
        let start = self.line_start(line) as usize;
        let column = char_count(text, start, offset as usize) + 1;
        Position { line: line as u32 + 1, column: column as u32 }
    }
}

/// Characters in `text[start..end]`, tolerating offsets inside a multi-byte character.
fn char_count(text: &str, start: usize, end: usize) -> usize {
    if end <= start {
        return 0;
    }
    text.as_bytes()[start..end].iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A file's text with its path relative to the project root. The line index is built only
/// when something asks for a line (most files have no findings). Kept after checking only
/// when the file has findings: the human report needs it for code frames.
#[derive(Debug)]
pub struct SourceFile {
    pub path: Arc<str>,
    pub text: String,
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: Arc<str>, text: String) -> Self {
        Self { path, text, lines: OnceLock::new() }
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn position(&self, offset: u32) -> Position {
        self.lines().position(&self.text, offset)
    }

    /// How many lines `span` touches.
    pub fn line_count(&self, span: Span) -> u32 {
        let lines = self.lines();
        let last = span.end.saturating_sub(1).max(span.start);
        (lines.line_of(last) - lines.line_of(span.start)) as u32 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é = 'x'\nnaïve = os.getenv('A')\n";
        let index = LineIndex::new(text);
        let offset = text.find("os.").unwrap() as u32;
        assert_eq!(index.position(text, offset), Position { line: 2, column: 9 });
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}x = 1\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(index.line_text(text, 0), "x = 1");
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        assert_eq!(index.position(text, 5), Position { line: 3, column: 1 });
        assert_eq!(index.line_text(text, 0), "a");
    }

    #[test]
    fn offset_past_end_is_clamped() {
        let text = "ab";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 99), Position { line: 1, column: 3 });
    }
}
