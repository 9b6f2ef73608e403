//! Python's lexer: strings (f- and t-string replacement fields and format specs included,
//! with Python 3.12's quotes of the string's own kind inside a field), comments, brackets,
//! backslash continuations and logical line ends. `\n`, `\r\n` and a lone `\r` end lines,
//! as in Python and in the source's line index.

use std::ops::ControlFlow;

use super::{CommentKind, Event, Lexed, is_ident_byte, plain_end, table};

/// Walks `text`, handing every [`Event`] to `sink` until it breaks.
pub fn lex<B>(text: &str, sink: impl FnMut(Event) -> ControlFlow<B>) -> ControlFlow<B, Lexed> {
    let mut lexer = Lexer { bytes: text.as_bytes(), pos: 0, depth: 0, fields: Vec::new(), complete: true, sink };
    lexer.run()?;
    ControlFlow::Continue(Lexed { complete: lexer.complete })
}

/// Bytes that end a run of code outside f-string fields.
const CODE: [bool; 256] = table(b"#'\"([{)]}\\\n\r");
/// Inside a field, a `:` may start the format spec as well.
const FIELD: [bool; 256] = table(b"#'\"([{)]}\\\n\r:");
/// Bytes that matter in string text.
const TEXT: [bool; 256] = table(b"'\"{}\\\n\r");

/// An open replacement field of an f-string: the string to go back to when it closes.
struct Field {
    quote: u8,
    triple: bool,
    raw: bool,
    /// Brackets opened inside the field and not yet closed.
    inner: usize,
    /// The field sits in another field's format spec (`{x:{width}}`).
    in_spec: bool,
}

/// The string a piece of text belongs to.
#[derive(Clone, Copy)]
struct Quoting {
    quote: u8,
    triple: bool,
    raw: bool,
    fstring: bool,
}

impl Quoting {
    fn of(field: &Field) -> Self {
        Quoting { quote: field.quote, triple: field.triple, raw: field.raw, fstring: true }
    }

    fn closes(self, bytes: &[u8]) -> bool {
        bytes[0] == self.quote && (!self.triple || bytes.starts_with(&[self.quote; 3]))
    }
}

struct Lexer<'t, S> {
    bytes: &'t [u8],
    pos: usize,
    /// Open brackets and fields: a line break inside them does not end the logical line.
    depth: usize,
    fields: Vec<Field>,
    complete: bool,
    sink: S,
}

impl<B, S: FnMut(Event) -> ControlFlow<B>> Lexer<'_, S> {
    fn run(&mut self) -> ControlFlow<B> {
        let len = self.bytes.len();
        // Where the code not yet reported starts.
        let mut code = 0;
        while self.pos < len {
            let special = if self.fields.is_empty() { &CODE } else { &FIELD };
            self.pos = plain_end(self.bytes, self.pos, special);
            let Some(&b) = self.bytes.get(self.pos) else { break };
            let at = self.pos;
            match b {
                b'\\' => {
                    // A line continuation (whose break ends no line), or a stray backslash
                    // (the parser will complain): code either way.
                    self.pos = at + 1 + terminator_len(self.bytes, at + 1);
                    continue;
                }
                b'\n' | b'\r' if self.depth > 0 => {
                    // A line break inside brackets or a field is white space.
                    self.pos = at + terminator_len(self.bytes, at);
                    continue;
                }
                b':' if self.fields.last().is_some_and(|f| f.inner > 0) => {
                    // A slice or a lambda inside brackets, not a format spec.
                    self.pos += 1;
                    continue;
                }
                b'\'' | b'"' => {
                    let start = prefix_start(self.bytes, at);
                    self.code(code, start)?;
                    self.string(start, at)?;
                }
                _ => {
                    self.code(code, at)?;
                    self.token(at, b)?;
                }
            }
            code = self.pos;
        }
        self.code(code, len)
    }

    fn emit(&mut self, event: Event) -> ControlFlow<B> {
        (self.sink)(event)
    }

    fn code(&mut self, start: usize, end: usize) -> ControlFlow<B> {
        if start < end { self.emit(Event::Code(start..end)) } else { ControlFlow::Continue(()) }
    }

    /// The special byte `b` at `at`, other than a quote, a backslash or a line break inside
    /// brackets; moves past it.
    fn token(&mut self, at: usize, b: u8) -> ControlFlow<B> {
        match b {
            b'#' => {
                let end = line_end(self.bytes, at);
                self.pos = end;
                self.emit(Event::Comment(at..end, CommentKind::Line))
            }
            b'(' | b'[' | b'{' => {
                self.pos = at + 1;
                self.depth += 1;
                if let Some(field) = self.fields.last_mut() {
                    field.inner += 1;
                }
                self.emit(Event::Open(at))
            }
            b'}' if self.fields.last().is_some_and(|f| f.inner == 0) => self.close_field(at),
            b')' | b']' | b'}' => {
                self.pos = at + 1;
                match self.fields.last_mut() {
                    Some(field) if field.inner > 0 => {
                        field.inner -= 1;
                        self.depth -= 1;
                    }
                    // A stray bracket in a field: the field stays open.
                    Some(_) => {}
                    None => self.depth = self.depth.saturating_sub(1),
                }
                self.emit(Event::Close(at))
            }
            b':' => {
                self.pos = at + 1;
                self.spec(at)
            }
            _ => {
                // A line break outside brackets and fields: the logical line ends.
                let end = at + terminator_len(self.bytes, at);
                self.pos = end;
                self.emit(Event::Newline(at..end))
            }
        }
    }

    /// A string literal whose prefix starts at `start` and whose quote is at `quote`.
    fn string(&mut self, start: usize, quote: usize) -> ControlFlow<B> {
        let prefix = &self.bytes[start..quote];
        let q = self.bytes[quote];
        let quoting = Quoting {
            quote: q,
            triple: self.bytes[quote..].starts_with(&[q; 3]),
            raw: prefix.iter().any(|c| matches!(c, b'r' | b'R')),
            fstring: prefix.iter().any(|c| matches!(c, b'f' | b'F' | b't' | b'T')),
        };
        self.pos = quote + if quoting.triple { 3 } else { 1 };
        self.text(start, quoting)
    }

    /// String text from `self.pos` (the piece reported starts at `start`) up to its closing
    /// quote or, in an f-string, the `{` of a field, which is opened.
    fn text(&mut self, start: usize, quoting: Quoting) -> ControlFlow<B> {
        let bytes = self.bytes;
        while self.pos < bytes.len() {
            let at = self.pos;
            let b = bytes[at];
            if !TEXT[usize::from(b)] {
                self.pos += 1;
                continue;
            }
            match b {
                b'\\' => self.pos = escape_end(bytes, at, quoting),
                b'\n' | b'\r' if !quoting.triple => {
                    // An unclosed one-line string ends with its line.
                    self.complete = false;
                    return self.emit(Event::Str(start..at));
                }
                _ if quoting.closes(&bytes[at..]) => {
                    self.pos = at + if quoting.triple { 3 } else { 1 };
                    return self.emit(Event::Str(start..self.pos));
                }
                b'{' | b'}' if quoting.fstring && bytes.get(at + 1) == Some(&b) => self.pos += 2,
                b'{' if quoting.fstring => {
                    self.str_piece(start, at)?;
                    return self.open_field(at, quoting, false);
                }
                _ => self.pos += 1,
            }
        }
        self.complete = false;
        self.emit(Event::Str(start..bytes.len()))
    }

    fn open_field(&mut self, at: usize, quoting: Quoting, in_spec: bool) -> ControlFlow<B> {
        self.pos = at + 1;
        self.depth += 1;
        let Quoting { quote, triple, raw, .. } = quoting;
        self.fields.push(Field { quote, triple, raw, inner: 0, in_spec });
        self.emit(Event::Open(at))
    }

    /// The `}` at `at` closes the innermost field: back to the text around it. A loop, not
    /// recursion: closing a field in a spec can close the field that holds the spec.
    fn close_field(&mut self, mut at: usize) -> ControlFlow<B> {
        loop {
            let field = self.fields.pop().expect("the caller saw an open field");
            self.depth -= 1;
            self.pos = at + 1;
            self.emit(Event::Close(at))?;
            let quoting = Quoting::of(&field);
            if !field.in_spec {
                return self.text(self.pos, quoting);
            }
            match self.spec_text(self.pos, quoting)? {
                Some(close) => at = close,
                None => return ControlFlow::Continue(()),
            }
        }
    }

    /// A format spec after the `:` at `colon`, at the top of the innermost field.
    fn spec(&mut self, colon: usize) -> ControlFlow<B> {
        let quoting = Quoting::of(self.fields.last().expect("called inside a field"));
        match self.spec_text(colon, quoting)? {
            Some(close) => self.close_field(close),
            None => ControlFlow::Continue(()),
        }
    }

    /// Spec text up to a nested field's `{` (opened here) or the `}` that closes the field,
    /// whose offset is returned.
    fn spec_text(&mut self, start: usize, quoting: Quoting) -> ControlFlow<B, Option<usize>> {
        while self.pos < self.bytes.len() {
            let at = self.pos;
            match self.bytes[at] {
                b'{' => {
                    self.str_piece(start, at)?;
                    self.open_field(at, quoting, true)?;
                    return ControlFlow::Continue(None);
                }
                b'}' => {
                    self.str_piece(start, at)?;
                    return ControlFlow::Continue(Some(at));
                }
                // A malformed spec: what follows is lexed as code.
                b'\n' | b'\r' if !quoting.triple => break,
                b if b == quoting.quote => break,
                _ => self.pos += 1,
            }
        }
        self.str_piece(start, self.pos)?;
        ControlFlow::Continue(None)
    }

    fn str_piece(&mut self, start: usize, end: usize) -> ControlFlow<B> {
        if start < end { self.emit(Event::Str(start..end)) } else { ControlFlow::Continue(()) }
    }
}

/// The indentation width of the line starting at `at` (after an [`Event::Newline`], where a
/// statement may start), or `None` for a blank or comment-only line, which starts none.
pub fn code_indent(bytes: &[u8], at: usize) -> Option<usize> {
    let width = bytes[at..].iter().take_while(|&&b| matches!(b, b' ' | b'\t' | b'\x0c')).count();
    let first = bytes.get(at + width)?;
    (!matches!(first, b'\n' | b'\r' | b'#')).then_some(width)
}

/// Where the string whose quote is at `quote` starts: at its prefix (`r`, `b`, `f`, `u`, `t`
/// and their pairs, in any case) if the word before the quote is one.
fn prefix_start(bytes: &[u8], quote: usize) -> usize {
    let word = bytes[..quote].iter().rev().take(3).take_while(|&&b| is_ident_byte(b)).count();
    let prefix = &bytes[quote - word..quote];
    let is_prefix =
        word <= 2 && prefix.iter().all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'f' | b'u' | b't'));
    if is_prefix { quote - word } else { quote }
}

/// Where the escape starting with the backslash at `at` ends. The backslash keeps the next
/// character from closing the string, raw or not; in an f-string it leaves a `{` or `}` to
/// open or close a field, and `\N{…}` names a character instead (as ruff's lexer reads it).
fn escape_end(bytes: &[u8], at: usize, quoting: Quoting) -> usize {
    let next = bytes.get(at + 1).copied();
    if quoting.fstring {
        if matches!(next, Some(b'{' | b'}')) {
            return at + 1;
        }
        if !quoting.raw && next == Some(b'N') && bytes.get(at + 2) == Some(&b'{') {
            return bytes[at..].iter().position(|&b| b == b'}').map_or(bytes.len(), |p| at + p + 1);
        }
    }
    (at + 1 + terminator_len(bytes, at + 1).max(1)).min(bytes.len())
}

/// The end of the line holding `at`, before its terminator.
fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().position(|&b| matches!(b, b'\n' | b'\r')).map_or(bytes.len(), |p| at + p)
}

/// The length of the line terminator at `at` (`\r\n` is one), 0 if there is none.
fn terminator_len(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => 2,
        Some(b'\n' | b'\r') => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Vec<(&'static str, &str)> {
        crate::input::lexer::tests::events(text, |text, sink| lex(text, sink))
    }

    fn comments(text: &str) -> Vec<&str> {
        events(text).into_iter().filter(|(kind, _)| *kind == "comment").map(|(_, t)| t).collect()
    }

    #[test]
    fn comments_are_found_outside_strings_and_docstrings() {
        let text = "x = '# no'  # yes\r\n\"\"\"\n# not a comment\n\"\"\"\ns = 'a\\\r\n# still a string'\ny = (1,  # in brackets\r2)\n";
        assert_eq!(comments(text), ["# yes", "# in brackets"]);
    }

    #[test]
    fn f_strings_nest_quotes_of_their_own_kind_in_fields() {
        let text = "x = f\"{d[\"'\"]}\"  # yes\n";
        assert_eq!(
            events(text),
            [
                ("code", "x = "),
                ("str", "f\""),
                ("open", "{"),
                ("code", "d"),
                ("open", "["),
                ("str", "\"'\""),
                ("close", "]"),
                ("close", "}"),
                ("str", "\""),
                ("code", "  "),
                ("comment", "# yes"),
                ("newline", "\n"),
            ]
        );
        assert!(comments("y = f\"{d[\"# no\"]}\"\n").is_empty());
    }

    #[test]
    fn fields_span_lines_hold_comments_and_specs_nest() {
        let text = "s = f\"{\", \".join([\n    'a',  # why\n])}\"\nt = f'{x:>{w}} {{}} \\N{DASH} {y!r}'\n";
        let newlines = events(text).iter().filter(|(kind, _)| *kind == "newline").count();
        assert_eq!(newlines, 2);
        assert_eq!(comments(text), ["# why"]);
        let spec = events("t = f'{x:>{w}}'\n");
        assert!(spec.contains(&("str", ":>")) && spec.contains(&("code", "w")), "{spec:?}");
        let named = events("t = f'\\N{DASH}'\n");
        assert_eq!(named[1], ("str", "f'\\N{DASH}'"), "{named:?}");
    }

    #[test]
    fn continuations_and_brackets_keep_the_logical_line_open() {
        let text = "x = 1 + \\\r\n    2\ny = (\n3)\r\n";
        let newlines: Vec<&str> = events(text).iter().filter(|(k, _)| *k == "newline").map(|(_, t)| *t).collect();
        assert_eq!(newlines, ["\n", "\r\n"]);
        assert_eq!(events("rb'x' xf'y'"), [("str", "rb'x'"), ("code", " xf"), ("str", "'y'")]);
    }

    #[test]
    fn events_cover_the_text_in_order() {
        let text = "x = (1,\r\n  2) + \\\n 3  # c\ns = f'{a:>{w}}' rb\"\\\"\" '''\n'''\n\\";
        let pieces: String = events(text).iter().map(|(_, t)| *t).collect();
        assert_eq!(pieces, text);
    }
}
