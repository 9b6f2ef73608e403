//! One lexer per language for the byte-level passes that run before a parser or instead of
//! one: focusing, the nesting check and suppressions all ask it where code, strings,
//! comments and brackets are, so they cannot disagree (a string one of them misreads is
//! misread by all, and fixed for all at once).
//!
//! A lexer reports a text as a stream of [`Event`]s, in order and without gaps between
//! them: everything that is not a string, a comment, a bracket or (Python) a line end
//! arrives as [`Event::Code`], which the nesting check splits into operators itself and the
//! other passes skip. The sink is a closure that may stop the walk early.

pub mod python;
pub mod rust;

use std::ops::Range;

/// One piece of a lexed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Code that is none of the below: names, numbers, operators, white space, line breaks
    /// (in Python: those inside brackets and fields, and backslash continuations).
    Code(Range<usize>),
    /// A string, byte-string or char literal with its prefix and quotes. A Python f-string
    /// with replacement fields comes in pieces: its text up to a field's `{`, the field as
    /// events between [`Event::Open`] and [`Event::Close`], the text after it, and a format
    /// spec from its `:`.
    Str(Range<usize>),
    /// A comment, without its line terminator.
    Comment(Range<usize>, CommentKind),
    /// The opening bracket at this offset: `(`, `[`, `{`, or the `{` of an f-string field.
    Open(usize),
    /// The closing bracket at this offset.
    Close(usize),
    /// Python: the end of a logical line (outside brackets, fields, strings and backslash
    /// continuations), terminator included; a blank or comment line ends with one too.
    Newline(Range<usize>),
}

/// What kind of comment a [`Event::Comment`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentKind {
    /// `# …` in Python, `// …` in Rust: the only kind that can hold a suppression.
    Line,
    /// A Rust `/* … */` comment.
    Block,
    /// Rust documentation: `///`, `//!`, `/** … */`, `/*! … */`. rustdoc renders it as prose,
    /// so it is documentation in the way a Python docstring is, not a comment on code.
    Doc,
}

/// How a walk that was not stopped ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexed {
    /// Every string and comment was closed (Python: every triple-quoted string).
    pub complete: bool,
}

/// Whether `b` can be part of an identifier (any non-ASCII byte counts: the passes need
/// only word boundaries, and non-ASCII identifiers are letters).
pub fn is_ident_byte(b: u8) -> bool {
    IDENT[usize::from(b)]
}

const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize || b >= 0x80;
        b += 1;
    }
    table
};

/// Where the run of bytes that are not `special` starting at `i` ends.
pub fn plain_end(bytes: &[u8], mut i: usize, special: &[bool; 256]) -> usize {
    while let Some(&b) = bytes.get(i) {
        if special[usize::from(b)] {
            break;
        }
        i = if b == b' ' { spaces_end(bytes, i + 1) } else { i + 1 };
    }
    i
}

/// Where the run of spaces starting at `i` ends. A focused text is mostly spaces (left-out
/// items are blanked with them): they go eight at a time.
pub fn spaces_end(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i..i + 8).is_some_and(|chunk| chunk == b"        ") {
        i += 8;
    }
    while bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    i
}

/// Where the first `needle` at or after `i` is, or the end of `bytes`: eight bytes at a time
/// (a byte of the word XOR the needle is zero where they match), since comments are long.
pub fn find_byte(bytes: &[u8], mut i: usize, needle: u8) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let pattern = u64::from_ne_bytes([needle; 8]);
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes")) ^ pattern;
        if word.wrapping_sub(ONES) & !word & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..].iter().position(|&b| b == needle).map_or(bytes.len(), |p| i + p)
}

/// A table of the bytes in `special`: each lexer skips the bytes outside its table in one
/// tight loop, since most of a text is plain code.
const fn table(special: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < special.len() {
        table[special[i] as usize] = true;
        i += 1;
    }
    table
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::ops::ControlFlow;

    #[test]
    fn find_byte_finds_the_first_one_or_the_end() {
        let text = b"0123456789abcdef\nxyz\n";
        for start in 0..text.len() {
            let expected = text[start..].iter().position(|&b| b == b'\n').map_or(text.len(), |p| start + p);
            assert_eq!(find_byte(text, start, b'\n'), expected, "{start}");
        }
        assert_eq!(find_byte(b"\x8a\x0b\xff\x0a", 0, b'\n'), 3);
    }

    /// What `lex` reports for `text`, each event as its kind and its text.
    pub fn events(
        text: &str,
        lex: impl FnOnce(&str, &mut dyn FnMut(Event) -> ControlFlow<()>) -> ControlFlow<(), Lexed>,
    ) -> Vec<(&'static str, &str)> {
        let mut found = Vec::new();
        let _ = lex(text, &mut |event| {
            found.push(match event {
                Event::Code(r) => ("code", &text[r]),
                Event::Str(r) => ("str", &text[r]),
                Event::Comment(r, CommentKind::Line) => ("comment", &text[r]),
                Event::Comment(r, CommentKind::Block) => ("block", &text[r]),
                Event::Comment(r, CommentKind::Doc) => ("doc", &text[r]),
                Event::Open(at) => ("open", &text[at..at + 1]),
                Event::Close(at) => ("close", &text[at..at + 1]),
                Event::Newline(r) => ("newline", &text[r]),
            });
            ControlFlow::Continue(())
        });
        found
    }
}
