//! Top-level items of a Rust file, found with the Rust lexer: an item ends at a `;` outside
//! any brackets, or at the `}` that closes its body — unless it assigns (`const X: T =
//! T { .. };`), in which case it ends at its `;`. Attributes and doc comments belong to the
//! item below them.

use std::ops::ControlFlow;

use super::Item;
use crate::input::lexer::{Event, rust::lex};

/// The file's top-level items, or `None` when there is nothing to leave out (or the lexer
/// lost its way, in which case the whole file is parsed).
pub fn items(text: &str) -> Option<Vec<Item>> {
    let bytes = text.as_bytes();
    let mut split = Split { text, items: Vec::new(), start: 0, head: None };
    let mut depth: usize = 0;
    let lexed = lex(text, |event| {
        match event {
            Event::Open(_) => depth += 1,
            Event::Close(at) => {
                let Some(outer) = depth.checked_sub(1) else { return ControlFlow::Break(()) };
                depth = outer;
                if depth == 0 && bytes[at] == b'}' && ends_with_body(split.code(at + 1)) {
                    split.push(at + 1);
                }
            }
            Event::Code(range) if depth == 0 => {
                for (offset, _) in bytes[range.clone()].iter().enumerate().filter(|(_, b)| **b == b';') {
                    split.push(range.start + offset + 1);
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    });
    if !matches!(lexed, ControlFlow::Continue(l) if l.complete) || depth != 0 {
        return None;
    }
    if !text[split.start..].trim().is_empty() {
        split.push(bytes.len());
    }
    let items = split.items;
    items.iter().any(|i| !i.always).then_some(items)
}

/// The items found so far, and the head of the one being read, read once however often its
/// code is looked at.
struct Split<'t> {
    text: &'t str,
    items: Vec<Item>,
    /// Where the item being read starts.
    start: usize,
    head: Option<Head>,
}

impl Split<'_> {
    /// The code of the item being read, up to `end`.
    fn code(&mut self, end: usize) -> &str {
        let (text, start) = (self.text, self.start);
        let head = self.head.get_or_insert_with(|| Head::of(&text[start..]));
        &text[(start + head.code).min(end)..end]
    }

    /// Ends the item being read at `end`.
    fn push(&mut self, end: usize) {
        let head = self.head.take().unwrap_or_else(|| Head::of(&self.text[self.start..]));
        self.items.push(item(&self.text[self.start..end], self.start, end, head));
        self.start = end;
    }
}

/// What comes before an item's code: comments and attributes.
#[derive(Clone, Copy)]
struct Head {
    /// Where the code starts, from the item's start.
    code: usize,
    /// An attribute marks it as test code the way lowering reads them: `#[test]`,
    /// `#[tokio::test(…)]`, `#[cfg(test)]`. Anything less plain (`cfg(any(test, …))`) does
    /// not, since keeping an item costs only time.
    test: bool,
}

impl Head {
    fn of(text: &str) -> Self {
        let mut test = false;
        let code = head_end(text, |attribute| {
            let Some(inner) = attribute.strip_prefix("#[").and_then(|a| a.strip_suffix(']')) else { return };
            let inner: String = inner.split_whitespace().collect();
            let path = inner.split('(').next().unwrap_or("");
            test |= inner == "cfg(test)" || path.rsplit("::").next() == Some("test");
        });
        Head { code, test }
    }
}

/// Whether an item whose text so far ends in a top-level `}` is complete: `fn`, `impl`,
/// `struct`, `mod`, macro invocations… end at their body; `use a::{b, c};`, `const X: S =
/// S { .. };`, `static`, `type` and `extern crate` end at their `;`.
fn ends_with_body(code: &str) -> bool {
    let words = code_words(code);
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

/// The item `text`, which stands at `start..end` in the file.
fn item(text: &str, start: usize, end: usize, head: Head) -> Item {
    let code = &text[head.code.min(text.len())..];
    let words = code_words(code);
    let keyword = first_keyword(&words);
    let kind = keyword.map(|k| words[k]);
    let name = keyword.and_then(|k| words.get(k + 1)).map(|w| w.to_string());
    let has_body = text.trim_end().ends_with('}');
    let always = match kind {
        Some("use" | "extern" | "const" | "static" | "type") => true,
        Some("mod") => !has_body,
        Some(_) => false,
        // Macro invocations at item level (`lazy_static! { … }`) are code like any other.
        None => false,
    };
    let defines = match kind {
        Some("const" | "static" | "fn" | "struct" | "enum" | "trait" | "type" | "union") => name.into_iter().collect(),
        Some("use" | "extern") => used_names(code),
        _ => Vec::new(),
    };
    // The kinds lowering leaves out when they carry a test attribute.
    let skippable = matches!(kind, Some("fn" | "impl" | "enum" | "mod" | "struct"));
    let test = skippable && head.test;
    Item { start, end, always, defines, depends_on: Vec::new(), test }
}

/// The names a `use` tree or `extern crate` (its `code`, after its head) binds: each leaf's
/// last segment or its alias, and for a `self` leaf the module it stands for (`use a::{self,
/// b}` binds `a` and `b`).
fn used_names(code: &str) -> Vec<String> {
    let code = without_comments(code);
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

/// `text` with each comment replaced by a space.
fn without_comments(text: &str) -> String {
    let mut code = String::with_capacity(text.len());
    let _ = lex::<()>(text, |event| {
        match event {
            Event::Comment(..) => code.push(' '),
            Event::Code(range) | Event::Str(range) | Event::Newline(range) => code.push_str(&text[range]),
            Event::Open(at) | Event::Close(at) => code.push_str(&text[at..at + 1]),
        }
        ControlFlow::Continue(())
    });
    code
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

/// The first identifier words of an item's `code`.
fn code_words(code: &str) -> Vec<&str> {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).take(8).collect()
}

/// Where the comments and attributes before an item's code end; `attribute` sees the text
/// of each attribute (`#[…]`, `#![…]`) on the way.
fn head_end(text: &str, mut attribute: impl FnMut(&str)) -> usize {
    // The `#` or `#!` of the attribute being read, and the brackets open in it.
    let mut hash: Option<usize> = None;
    let mut depth = 0;
    let flow = lex(text, |event| match event {
        Event::Open(at) if depth == 0 && hash.is_some_and(|h| text[h..at].trim_end_matches('!') == "#") => {
            depth = 1;
            ControlFlow::Continue(())
        }
        Event::Close(at) if depth == 1 => {
            depth = 0;
            attribute(&text[hash.take().expect("set before the attribute opened")..at + 1]);
            ControlFlow::Continue(())
        }
        Event::Open(_) if depth > 0 => {
            depth += 1;
            ControlFlow::Continue(())
        }
        Event::Close(_) if depth > 0 => {
            depth -= 1;
            ControlFlow::Continue(())
        }
        _ if depth > 0 => ControlFlow::Continue(()),
        Event::Comment(..) if hash.is_none() => ControlFlow::Continue(()),
        Event::Code(range) if hash.is_none() => {
            let code = text[range.clone()].trim_start();
            let at = range.end - code.len();
            match code {
                "" => ControlFlow::Continue(()),
                "#" | "#!" => {
                    hash = Some(at);
                    ControlFlow::Continue(())
                }
                _ => ControlFlow::Break(at),
            }
        }
        // The item's code starts here (or at a `#` that opened no attribute).
        Event::Code(range) | Event::Str(range) | Event::Comment(range, _) | Event::Newline(range) => {
            ControlFlow::Break(hash.unwrap_or(range.start))
        }
        Event::Open(at) | Event::Close(at) => ControlFlow::Break(hash.unwrap_or(at)),
    });
    match flow {
        ControlFlow::Break(at) => at,
        // An unclosed attribute runs to the end.
        ControlFlow::Continue(_) if depth > 0 => text.len(),
        ControlFlow::Continue(_) => hash.unwrap_or(text.len()),
    }
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

    /// Comments in a `use` tree are not part of it: `// why, c` used to bind `//` and `c`
    /// and lose `d`.
    #[test]
    fn use_trees_read_past_comments() {
        let names = used_names("use a::{\n    b, // why, c\n    d, /* e, */\n};");
        assert_eq!(names, ["b", "d"]);
    }
}
