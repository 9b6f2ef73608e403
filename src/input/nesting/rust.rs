//! The nesting measure over Rust tokens: brackets and blocks, prefix operators (`!`, `-`,
//! `*`, `&`), and the right-nested closures, assignments, `return`/`break` and generic
//! arguments.

use std::ops::{ControlFlow, Range};

use super::{Depth, MAX_NESTING, word_end};
use crate::input::lexer::{Event, Lexed, is_ident_byte, rust::lex, spaces_end};

/// Walks `text`; breaks at the offset where the nesting first goes too deep.
pub fn measure(text: &str) -> ControlFlow<usize, Lexed> {
    let mut measure = Measure { bytes: text.as_bytes(), depth: Depth::new(), after_operand: false };
    lex(text, |event| measure.event(event))
}

struct Measure<'t> {
    bytes: &'t [u8],
    depth: Depth,
    after_operand: bool,
}

impl Measure<'_> {
    /// Counts one event; breaks with the offset where the nesting first goes too deep.
    fn event(&mut self, event: Event) -> ControlFlow<usize> {
        match event {
            Event::Code(range) => return self.code(range),
            Event::Str(_) => self.after_operand = true,
            Event::Comment(..) | Event::Newline(_) => {}
            Event::Open(at) => {
                if self.bytes[at] == b'{' {
                    self.depth.angles_end();
                }
                self.depth.open();
                self.after_operand = false;
                if self.depth.total > MAX_NESTING {
                    return ControlFlow::Break(at);
                }
            }
            Event::Close(_) => {
                self.depth.close();
                self.after_operand = true;
            }
        }
        ControlFlow::Continue(())
    }

    /// The operators, names and numbers of a run of code.
    fn code(&mut self, range: Range<usize>) -> ControlFlow<usize> {
        let bytes = self.bytes;
        let mut i = range.start;
        while i < range.end {
            let b = bytes[i];
            if b == b' ' {
                i = spaces_end(&bytes[..range.end], i);
                continue;
            }
            if matches!(b, b'\t' | b'\n' | b'\r') {
                i += 1;
                continue;
            }
            let start = i;
            match b {
                b',' | b';' => {
                    self.depth.separator();
                    self.after_operand = false;
                    i += 1;
                }
                // A lifetime or label (char literals are the lexer's).
                b'\'' => {
                    self.after_operand = true;
                    i += 1;
                }
                b'0'..=b'9' => {
                    i = word_end(bytes, i);
                    self.after_operand = true;
                }
                _ if is_ident_byte(b) => {
                    let end = word_end(bytes, i);
                    match &bytes[i..end] {
                        b"return" | b"break" => self.depth.nested(),
                        b"as" | b"in" => self.depth.binary(),
                        _ => {}
                    }
                    self.after_operand = !is_keyword(&bytes[i..end]);
                    i = end;
                }
                _ => {
                    i += punctuation(bytes, i, &mut self.depth, self.after_operand);
                    // `>` closing a generic (`Vec<u8>::new`) and `?` end an operand.
                    let next = bytes.get(start + 1).copied();
                    self.after_operand = matches!(b, b'>' | b'?') && !matches!(next, Some(b'=' | b'>'));
                }
            }
            if self.depth.total > MAX_NESTING {
                return ControlFlow::Break(start);
            }
        }
        ControlFlow::Continue(())
    }
}

/// Counts one operator starting at `i` and returns its length.
fn punctuation(bytes: &[u8], i: usize, depth: &mut Depth, after_operand: bool) -> usize {
    let b = bytes[i];
    let next = bytes.get(i + 1).copied();
    match (b, next) {
        // Compound assignment and `=`: right-nested (`a = b = c`).
        (b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'&' | b'|', Some(b'=')) => {
            depth.nested();
            2
        }
        (b'=' | b'!' | b'<' | b'>', Some(b'=')) | (b'=', Some(b'>')) | (b'-', Some(b'>')) | (b':', Some(b':')) => {
            depth.binary();
            2
        }
        (b'=', _) => {
            depth.nested();
            1
        }
        (b'<', Some(b'<')) => {
            depth.binary();
            2
        }
        (b'<', _) => {
            depth.binary();
            depth.angle_open();
            1
        }
        (b'>', _) => {
            if !depth.angle_close() {
                depth.binary();
            }
            1
        }
        (b'&', Some(b'&')) | (b'|', Some(b'|')) if after_operand => {
            depth.binary();
            depth.angles_end();
            2
        }
        (b'&', Some(b'&')) => {
            depth.prefix();
            depth.prefix();
            2
        }
        // A closure's parameter list opens in operand position.
        (b'|', _) if !after_operand => {
            depth.nested();
            if next == Some(b'|') { 2 } else { 1 }
        }
        (b'!' | b'-' | b'*' | b'&', _) if !after_operand => {
            depth.prefix();
            1
        }
        (b'.', Some(b'.')) => {
            depth.binary();
            if bytes.get(i + 2) == Some(&b'=') { 3 } else { 2 }
        }
        _ => {
            depth.binary();
            1
        }
    }
}

fn is_keyword(word: &[u8]) -> bool {
    matches!(
        word,
        b"as"
            | b"break"
            | b"const"
            | b"continue"
            | b"crate"
            | b"dyn"
            | b"else"
            | b"enum"
            | b"extern"
            | b"fn"
            | b"for"
            | b"if"
            | b"impl"
            | b"in"
            | b"let"
            | b"loop"
            | b"match"
            | b"mod"
            | b"move"
            | b"mut"
            | b"pub"
            | b"ref"
            | b"return"
            | b"static"
            | b"struct"
            | b"trait"
            | b"type"
            | b"unsafe"
            | b"use"
            | b"where"
            | b"while"
            | b"async"
            | b"await"
            | b"yield"
    )
}
