//! The nesting measure over Rust tokens: brackets and blocks, prefix operators (`!`, `-`,
//! `*`, `&`), and the right-nested closures, assignments, `return`/`break` and generic
//! arguments.

use super::{Depth, MAX_NESTING, word_end};
use crate::rust_literals::{block_comment_end, ident_before, line_end, prefixed_literal_end, quote_end, string_end};

pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = Depth::new();
    let mut after_operand = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Spaces are most of a focused text (left-out items are blanked with them).
        if b == b' ' {
            i += 1;
            continue;
        }
        let start = i;
        let next = bytes.get(i + 1).copied();
        let next_is = |c: u8| next == Some(c);
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'/' if next_is(b'/') => i = line_end(bytes, i),
            // An unclosed comment or string: the parser will say so.
            b'/' if next_is(b'*') => i = block_comment_end(bytes, i).unwrap_or(bytes.len()),
            b'"' => {
                i = string_end(bytes, i + 1).unwrap_or(bytes.len());
                after_operand = true;
            }
            b'\'' => {
                i = quote_end(text, i);
                after_operand = true;
            }
            b'r' | b'b' | b'c' if !ident_before(bytes, i) && literal_follows(bytes, i) => {
                i = if b == b'c' {
                    string_end(bytes, i + 2).unwrap_or(bytes.len())
                } else {
                    prefixed_literal_end(bytes, i).unwrap_or(bytes.len())
                };
                after_operand = true;
            }
            b'(' | b'[' | b'{' => {
                if b == b'{' {
                    depth.angles_end();
                }
                depth.open();
                after_operand = false;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth.close();
                after_operand = true;
                i += 1;
            }
            b',' | b';' => {
                depth.separator();
                after_operand = false;
                i += 1;
            }
            b'0'..=b'9' => {
                i = word_end(bytes, i);
                after_operand = true;
            }
            _ if super::is_ident_byte(b) => {
                let end = word_end(bytes, i);
                match &bytes[i..end] {
                    b"return" | b"break" => depth.nested(),
                    b"as" | b"in" => depth.binary(),
                    _ => {}
                }
                after_operand = !is_keyword(&bytes[i..end]);
                i = end;
            }
            _ => {
                i += punctuation(bytes, i, &mut depth, after_operand);
                // `>` closing a generic (`Vec<u8>::new`) and `?` end an operand.
                after_operand = matches!(b, b'>' | b'?') && !matches!(next, Some(b'=' | b'>'));
            }
        }
        if depth.total > MAX_NESTING {
            return Some(start);
        }
    }
    None
}

/// Whether the `r`, `b` or `c` at `i` starts a literal (`r"…"`, `r#"…"#`, `b'x'`, `br"…"`,
/// `c"…"`) rather than an identifier.
fn literal_follows(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i + 1..];
    match bytes[i] {
        b'r' => {
            rest.first().is_some_and(|&c| c == b'"' || (c == b'#' && rest.iter().find(|&&c| c != b'#') == Some(&b'"')))
        }
        b'b' => {
            matches!(rest.first(), Some(b'"' | b'\'')) || (rest.first() == Some(&b'r') && literal_follows(bytes, i + 1))
        }
        _ => rest.first() == Some(&b'"'),
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
