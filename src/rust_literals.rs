//! Where Rust comments, string, byte-string, raw-string and char literals end, and where a
//! quote starts a lifetime instead: just enough lexing for the byte-level passes that run
//! before syn or instead of it (focusing, the nesting check, finding suppression comments).

use std::ops::Range;

pub fn ident_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')
}

pub fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| i + p + 1)
}

/// The end of a (nested) block comment starting at `i`.
pub fn block_comment_end(bytes: &[u8], mut i: usize) -> Option<usize> {
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

/// The end of a `"…"` string whose body starts at `i`.
pub fn string_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`, `b'x'`; an identifier starting with `r`/`b` otherwise.
pub fn prefixed_literal_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if bytes[i] == b'b' && bytes.get(j) == Some(&b'r') {
        j += 1;
    }
    let raw = bytes[i] == b'r' || j == i + 2;
    if !raw {
        return match bytes.get(j) {
            Some(b'"') => string_end(bytes, j + 1),
            Some(b'\'') => Some(j + 1 + bytes[j + 1..].iter().position(|&b| b == b'\'')? + 1),
            _ => Some(i + 1),
        };
    }
    let hashes = bytes[j..].iter().take_while(|&&b| b == b'#').count();
    if bytes.get(j + hashes) != Some(&b'"') {
        return Some(i + 1);
    }
    let body = j + hashes + 1;
    let mut k = body;
    while k < bytes.len() {
        if bytes[k] == b'"' && bytes[k + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes {
            return Some(k + 1 + hashes);
        }
        k += 1;
    }
    None
}

/// Where a char literal (`'x'`, `'\n'`, `'\''`, `'é'`) or a lifetime (`'a`) starting at `i`
/// ends.
pub fn quote_end(text: &str, i: usize) -> usize {
    let rest = &text[i + 1..];
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        // An escape: the literal closes at the first quote after the escaped character.
        (Some('\\'), Some(escaped)) => {
            let after = 1 + escaped.len_utf8();
            rest[after..].find('\'').map_or(text.len(), |p| i + 1 + after + p + 1)
        }
        (Some(c), Some('\'')) => i + 1 + c.len_utf8() + 1,
        // A lifetime or label: just the quote.
        _ => i + 1,
    }
}

/// Calls `visit` with the byte range of every comment in `text`, in order: a `//` comment
/// up to the end of its line (without the terminator), a block comment whole (an unclosed
/// one up to the end of the text).
pub fn comments(text: &str, mut visit: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        i = match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = bytes[i..].iter().position(|&b| matches!(b, b'\n' | b'\r')).map_or(bytes.len(), |p| i + p);
                visit(i..end);
                end
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = block_comment_end(bytes, i).unwrap_or(bytes.len());
                visit(i..end);
                end
            }
            b'"' => string_end(bytes, i + 1).unwrap_or(bytes.len()),
            b'r' | b'b' if !ident_before(bytes, i) => prefixed_literal_end(bytes, i).unwrap_or(bytes.len()),
            b'\'' => quote_end(text, i),
            _ => i + 1,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_outside_strings_chars_and_raw_strings() {
        let text = "let a = \"// no\"; // yes\r\nlet r = r#\"\n// no\n\"#; let c = '\"'; /* block\n// inside */\nfn f<'a>() {} // end";
        let mut found = Vec::new();
        comments(text, |range| found.push(&text[range]));
        assert_eq!(found, ["// yes", "/* block\n// inside */", "// end"]);
    }
}
