//! Byte offsets to LSP positions and back. LSP counts a line's characters in the encoding
//! the client and server agreed on (UTF-16 unless the client offers UTF-8), while findings
//! carry byte spans into the text that was checked.

use lsp_types::Position;

use crate::support::source::LineIndex;

/// How `Position.character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A text with its line starts, for converting in both directions.
pub struct Lines {
    text: std::sync::Arc<str>,
    index: LineIndex,
    encoding: Encoding,
}

impl Lines {
    pub fn new(text: std::sync::Arc<str>, encoding: Encoding) -> Self {
        Self { index: LineIndex::new(&text), text, encoding }
    }

    /// The position of a byte offset (clamped to the text, moved back to a character start).
    pub fn position(&self, offset: u32) -> Position {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.index.line_of(offset as u32);
        let start = self.index.line_start(line) as usize;
        let before = self.text.get(start.min(offset)..offset).unwrap_or("");
        Position { line: line as u32, character: self.width(before) }
    }

    /// The byte offset of a position; past the end of its line means the line's end.
    pub fn offset(&self, position: Position) -> u32 {
        let line = position.line as usize;
        if line >= self.index.line_count() {
            return self.text.len() as u32;
        }
        let range = self.index.line_range(&self.text, line);
        let mut counted = 0;
        for (at, ch) in self.text[range.clone()].char_indices() {
            if counted >= position.character {
                return (range.start + at) as u32;
            }
            counted += match self.encoding {
                Encoding::Utf8 => ch.len_utf8() as u32,
                Encoding::Utf16 => ch.len_utf16() as u32,
            };
        }
        range.end as u32
    }

    /// The text of a 0-based line, without its terminator.
    pub fn line_text(&self, line: u32) -> &str {
        self.index.line_text(&self.text, line as usize)
    }

    fn width(&self, text: &str) -> u32 {
        match self.encoding {
            Encoding::Utf8 => text.len() as u32,
            Encoding::Utf16 => text.encode_utf16().count() as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_astral_characters_twice_and_utf8_counts_bytes() {
        let text = "a = '😀é'\nb = 1\n";
        let after = text.find('é').unwrap() as u32;
        let utf16 = Lines::new(text.into(), Encoding::Utf16);
        assert_eq!(utf16.position(after), Position { line: 0, character: 7 });
        assert_eq!(utf16.offset(Position { line: 0, character: 7 }), after);
        let utf8 = Lines::new(text.into(), Encoding::Utf8);
        assert_eq!(utf8.position(after), Position { line: 0, character: 9 });
        assert_eq!(utf8.offset(Position { line: 0, character: 9 }), after);
        let b = text.find('b').unwrap() as u32;
        assert_eq!(utf16.position(b), Position { line: 1, character: 0 });
    }

    #[test]
    fn offsets_past_a_line_or_the_text_are_clamped() {
        let text = "ab\ncd";
        let lines = Lines::new(text.into(), Encoding::Utf16);
        assert_eq!(lines.offset(Position { line: 0, character: 40 }), 2);
        assert_eq!(lines.offset(Position { line: 9, character: 0 }), 5);
        assert_eq!(lines.position(99), Position { line: 1, character: 2 });
    }
}
