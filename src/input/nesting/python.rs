//! The nesting measure over Python tokens: brackets, indentation, f-string replacement
//! fields (which Python 3.12 lets nest without limit), prefix operators, `**`, and the
//! right-nested `else`, `lambda` and `yield`.

use std::ops::{ControlFlow, Range};

use super::{Depth, MAX_NESTING, word_end};
use crate::input::lexer::python::{code_indent, lex};
use crate::input::lexer::{Event, Lexed, is_ident_byte, spaces_end};

/// Walks `text`; breaks at the offset where the nesting first goes too deep.
pub fn measure(text: &str) -> ControlFlow<usize, Lexed> {
    let mut measure = Measure { bytes: text.as_bytes(), depth: Depth::new(), after_operand: false, indents: vec![0] };
    measure.indentation(0);
    lex(text, |event| measure.event(event))
}

struct Measure<'t> {
    bytes: &'t [u8],
    depth: Depth,
    after_operand: bool,
    /// The indentation widths of the open blocks, the module's 0 first.
    indents: Vec<usize>,
}

impl Measure<'_> {
    /// Counts one event; breaks with the offset where the nesting first goes too deep.
    fn event(&mut self, event: Event) -> ControlFlow<usize> {
        let at = match event {
            Event::Code(range) => return self.code(range),
            Event::Str(_) => {
                self.after_operand = true;
                return ControlFlow::Continue(());
            }
            Event::Comment(..) => return ControlFlow::Continue(()),
            // A bracket or an f-string field.
            Event::Open(at) => {
                self.depth.open();
                self.after_operand = false;
                at
            }
            Event::Close(_) => {
                self.depth.close();
                self.after_operand = true;
                return ControlFlow::Continue(());
            }
            Event::Newline(range) => {
                self.depth.separator();
                self.after_operand = false;
                self.indentation(range.end);
                range.start
            }
        };
        self.check(at)
    }

    fn check(&self, at: usize) -> ControlFlow<usize> {
        if self.depth.total + self.indents.len() - 1 > MAX_NESTING {
            ControlFlow::Break(at)
        } else {
            ControlFlow::Continue(())
        }
    }

    /// At the start of a logical line: its indentation opens or closes levels.
    fn indentation(&mut self, at: usize) {
        let Some(width) = code_indent(self.bytes, at) else { return };
        while self.indents.len() > 1 && *self.indents.last().expect("non-empty") > width {
            self.indents.pop();
        }
        if width > *self.indents.last().expect("non-empty") {
            self.indents.push(width);
        }
    }

    /// The operators, names and numbers of a run of code.
    fn code(&mut self, range: Range<usize>) -> ControlFlow<usize> {
        let mut i = range.start;
        while i < range.end {
            if self.bytes[i] == b' ' {
                i = spaces_end(&self.bytes[..range.end], i);
                continue;
            }
            let start = i;
            i = self.token(i);
            self.check(start)?;
        }
        ControlFlow::Continue(())
    }

    /// Counts the token at `i`; returns where it ends.
    fn token(&mut self, i: usize) -> usize {
        let b = self.bytes[i];
        let next = self.bytes.get(i + 1).copied();
        match b {
            // White space, line breaks inside brackets, continuations.
            b'\t' | b'\x0c' | b'\n' | b'\r' | b'\\' => i + 1,
            b',' | b';' => {
                self.depth.separator();
                self.after_operand = false;
                i + 1
            }
            b'*' if next == Some(b'*') => {
                let assign = self.bytes.get(i + 2) == Some(&b'=');
                if assign {
                    self.depth.binary()
                } else {
                    self.depth.prefix()
                }
                self.after_operand = false;
                i + if assign { 3 } else { 2 }
            }
            b'-' | b'+' | b'~' | b'*' => {
                let assign = next == Some(b'=') || (b == b'-' && next == Some(b'>'));
                if assign || (self.after_operand && b != b'~') {
                    self.depth.binary();
                } else {
                    self.depth.prefix();
                }
                self.after_operand = false;
                i + if assign { 2 } else { 1 }
            }
            b'.' if next.is_some_and(|c| c.is_ascii_digit()) => self.number(i),
            b'0'..=b'9' => self.number(i),
            _ if is_ident_byte(b) => self.word(i),
            _ => {
                // `.`, `<`, `>`, `=`, `!`, `/`, `%`, `@`, `&`, `|`, `^`, `:`: binary or member
                // access.
                self.depth.binary();
                self.after_operand = false;
                i + 1
            }
        }
    }

    fn number(&mut self, i: usize) -> usize {
        let mut end = word_end(self.bytes, i + 1);
        while self.bytes.get(end) == Some(&b'.') {
            end = word_end(self.bytes, end + 1);
        }
        self.after_operand = true;
        end
    }

    fn word(&mut self, i: usize) -> usize {
        let end = word_end(self.bytes, i);
        let word = &self.bytes[i..end];
        match word {
            b"not" if self.after_operand => self.depth.binary(),
            b"not" | b"await" => self.depth.prefix(),
            b"else" | b"lambda" | b"yield" => self.depth.nested(),
            b"and" | b"or" | b"in" | b"is" | b"if" => self.depth.binary(),
            _ => {}
        }
        self.after_operand = !is_keyword(word);
        end
    }
}

fn is_keyword(word: &[u8]) -> bool {
    matches!(
        word,
        b"and"
            | b"as"
            | b"assert"
            | b"async"
            | b"await"
            | b"break"
            | b"class"
            | b"continue"
            | b"def"
            | b"del"
            | b"elif"
            | b"else"
            | b"except"
            | b"finally"
            | b"for"
            | b"from"
            | b"global"
            | b"if"
            | b"import"
            | b"in"
            | b"is"
            | b"lambda"
            | b"nonlocal"
            | b"not"
            | b"or"
            | b"pass"
            | b"raise"
            | b"return"
            | b"try"
            | b"while"
            | b"with"
            | b"yield"
    )
}
