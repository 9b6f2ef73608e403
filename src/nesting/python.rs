//! The nesting measure over Python tokens: brackets, indentation, f-string replacement
//! fields (which Python 3.12 lets nest without limit), prefix operators, `**`, and the
//! right-nested `else`, `lambda` and `yield`.

use super::{Depth, MAX_NESTING, word_end};

pub fn too_deep(text: &str) -> Option<usize> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        i: 0,
        depth: Depth::new(),
        after_operand: false,
        fields: Vec::new(),
        indents: vec![0],
    };
    scanner.run()
}

/// An open replacement field of an f-string: the string to go back to when it closes.
struct Field {
    quote: u8,
    triple: bool,
    /// Brackets opened inside the field and not yet closed.
    inner: usize,
    /// The field sits in another field's format spec (`{x:{width}}`).
    in_spec: bool,
}

/// What ended a stretch of string text.
enum StringEnd {
    Closed,
    /// A `{` opened a replacement field.
    Field,
    Eof,
}

struct Scanner<'t> {
    bytes: &'t [u8],
    i: usize,
    depth: Depth,
    after_operand: bool,
    fields: Vec<Field>,
    indents: Vec<usize>,
}

impl Scanner<'_> {
    fn run(&mut self) -> Option<usize> {
        self.indentation();
        while self.i < self.bytes.len() {
            // Spaces are most of a focused text (left-out items are blanked with them).
            if self.bytes[self.i] == b' ' {
                self.i += 1;
                continue;
            }
            let start = self.i;
            self.token();
            if self.depth.total + self.indents.len() - 1 > MAX_NESTING {
                return Some(start);
            }
        }
        None
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.i + ahead).copied()
    }

    /// At the start of a logical line: its indentation opens or closes levels.
    fn indentation(&mut self) {
        let width = self.bytes[self.i..].iter().take_while(|&&b| matches!(b, b' ' | b'\t' | b'\x0c')).count();
        let rest = &self.bytes[self.i + width..];
        if rest.is_empty() || matches!(rest[0], b'\n' | b'\r' | b'#') {
            return;
        }
        while self.indents.len() > 1 && *self.indents.last().expect("non-empty") > width {
            self.indents.pop();
        }
        if width > *self.indents.last().expect("non-empty") {
            self.indents.push(width);
        }
    }

    fn token(&mut self) {
        let b = self.bytes[self.i];
        match b {
            b'\n' => {
                self.i += 1;
                if self.depth.brackets() == 0 {
                    self.depth.separator();
                    self.after_operand = false;
                    self.indentation();
                }
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => self.i += 1,
            b'#' => self.i += self.bytes[self.i..].iter().take_while(|&&c| c != b'\n').count(),
            // A line continuation, or a stray backslash.
            b'\\' => self.i += if self.bytes[self.i..].starts_with(b"\\\r\n") { 3 } else { 2 },
            b'\'' | b'"' => self.string(false),
            b'(' | b'[' | b'{' => {
                self.depth.open();
                if let Some(field) = self.fields.last_mut() {
                    field.inner += 1;
                }
                self.after_operand = false;
                self.i += 1;
            }
            b')' | b']' | b'}' => self.close(b),
            b',' | b';' => {
                self.depth.separator();
                self.after_operand = false;
                self.i += 1;
            }
            b':' if self.fields.last().is_some_and(|f| f.inner == 0) => {
                self.i += 1;
                self.spec();
            }
            b'*' if self.peek(1) == Some(b'*') => {
                self.i += 2;
                if self.peek(0) == Some(b'=') {
                    self.i += 1;
                    self.depth.binary();
                } else {
                    self.depth.prefix();
                }
                self.after_operand = false;
            }
            b'-' | b'+' | b'~' | b'*' => {
                self.i += 1;
                if self.peek(0) == Some(b'=') || (b == b'-' && self.peek(0) == Some(b'>')) {
                    self.i += 1;
                    self.depth.binary();
                } else if self.after_operand && b != b'~' {
                    self.depth.binary();
                } else {
                    self.depth.prefix();
                }
                self.after_operand = false;
            }
            b'.' if self.peek(1).is_some_and(|c| c.is_ascii_digit()) => self.number(),
            b'0'..=b'9' => self.number(),
            _ if super::is_ident_byte(b) => self.word(),
            _ => {
                // `.`, `<`, `>`, `=`, `!`, `/`, `%`, `@`, `&`, `|`, `^`: binary or member access.
                self.i += 1;
                self.depth.binary();
                self.after_operand = false;
            }
        }
    }

    fn close(&mut self, b: u8) {
        self.i += 1;
        if b == b'}' && self.fields.last().is_some_and(|f| f.inner == 0) {
            self.close_field();
            return;
        }
        if let Some(field) = self.fields.last_mut() {
            field.inner = field.inner.saturating_sub(1);
        }
        self.depth.close();
        self.after_operand = true;
    }

    fn number(&mut self) {
        self.i = word_end(self.bytes, self.i + 1);
        while self.peek(0) == Some(b'.') {
            self.i = word_end(self.bytes, self.i + 1);
        }
        self.after_operand = true;
    }

    fn word(&mut self) {
        let start = self.i;
        self.i = word_end(self.bytes, self.i);
        let word = &self.bytes[start..self.i];
        if matches!(self.peek(0), Some(b'\'' | b'"')) && is_string_prefix(word) {
            let fstring = word.iter().any(|c| matches!(c, b'f' | b'F' | b't' | b'T'));
            self.string(fstring);
            return;
        }
        match word {
            b"not" if self.after_operand => self.depth.binary(),
            b"not" | b"await" => self.depth.prefix(),
            b"else" | b"lambda" | b"yield" => self.depth.nested(),
            b"and" | b"or" | b"in" | b"is" | b"if" => self.depth.binary(),
            _ => {}
        }
        self.after_operand = !is_keyword(word);
    }

    /// A string literal starting at the quote at `self.i`.
    fn string(&mut self, fstring: bool) {
        let quote = self.bytes[self.i];
        let triple = self.bytes[self.i..].starts_with(&[quote; 3]);
        self.i += if triple { 3 } else { 1 };
        self.after_operand = true;
        if let StringEnd::Field = self.string_text(quote, triple, fstring) {
            self.open_field(quote, triple, false);
        }
    }

    /// Scans string text up to its closing quote or, in an f-string, a replacement field.
    fn string_text(&mut self, quote: u8, triple: bool, fstring: bool) -> StringEnd {
        while self.i < self.bytes.len() {
            let b = self.bytes[self.i];
            match b {
                b'\\' => self.i += 2,
                b'\n' if !triple => return StringEnd::Closed,
                _ if b == quote && (!triple || self.bytes[self.i..].starts_with(&[quote; 3])) => {
                    self.i += if triple { 3 } else { 1 };
                    return StringEnd::Closed;
                }
                b'{' | b'}' if fstring && self.peek(1) == Some(b) => self.i += 2,
                b'{' if fstring => {
                    self.i += 1;
                    return StringEnd::Field;
                }
                _ => self.i += 1,
            }
        }
        StringEnd::Eof
    }

    fn open_field(&mut self, quote: u8, triple: bool, in_spec: bool) {
        self.depth.open();
        self.fields.push(Field { quote, triple, inner: 0, in_spec });
        self.after_operand = false;
    }

    /// The `}` of a replacement field: back to the text around it.
    fn close_field(&mut self) {
        let field = self.fields.pop().expect("checked by the caller");
        self.depth.close();
        if field.in_spec {
            self.spec_of(field.quote, field.triple);
        } else if let StringEnd::Field = self.string_text(field.quote, field.triple, true) {
            self.open_field(field.quote, field.triple, false);
        }
    }

    /// A format spec after `:` in the innermost field: text, with fields of its own, up to
    /// the `}` that closes the field.
    fn spec(&mut self) {
        let field = self.fields.last().expect("called inside a field");
        let (quote, triple) = (field.quote, field.triple);
        self.spec_of(quote, triple);
    }

    fn spec_of(&mut self, quote: u8, triple: bool) {
        while self.i < self.bytes.len() {
            match self.bytes[self.i] {
                b'{' => {
                    self.i += 1;
                    self.open_field(quote, triple, true);
                    return;
                }
                b'}' => {
                    self.i += 1;
                    if !self.fields.is_empty() {
                        self.close_field();
                    }
                    return;
                }
                // A malformed spec: leave the rest to the code scanner.
                b'\n' if !triple => return,
                b if b == quote => return,
                _ => self.i += 1,
            }
        }
    }
}

/// `r`, `b`, `f`, `u`, `t` and their two-letter combinations, in any case.
fn is_string_prefix(word: &[u8]) -> bool {
    word.len() <= 2 && word.iter().all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u' | b't'))
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
