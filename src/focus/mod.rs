//! Focused parsing: a file the prefilter keeps is often one function with a trigger word
//! among fifty that have none. The file is split into its top-level items by a small
//! lexer; items that contain a trigger match, and the items the rules need for context
//! (imports, constants, what those constants are used in, the base classes of kept classes),
//! stay; every other byte is replaced by a space, newlines kept. Offsets are unchanged, so
//! spans from the focused parse point into the original text.
//!
//! A focused text that does not parse is thrown away and the whole file is parsed: a
//! splitter mistake can cost time, never a finding or a false syntax error.

mod python;
mod rust;

use crate::source::Lang;

/// One top-level item: its byte range and what the rules need to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    start: usize,
    end: usize,
    /// Kept whatever it contains: imports, constants, module-level statements.
    always: bool,
    /// The name it defines (a constant, a class, a function), if any.
    defines: Option<String>,
    /// Names it depends on for context (a class's bases).
    depends_on: Vec<String>,
}

/// The text to parse: `text` with the items that cannot matter blanked out, or `None` when
/// nothing can be left out. `matches` are the prefilter's `(offset, pattern)` matches;
/// `matters` says whether a part holding the given patterns can matter to the rules.
pub fn focus(text: &str, lang: Lang, matches: &[(usize, usize)], matters: impl Fn(&[usize]) -> bool) -> Option<String> {
    let items = match lang {
        Lang::Python => python::items(text)?,
        Lang::Rust => rust::items(text)?,
    };
    let has_match: Vec<bool> = items
        .iter()
        .map(|item| {
            let inside: Vec<usize> =
                matches.iter().filter(|(at, _)| *at >= item.start && *at < item.end).map(|&(_, id)| id).collect();
            !inside.is_empty() && matters(&inside)
        })
        .collect();
    let keep = kept(text, &items, &has_match);
    if keep.iter().all(|&k| k) {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for (item, _) in items.iter().zip(&keep).filter(|(_, k)| !**k) {
        for byte in &mut bytes[item.start..item.end] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    // Only ASCII bytes were written, over whole items, so the result is still UTF-8.
    String::from_utf8(bytes).ok()
}

/// Which items stay: always-kept ones and those with a match, then — until nothing changes —
/// the items defining what kept items depend on, and the items using a kept definition
/// whose own text has a match (a constant holding `"DATABASE_URL"`).
fn kept(text: &str, items: &[Item], has_match: &[bool]) -> Vec<bool> {
    let mut keep: Vec<bool> = items.iter().zip(has_match).map(|(i, &m)| i.always || m).collect();
    let carriers: Vec<&str> =
        items.iter().zip(has_match).filter(|(_, m)| **m).filter_map(|(i, _)| i.defines.as_deref()).collect();
    loop {
        let mut changed = false;
        let needed: Vec<String> =
            items.iter().zip(&keep).filter(|(_, k)| **k).flat_map(|(i, _)| i.depends_on.iter().cloned()).collect();
        for (index, item) in items.iter().enumerate() {
            if keep[index] {
                continue;
            }
            let defines_needed = item.defines.as_ref().is_some_and(|d| needed.contains(d));
            let uses_carrier = carriers.iter().any(|name| mentions(&text[item.start..item.end], name));
            if defines_needed || uses_carrier {
                keep[index] = true;
                changed = true;
            }
        }
        if !changed {
            return keep;
        }
    }
}

/// Whether `text` holds `name` as a whole identifier.
fn mentions(text: &str, name: &str) -> bool {
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.match_indices(name).any(|(at, _)| {
        let before = text.as_bytes().get(at.wrapping_sub(1)).copied();
        let after = text.as_bytes().get(at + name.len()).copied();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_items_without_matches_and_keeps_offsets() {
        let text = "import os\n\ndef a():\n    return 1\n\ndef b():\n    return os.environ['DATABASE_URL']\n";
        let at = text.find("DATABASE_URL").unwrap();
        let focused = focus(text, Lang::Python, &[(at, 0)], |_| true).unwrap();
        assert_eq!(focused.len(), text.len());
        assert!(focused.starts_with("import os\n"));
        assert!(!focused.contains("def a"));
        assert_eq!(&focused[at..at + 12], "DATABASE_URL");
    }

    #[test]
    fn keeps_users_of_a_triggered_constant_and_bases_of_kept_classes() {
        let text = "VAR = 'DATABASE_URL'\n\nclass Base(BaseSettings):\n    pass\n\nclass App(Base):\n    database_url: str\n\ndef read():\n    return os.environ[VAR]\n\ndef other():\n    return 2\n";
        let matches: Vec<(usize, usize)> =
            ["DATABASE_URL", "database_url"].iter().map(|w| (text.find(w).unwrap(), 0)).collect();
        let focused = focus(text, Lang::Python, &matches, |_| true).unwrap();
        assert!(focused.contains("class Base(BaseSettings)"), "{focused}");
        assert!(focused.contains("def read()"), "{focused}");
        assert!(!focused.contains("def other()"), "{focused}");
    }
}
