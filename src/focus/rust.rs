//! Top-level items of a Rust file, found with a small lexer: an item ends at a `;` outside
//! any brackets, or at the `}` that closes its body — unless it assigns (`const X: T =
//! T { .. };`), in which case it ends at its `;`. Attributes and doc comments belong to the
//! item below them.

use super::Item;
use crate::rust_literals::{block_comment_end, ident_before, line_end, prefixed_literal_end, quote_end, string_end};

/// The file's top-level items, or `None` when there is nothing to leave out (or the lexer
/// lost its way, in which case the whole file is parsed).
pub fn items(text: &str) -> Option<Vec<Item>> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut depth: usize = 0;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = block_comment_end(bytes, i)?,
            b'"' => i = string_end(bytes, i + 1)?,
            b'r' | b'b' if !ident_before(bytes, i) => i = prefixed_literal_end(bytes, i)?,
            b'\'' => i = quote_end(text, i),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 && bytes[i - 1] == b'}' && ends_with_body(&text[start..i]) {
                    items.push(item(text, start, i));
                    start = i;
                }
            }
            b';' if depth == 0 => {
                i += 1;
                items.push(item(text, start, i));
                start = i;
            }
            _ => i += 1,
        }
    }
    if depth != 0 {
        return None;
    }
    if !text[start..].trim().is_empty() {
        items.push(item(text, start, bytes.len()));
    }
    items.iter().any(|i| !i.always).then_some(items)
}

/// Whether an item whose text so far ends in a top-level `}` is complete: `fn`, `impl`,
/// `struct`, `mod`, macro invocations… end at their body; `use a::{b, c};`, `const X: S =
/// S { .. };`, `static`, `type` and `extern crate` end at their `;`.
fn ends_with_body(text: &str) -> bool {
    let words = code_words(text);
    let keyword = first_keyword(&words);
    let next = keyword.and_then(|k| words.get(k + 1)).copied();
    !matches!(
        (keyword.map(|k| words[k]), next),
        (Some("use" | "const" | "static" | "type"), _) | (Some("extern"), Some("crate"))
    )
}

/// Where the item keyword is among an item's first words (after `pub(in crate::a)`, `unsafe`, …).
fn first_keyword(words: &[&str]) -> Option<usize> {
    words.iter().position(|w| {
        matches!(
            *w,
            "use"
                | "extern"
                | "const"
                | "static"
                | "mod"
                | "fn"
                | "struct"
                | "enum"
                | "impl"
                | "trait"
                | "type"
                | "union"
                | "macro_rules"
        )
    })
}

fn item(text: &str, start: usize, end: usize) -> Item {
    let words: Vec<&str> = code_words(&text[start..end]);
    let keyword = first_keyword(&words);
    let kind = keyword.map(|k| words[k]);
    let name = keyword.and_then(|k| words.get(k + 1)).map(|w| w.to_string());
    let has_body = text[start..end].trim_end().ends_with('}');
    let always = match kind {
        Some("use" | "extern" | "const" | "static" | "type") => true,
        Some("mod") => !has_body,
        Some(_) => false,
        // Macro invocations at item level (`lazy_static! { … }`) are code like any other.
        None => false,
    };
    let defines = match kind {
        Some("const" | "static" | "fn" | "struct" | "enum" | "trait" | "type" | "union") => name.into_iter().collect(),
        Some("use" | "extern") => used_names(&text[start..end]),
        _ => Vec::new(),
    };
    // The kinds lowering leaves out when they carry a test attribute.
    let skippable = matches!(kind, Some("fn" | "impl" | "enum" | "mod" | "struct"));
    let test = skippable && has_test_attribute(&text[start..end]);
    Item { start, end, always, defines, depends_on: Vec::new(), test }
}

/// Whether the attributes before an item's code mark it as test code the way lowering reads
/// them: `#[test]`, `#[tokio::test(…)]`, `#[cfg(test)]`. Anything less plain
/// (`cfg(any(test, …))`) counts as not test code, since keeping an item costs only time.
fn has_test_attribute(text: &str) -> bool {
    let mut test = false;
    head_end(text, |attribute| {
        let Some(inner) = attribute.strip_prefix("#[").and_then(|a| a.strip_suffix(']')) else { return };
        let inner: String = inner.split_whitespace().collect();
        let path = inner.split('(').next().unwrap_or("");
        test |= inner == "cfg(test)" || path.rsplit("::").next() == Some("test");
    });
    test
}

/// The names a `use` tree or `extern crate` binds: each leaf's last segment or its alias,
/// and for a `self` leaf the module it stands for (`use a::{self, b}` binds `a` and `b`).
fn used_names(text: &str) -> Vec<String> {
    let code = &text[code_start(text)..];
    let tree = code.split_once("use ").or_else(|| code.split_once("crate ")).map_or("", |(_, rest)| rest);
    let mut names = Vec::new();
    let mut parents: Vec<&str> = Vec::new();
    for (piece, delimiter) in split_keeping(tree, &['{', '}', ',', ';']) {
        let piece = piece.trim();
        let mut words = piece.split_whitespace();
        let path = words.next().unwrap_or("");
        let leaf = path.trim_end_matches("::").rsplit("::").next().unwrap_or("");
        let name = match (words.next(), words.next()) {
            (Some("as"), Some(alias)) => alias,
            _ if leaf == "self" => parents.last().copied().unwrap_or(""),
            _ => leaf,
        };
        if delimiter == Some('{') {
            parents.push(leaf);
        } else if !matches!(name, "" | "_" | "*") {
            names.push(name.to_owned());
        }
        if delimiter == Some('}') {
            parents.pop();
        }
    }
    names
}

/// `text` split at each of `delimiters`, each piece with the delimiter that ended it.
fn split_keeping<'t>(text: &'t str, delimiters: &[char]) -> Vec<(&'t str, Option<char>)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices().filter(|(_, c)| delimiters.contains(c)) {
        pieces.push((&text[start..at], Some(c)));
        start = at + c.len_utf8();
    }
    pieces.push((&text[start..], None));
    pieces
}

/// The first identifier words of an item's code, after its comments and attributes.
fn code_words(text: &str) -> Vec<&str> {
    let code = &text[code_start(text)..];
    code.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).take(8).collect()
}

/// Where an item's code starts, after its comments and attributes.
fn code_start(text: &str) -> usize {
    head_end(text, |_| {})
}

/// Where the comments and attributes before an item's code end; `attribute` sees the text
/// of each attribute (`#[…]`, `#![…]`) on the way.
fn head_end(text: &str, mut attribute: impl FnMut(&str)) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let rest = &bytes[i..];
        i = if rest.starts_with(b"//") {
            line_end(bytes, i)
        } else if rest.starts_with(b"/*") {
            block_comment_end(bytes, i).unwrap_or(bytes.len())
        } else if rest.starts_with(b"#[") || rest.starts_with(b"#![") {
            let end = attribute_end(bytes, i);
            attribute(&text[i..end.min(text.len())]);
            end
        } else {
            break;
        };
    }
    i.min(text.len())
}

/// The end of an attribute `#[…]` or `#![…]` starting at `i`.
fn attribute_end(bytes: &[u8], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j < bytes.len() {
        match bytes[j] {
            b'"' => {
                j = string_end(bytes, j + 1).unwrap_or(bytes.len());
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
        j += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, bool)> {
        items(text).unwrap().iter().map(|i| (text[i.start..i.end].trim().to_owned(), i.always)).collect()
    }

    #[test]
    fn splits_items_past_comments_strings_chars_and_lifetimes() {
        let text = "use std::env;\n/* a { nested /* } */ comment */\nconst X: S = S { a: '}' };\n/// doc {\nfn a<'a>(x: &'a str) -> char {\n    let s = r#\"}\"#;\n    '{'\n}\nimpl B {\n    fn c(&self) {}\n}\n";
        let parts = kinds(text);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert!(parts[0].0.starts_with("use") && parts[0].1);
        assert!(parts[1].0.ends_with("S { a: '}' };") && parts[1].1, "{parts:?}");
        assert!(parts[2].0.contains("fn a<'a>") && !parts[2].1);
        assert!(parts[3].0.starts_with("impl B") && !parts[3].1);
        assert_eq!(items(text).unwrap()[1].defines, ["X"]);
    }

    #[test]
    fn test_items_are_marked_only_when_lowering_would_skip_them() {
        let text = "#[cfg(test)]\nmod tests {}\n/// #[test] in a doc\nfn a() {}\n#[tokio::test(flavor = \"multi_thread\")]\nasync fn b() {}\n#[cfg(not(test))]\nfn c() {}\n#[cfg(any(test, feature = \"x\"))]\nfn d() {}\n#[cfg(test)]\nuse e::F;\n#[cfg(test)]\ntrait G {}\n#[derive(Debug)]\n#[test]\nfn h() {}\n";
        let tests: Vec<bool> = items(text).unwrap().iter().map(|i| i.test).collect();
        assert_eq!(tests, [true, false, true, false, false, false, false, true]);
    }

    #[test]
    fn unbalanced_text_is_left_to_the_parser() {
        assert!(items("fn a() {").is_none());
    }
}

#[cfg(test)]
mod regressions {
    use super::*;

    /// A `use` group's closing brace does not end the item: its `;` belongs to it (found on
    /// lemmy, where 2,527 focused files stopped parsing).
    #[test]
    fn use_groups_end_at_their_semicolon() {
        let text = "use a::{b, c::D};\nfn f() {}\npub(crate) use e::{f};\npub(in crate::pg) use g::{h};\n";
        let parts: Vec<&str> = items(text).unwrap().iter().map(|i| text[i.start..i.end].trim()).collect();
        assert_eq!(
            parts,
            ["use a::{b, c::D};", "fn f() {}", "pub(crate) use e::{f};", "pub(in crate::pg) use g::{h};"]
        );
    }

    #[test]
    fn use_trees_bind_leaves_aliases_and_self() {
        let names = used_names(
            "/// a doc that could use words\npub use a::{self as m, b::{self, C}, d::E as F, g::*, _h as _};",
        );
        assert_eq!(names, ["m", "b", "C", "F"]);
        assert_eq!(used_names("extern crate serde_json as json;"), ["json"]);
    }
}
