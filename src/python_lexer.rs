//! Just enough of Python's lexer for the byte-level passes that do not parse: where
//! brackets, strings, comments and line continuations are. Focusing splits a file into
//! statements with it, and suppressions find their comments with it.

use std::ops::Range;

/// Lexer state carried from one line to the next.
#[derive(Default)]
pub struct Lexer {
    /// Open brackets.
    pub depth: usize,
    /// The open string's quote and whether it is triple-quoted.
    pub string: Option<(u8, bool)>,
    /// The line ended with a backslash continuation.
    pub continued: bool,
}

impl Lexer {
    /// Moves the state over one line (with its terminator); returns where a comment starts
    /// in it, if one does.
    pub fn line(&mut self, line: &str) -> Option<usize> {
        let bytes = line.as_bytes();
        self.continued = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some((quote, triple)) = self.string {
                if b == b'\\' {
                    // An escaped CRLF continues the string like an escaped `\n`.
                    i += if bytes[i + 1..].starts_with(b"\r\n") { 3 } else { 2 };
                    continue;
                }
                if b == quote && (!triple || bytes[i..].starts_with(&[quote; 3])) {
                    self.string = None;
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                // A lone `\r` ends a line as `\n` does (the source's line index agrees).
                if matches!(b, b'\n' | b'\r') && !triple {
                    self.string = None;
                }
                i += 1;
                continue;
            }
            if !SPECIAL[usize::from(b)] {
                i += 1;
                continue;
            }
            match b {
                b'#' => return Some(i),
                b'\'' | b'"' => {
                    let triple = bytes[i..].starts_with(&[b; 3]);
                    self.string = Some((b, triple));
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => self.depth += 1,
                b')' | b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                b'\\' if bytes[i + 1..].iter().all(|c| matches!(c, b'\r' | b'\n')) => self.continued = true,
                _ => {}
            }
            i += 1;
        }
        None
    }
}

/// The bytes the lexer acts on outside strings; most of a line is none of them.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let special = b"#'\"([{)]}\\";
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
};

/// Calls `visit` with the byte range of every comment in `text`, in order: from its `#` to
/// the end of its line, without the terminator. `\n`, `\r\n` and a lone `\r` end lines.
pub fn comments(text: &str, mut visit: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut lexer = Lexer::default();
    let mut start = 0;
    while start < bytes.len() {
        let content_end =
            bytes[start..].iter().position(|&b| matches!(b, b'\n' | b'\r')).map_or(bytes.len(), |p| start + p);
        let end = if bytes[content_end..].starts_with(b"\r\n") {
            content_end + 2
        } else {
            (content_end + 1).min(bytes.len())
        };
        if let Some(at) = lexer.line(&text[start..end]) {
            visit(start + at..content_end);
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        comments(text, |range| found.push(&text[range]));
        found
    }

    #[test]
    fn comments_are_found_outside_strings_and_docstrings() {
        let text = "x = '# no'  # yes\r\n\"\"\"\n# not a comment\n\"\"\"\ns = 'a\\\r\n# still a string'\ny = (1,  # in brackets\r2)\n";
        assert_eq!(all(text), ["# yes", "# in brackets"]);
    }
}
