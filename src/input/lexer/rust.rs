//! Rust's lexer: line, block (nested) and doc comments; string, byte-string, C-string,
//! raw-string and char literals, told apart from lifetimes; brackets. Line breaks are code.

use std::ops::ControlFlow;

use super::{CommentKind, Event, Lexed, find_byte, is_ident_byte, plain_end, table};

/// Bytes that may start something other than plain code. A literal's prefix (`b`, `r#`, …)
/// is found from its quote, so that letters need no look.
const SPECIAL: [bool; 256] = table(b"/\"'([{)]}");

/// Walks `text`, handing every [`Event`] to `sink` until it breaks.
pub fn lex<B>(text: &str, mut sink: impl FnMut(Event) -> ControlFlow<B>) -> ControlFlow<B, Lexed> {
    let bytes = text.as_bytes();
    let mut complete = true;
    // Where the code not yet reported starts.
    let mut code = 0;
    let mut i = 0;
    loop {
        i = plain_end(bytes, i, &SPECIAL);
        let Some(&b) = bytes.get(i) else { break };
        let token = match b {
            b'(' | b'[' | b'{' => Token { start: i, event: Event::Open(i), end: i + 1, closed: true },
            b')' | b']' | b'}' => Token { start: i, event: Event::Close(i), end: i + 1, closed: true },
            b'/' => match comment(bytes, i) {
                Some(token) => token,
                None => {
                    i += 1;
                    continue;
                }
            },
            b'"' => string(bytes, code, i),
            _ => match char_literal(text, code, i) {
                Some(token) => token,
                // A lifetime or a label.
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        if code < token.start {
            sink(Event::Code(code..token.start))?;
        }
        complete &= token.closed;
        sink(token.event)?;
        i = token.end;
        code = i;
    }
    if code < bytes.len() {
        sink(Event::Code(code..bytes.len()))?;
    }
    ControlFlow::Continue(Lexed { complete })
}

/// What starts at a special byte, unless it is plain code after all.
struct Token {
    /// Where it starts: a literal's prefix comes before the special byte.
    start: usize,
    event: Event,
    /// Where lexing goes on.
    end: usize,
    /// An unclosed literal or comment runs to the end of the text.
    closed: bool,
}

impl Token {
    /// A literal from `start` to `end`, or to the end of the text if it is not closed.
    fn literal(bytes: &[u8], start: usize, end: Option<usize>) -> Self {
        let stop = end.unwrap_or(bytes.len());
        Token { start, event: Event::Str(start..stop), end: stop, closed: end.is_some() }
    }
}

/// A comment starting at `i`, if one does.
fn comment(bytes: &[u8], i: usize) -> Option<Token> {
    let rest = &bytes[i..];
    if rest.starts_with(b"//") {
        let mut end = find_byte(bytes, i, b'\n');
        if end > i && bytes[end - 1] == b'\r' && end < bytes.len() {
            end -= 1;
        }
        let doc = (rest.starts_with(b"///") && !rest.starts_with(b"////")) || rest.starts_with(b"//!");
        let kind = if doc { CommentKind::Doc } else { CommentKind::Line };
        return Some(Token { start: i, event: Event::Comment(i..end, kind), end, closed: true });
    }
    if rest.starts_with(b"/*") {
        let closed = block_comment_end(bytes, i);
        let end = closed.unwrap_or(bytes.len());
        // `/**/` and `/***…` are plain comments.
        let doc = (rest.starts_with(b"/**") && !rest.starts_with(b"/***") && !rest.starts_with(b"/**/"))
            || rest.starts_with(b"/*!");
        let kind = if doc { CommentKind::Doc } else { CommentKind::Block };
        return Some(Token { start: i, event: Event::Comment(i..end, kind), end, closed: closed.is_some() });
    }
    None
}

/// The end of a (nested) block comment starting at `i`.
fn block_comment_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut nesting = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                nesting += 1;
                i += 2;
            }
            (b'*', b'/') => {
                nesting -= 1;
                i += 2;
                if nesting == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The string literal whose quote is at `quote`, with its prefix if it has one: `"…"`,
/// `b"…"`, `c"…"`, `r"…"`, `r#"…"#`, `br#"…"#`, `cr"…"`. The prefix is looked for no further
/// back than `code`, where the text not yet reported starts.
fn string(bytes: &[u8], code: usize, quote: usize) -> Token {
    let before = &bytes[code..quote];
    let hashes = before.iter().rev().take_while(|&&b| b == b'#').count();
    let word = before[..before.len() - hashes].iter().rev().take(3).take_while(|&&b| is_ident_byte(b)).count();
    let prefix_start = quote - hashes - word;
    match &bytes[prefix_start..quote - hashes] {
        b"r" | b"br" | b"cr" => Token::literal(bytes, prefix_start, raw_string_end(bytes, quote + 1, hashes)),
        b"b" | b"c" if hashes == 0 => Token::literal(bytes, prefix_start, string_end(bytes, quote + 1)),
        _ => Token::literal(bytes, quote, string_end(bytes, quote + 1)),
    }
}

/// The end of a `"…"` string whose body starts at `i`.
fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of a raw string with `hashes` hashes whose body starts at `i`.
fn raw_string_end(bytes: &[u8], i: usize, hashes: usize) -> Option<usize> {
    let closing =
        |k: &usize| bytes[*k] == b'"' && bytes[*k + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes;
    (i..bytes.len()).find(closing).map(|k| k + 1 + hashes)
}

/// The char or byte literal (`'x'`, `'\n'`, `'\''`, `'é'`, `b'x'`) whose first quote is at
/// `quote`; `None` for a lifetime or label (`'a`), which is code.
fn char_literal(text: &str, code: usize, quote: usize) -> Option<Token> {
    let bytes = text.as_bytes();
    let end = char_end(text, quote)?;
    let byte = quote > code && bytes[quote - 1] == b'b' && (quote - 1 == code || !is_ident_byte(bytes[quote - 2]));
    Some(Token::literal(bytes, if byte { quote - 1 } else { quote }, Some(end)))
}

/// Where a char literal starting at `i` ends; `None` for a lifetime or label.
fn char_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i + 1..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        // An escape: the literal closes at the first quote after the escaped character.
        (Some('\\'), Some(escaped)) => {
            let after = 1 + escaped.len_utf8();
            Some(rest[after..].find('\'').map_or(text.len(), |p| i + 1 + after + p + 1))
        }
        (Some(c), Some('\'')) => Some(i + 1 + c.len_utf8() + 1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Vec<(&'static str, &str)> {
        crate::input::lexer::tests::events(text, |text, sink| lex(text, sink))
    }

    fn not_code(text: &str) -> Vec<(&'static str, &str)> {
        events(text).into_iter().filter(|(kind, _)| !matches!(*kind, "code" | "open" | "close")).collect()
    }

    #[test]
    fn comments_are_found_outside_strings_chars_and_raw_strings() {
        let text = "let a = \"// no\"; // yes\r\nlet r = r#\"\n// no\n\"#; let c = '\"'; /* block\n// inside */\nfn f<'a>() {} // end";
        assert_eq!(
            not_code(text),
            [
                ("str", "\"// no\""),
                ("comment", "// yes"),
                ("str", "r#\"\n// no\n\"#"),
                ("str", "'\"'"),
                ("block", "/* block\n// inside */"),
                ("comment", "// end")
            ]
        );
    }

    #[test]
    fn doc_comments_are_told_apart() {
        let text = "//! inner\n/// outer\n//// plain\n/** doc */ /*! inner */ /*** plain */ /**/";
        let kinds: Vec<&str> = not_code(text).iter().map(|(kind, _)| *kind).collect();
        assert_eq!(kinds, ["doc", "doc", "comment", "doc", "doc", "block", "block"]);
    }

    #[test]
    fn prefixes_lifetimes_and_names() {
        let text = "br#\"}\"# b'\\'' c\"x\" cr\"y\" r#type rb ab\"z\" 'l: loop {} '\\u{1F600}'";
        assert_eq!(
            not_code(text),
            [
                ("str", "br#\"}\"#"),
                ("str", "b'\\''"),
                ("str", "c\"x\""),
                ("str", "cr\"y\""),
                ("str", "\"z\""),
                ("str", "'\\u{1F600}'")
            ]
        );
    }

    #[test]
    fn events_cover_the_text_in_order() {
        let text = "/// d\r\nfn f<'a>(x: &'a str) { let c = b'\\''; /* a /* b */ */ r##\"\"#\"## }\n";
        let pieces: String = events(text).iter().map(|(_, t)| *t).collect();
        assert_eq!(pieces, text);
    }

    #[test]
    fn unclosed_literals_and_comments_are_incomplete() {
        for text in ["\"abc", "/* a /* b */", "r#\"x\"", "b\"x"] {
            let lexed = lex::<()>(text, |_| ControlFlow::Continue(()));
            assert_eq!(lexed, ControlFlow::Continue(Lexed { complete: false }), "{text}");
        }
    }
}
