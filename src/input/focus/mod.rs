//! Focused parsing: a file the prefilter keeps is often one function with a trigger word
//! among fifty that have none. The file is split into its top-level items with the
//! language's lexer (`crate::input::lexer`); items that contain a trigger match, and the items the
//! rules need for context (imports, constants, what those constants are used in, the base
//! classes of kept classes), stay; every other byte is replaced by a space, newlines kept.
//! Offsets are unchanged, so spans from the focused parse point into the original text.
//!
//! A focused text that does not parse is thrown away and the whole file is parsed: a
//! splitter mistake can cost time, never a finding or a false syntax error.

mod python;
mod rust;

use crate::support::hashing::{FastMap, FastSet};
use crate::support::source::Lang;

/// One top-level item: its byte range and what the rules need to know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    start: usize,
    end: usize,
    /// Kept whatever it contains: imports, constants, module-level statements.
    always: bool,
    /// The names it binds: a constant, a class, a function, or what an import brings in.
    defines: Vec<String>,
    /// Names it depends on for context (a class's bases).
    depends_on: Vec<String>,
    /// Test code (`#[cfg(test)] mod tests`, `#[test] fn`) that lowering leaves out when test
    /// code is skipped: then it is blanked whatever it contains.
    test: bool,
}

/// The text to parse: `text` with the items that cannot matter blanked out, or `None` when
/// nothing can be left out. `matches` are the prefilter's `(offset, pattern)` matches;
/// `matters` says whether a part holding the given patterns can matter to the rules;
/// `skip_tests` blanks test items.
pub fn focus(
    text: &str,
    lang: Lang,
    matches: &[(usize, usize)],
    skip_tests: bool,
    matters: impl Fn(&[usize]) -> bool,
) -> Option<String> {
    // A trigger that holds with no pattern present (a size limit on every type, `*`) needs
    // every item, including those without a match.
    if matters(&[]) {
        return None;
    }
    let items = match lang {
        Lang::Python => python::items(text)?,
        Lang::Rust => rust::items(text)?,
    };
    // Items and matches are both in text order: one sweep assigns each match its item.
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut index = 0;
    for &(at, id) in matches {
        while index < items.len() && items[index].end <= at {
            index += 1;
        }
        match items.get(index) {
            Some(item) if item.start <= at => own[index].push(id),
            Some(_) => {}
            None => break,
        }
    }
    for ids in &mut own {
        ids.sort_unstable();
        ids.dedup();
    }
    // A name bound by an import or a constant carries that statement's matches into every
    // item that uses it: `from sqlalchemy import create_engine as ce` puts both words of
    // `sqlalchemy.create_engine` behind a bare `ce(url)`.
    let mut bound: FastMap<&[u8], Vec<usize>> = FastMap::default();
    for (item, ids) in items.iter().zip(&own).filter(|(item, ids)| item.always && !ids.is_empty()) {
        for name in &item.defines {
            bound.entry(name.as_bytes()).or_default().extend_from_slice(ids);
        }
    }
    for ids in bound.values_mut() {
        ids.sort_unstable();
        ids.dedup();
    }
    let bound_lengths = lengths(bound.keys().copied());
    let has_match: Vec<bool> = items
        .iter()
        .zip(&own)
        .map(|(item, ids)| {
            let mut ids = ids.clone();
            if !item.always && !bound.is_empty() {
                let mut carried: FastSet<&[u8]> = FastSet::default();
                for word in identifiers(&text[item.start..item.end]).filter(|w| has_length(bound_lengths, w)) {
                    if let Some(bound_ids) = bound.get(word)
                        && carried.insert(word)
                    {
                        ids.extend_from_slice(bound_ids);
                    }
                }
            }
            // One entry per pattern: an item can hold the same word hundreds of times, and
            // `matters` looks each trigger up in this list.
            ids.sort_unstable();
            ids.dedup();
            !ids.is_empty() && matters(&ids)
        })
        .collect();
    let blank: Vec<bool> = items.iter().map(|item| skip_tests && item.test).collect();
    let keep = kept(text, &items, &has_match, &blank);
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
/// whose own text has a match (a constant holding `"DATABASE_URL"`). `blank` items never
/// stay.
fn kept(text: &str, items: &[Item], has_match: &[bool], blank: &[bool]) -> Vec<bool> {
    let mut keep: Vec<bool> =
        items.iter().zip(has_match).zip(blank).map(|((i, &m), &b)| !b && (i.always || m)).collect();
    let carriers: FastSet<&[u8]> = items
        .iter()
        .zip(has_match)
        .filter(|(_, m)| **m)
        .flat_map(|(i, _)| i.defines.iter().map(|d| d.as_bytes()))
        .collect();
    let carrier_lengths = lengths(carriers.iter().copied());
    let uses_carrier: Vec<bool> = items
        .iter()
        .zip(&keep)
        .map(|(item, &kept)| {
            !kept
                && !carriers.is_empty()
                && identifiers(&text[item.start..item.end])
                    .any(|w| has_length(carrier_lengths, w) && carriers.contains(w))
        })
        .collect();
    loop {
        let mut changed = false;
        let needed: Vec<&str> = items
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .flat_map(|(i, _)| i.depends_on.iter().map(String::as_str))
            .collect();
        for (index, item) in items.iter().enumerate() {
            if keep[index] || blank[index] {
                continue;
            }
            let defines_needed = item.defines.iter().any(|d| needed.contains(&d.as_str()));
            if defines_needed || uses_carrier[index] {
                keep[index] = true;
                changed = true;
            }
        }
        if !changed {
            return keep;
        }
    }
}

/// The identifier-like words of `text` (ASCII letters, digits and `_`).
fn identifiers(text: &str) -> impl Iterator<Item = &[u8]> {
    text.as_bytes().split(|b| !IDENT[usize::from(*b)]).filter(|w| !w.is_empty())
}

const IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The lengths of `words` as a bit set (63 stands for 63 and longer): most identifiers of a
/// text are ruled out by their length before they are hashed.
fn lengths<'a>(words: impl Iterator<Item = &'a [u8]>) -> u64 {
    words.fold(0, |set, word| set | 1 << word.len().min(63))
}

fn has_length(set: u64, word: &[u8]) -> bool {
    set & 1 << word.len().min(63) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part matters when it holds any pattern.
    fn any_pattern(patterns: &[usize]) -> bool {
        !patterns.is_empty()
    }

    #[test]
    fn blanks_items_without_matches_and_keeps_offsets() {
        let text = "import os\n\ndef a():\n    return 1\n\ndef b():\n    return os.environ['DATABASE_URL']\n";
        let at = text.find("DATABASE_URL").unwrap();
        let focused = focus(text, Lang::Python, &[(at, 0)], true, any_pattern).unwrap();
        assert_eq!(focused.len(), text.len());
        assert!(focused.starts_with("import os\n"));
        assert!(!focused.contains("def a"));
        assert_eq!(&focused[at..at + 12], "DATABASE_URL");
    }

    #[test]
    fn blanks_test_items_with_matches_only_when_test_code_is_skipped() {
        let text = "fn read() -> String {\n    env::var(\"DATABASE_URL\").unwrap()\n}\n\n#[cfg(test)]\nmod tests {\n    fn t() { env::var(\"DATABASE_URL\"); }\n}\n";
        let matches: Vec<(usize, usize)> = text.match_indices("DATABASE_URL").map(|(at, _)| (at, 0)).collect();
        let skipped = focus(text, Lang::Rust, &matches, true, any_pattern).unwrap();
        assert!(skipped.contains("fn read()") && !skipped.contains("mod tests"), "{skipped}");
        assert_eq!(focus(text, Lang::Rust, &matches, false, any_pattern), None);
    }

    #[test]
    fn keeps_users_of_a_triggered_constant_and_bases_of_kept_classes() {
        let text = "VAR = 'DATABASE_URL'\n\nclass Base(BaseSettings):\n    pass\n\nclass App(Base):\n    database_url: str\n\ndef read():\n    return os.environ[VAR]\n\ndef other():\n    return 2\n";
        let matches: Vec<(usize, usize)> =
            ["DATABASE_URL", "database_url"].iter().map(|w| (text.find(w).unwrap(), 0)).collect();
        let focused = focus(text, Lang::Python, &matches, true, any_pattern).unwrap();
        assert!(focused.contains("class Base(BaseSettings)"), "{focused}");
        assert!(focused.contains("def read()"), "{focused}");
        assert!(!focused.contains("def other()"), "{focused}");
    }

    /// A trigger that holds with no pattern present (`pattern = "*"` in a size limit) needs
    /// every item: nothing is blanked.
    #[test]
    fn keeps_everything_when_a_part_without_patterns_matters() {
        let text = "import os\n\ndef a():\n    return 1\n";
        assert_eq!(focus(text, Lang::Python, &[], true, |_| true), None);
    }
}
