//! The prefilter's literal search: every occurrence of every pattern, overlapping ones
//! included, ignoring ASCII case.
//!
//! A DFA step is a table lookup that depends on the one before, so a single pass waits on
//! memory at every byte (about 550 MB/s on the benchmark machine, whatever the patterns).
//! The text is cut into four quarters searched at once, one step of each per iteration:
//! the four lookups are independent and overlap (about 1.4 GB/s). Each quarter's pass runs
//! on past its end by the longest pattern's length, and keeps only the matches that start
//! inside it, so a match across a boundary is found exactly once.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, Anchored, MatchKind};

/// Texts shorter than this are searched in one pass.
const SPLIT_MIN: usize = 256;

#[derive(Debug)]
pub struct Search {
    engine: Engine,
    longest: usize,
}

#[derive(Debug)]
enum Engine {
    Dfa(Box<DFA>),
    /// A pattern set too large for a DFA (a user's rule pack with thousands of names).
    Nfa(AhoCorasick),
}

impl Search {
    /// `None` when no automaton can be built for `patterns`.
    pub fn new(patterns: &[String]) -> Option<Search> {
        let longest = patterns.iter().map(String::len).max().unwrap_or(0);
        let dfa = DFA::builder().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(patterns);
        let engine = match dfa {
            Ok(dfa) => Engine::Dfa(Box::new(dfa)),
            Err(_) => Engine::Nfa(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(patterns)
                    .ok()?,
            ),
        };
        Some(Search { engine, longest })
    }

    /// Every match in `text` as `(start, pattern)`, sorted.
    pub fn all(&self, text: &[u8]) -> Vec<(usize, usize)> {
        let mut found = match &self.engine {
            Engine::Dfa(dfa) if text.len() >= SPLIT_MIN => quarters(dfa, text, self.longest),
            Engine::Dfa(dfa) => {
                let mut found = Vec::new();
                pass(dfa, text, 0, start_state(dfa), usize::MAX, &mut found);
                found
            }
            Engine::Nfa(nfa) => nfa.find_overlapping_iter(text).map(|m| (m.start(), m.pattern().as_usize())).collect(),
        };
        found.sort_unstable();
        found
    }
}

fn start_state(dfa: &DFA) -> aho_corasick::automaton::StateID {
    dfa.start_state(Anchored::No).expect("an unanchored DFA has an unanchored start state")
}

/// Steps through `text[from..]` from state `sid`, pushing the matches that start before
/// `limit`; returns the state reached.
fn pass(
    dfa: &DFA,
    text: &[u8],
    from: usize,
    mut sid: aho_corasick::automaton::StateID,
    limit: usize,
    found: &mut Vec<(usize, usize)>,
) -> aho_corasick::automaton::StateID {
    for (at, &byte) in text.iter().enumerate().skip(from) {
        sid = dfa.next_state(Anchored::No, sid, byte);
        if dfa.is_special(sid) {
            matches_at(dfa, sid, at, limit, found);
        }
    }
    sid
}

/// The matches of state `sid`, reached by the byte at `at`, that start before `limit`.
#[inline]
fn matches_at(
    dfa: &DFA,
    sid: aho_corasick::automaton::StateID,
    at: usize,
    limit: usize,
    found: &mut Vec<(usize, usize)>,
) {
    if !dfa.is_match(sid) {
        return;
    }
    for index in 0..dfa.match_len(sid) {
        let pattern = dfa.match_pattern(sid, index);
        let start = at + 1 - dfa.pattern_len(pattern);
        if start < limit {
            found.push((start, pattern.as_usize()));
        }
    }
}

/// The four-quarter search (see the module docs).
fn quarters(dfa: &DFA, text: &[u8], longest: usize) -> Vec<(usize, usize)> {
    let len = text.len() / 4;
    let starts = [0, len, 2 * len, 3 * len];
    let mut found = Vec::new();
    let start = start_state(dfa);
    let mut sids = [start; 4];
    let lanes = text[..len].iter().zip(&text[len..2 * len]).zip(&text[2 * len..3 * len]).zip(&text[3 * len..4 * len]);
    for (j, (((&a, &b), &c), &d)) in lanes.enumerate() {
        // Four independent lookups per iteration, written out so they stay in registers.
        sids[0] = dfa.next_state(Anchored::No, sids[0], a);
        sids[1] = dfa.next_state(Anchored::No, sids[1], b);
        sids[2] = dfa.next_state(Anchored::No, sids[2], c);
        sids[3] = dfa.next_state(Anchored::No, sids[3], d);
        if dfa.is_special(sids[0]) | dfa.is_special(sids[1]) | dfa.is_special(sids[2]) | dfa.is_special(sids[3]) {
            for (lane, &sid) in sids.iter().enumerate() {
                if dfa.is_special(sid) {
                    matches_at(dfa, sid, starts[lane] + j, usize::MAX, &mut found);
                }
            }
        }
    }
    // Each quarter runs on past its end for the matches that start inside it; the last one
    // to the end of the text.
    for (lane, &sid) in sids.iter().enumerate() {
        let end = starts[lane] + len;
        let (until, limit) = if lane == 3 { (text.len(), usize::MAX) } else { ((end + longest).min(text.len()), end) };
        pass(dfa, &text[..until], end, sid, limit, &mut found);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every `(start, pattern)` by brute force.
    fn naive(patterns: &[String], text: &[u8]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for start in 0..text.len() {
            for (id, pattern) in patterns.iter().enumerate() {
                if text[start..].len() >= pattern.len()
                    && text[start..start + pattern.len()].eq_ignore_ascii_case(pattern.as_bytes())
                {
                    found.push((start, id));
                }
            }
        }
        found
    }

    #[test]
    fn finds_overlapping_duplicate_and_boundary_matches() {
        let patterns: Vec<String> = ["db", "db_url", "DB_URL", "url", "b_u"].map(String::from).to_vec();
        let search = Search::new(&patterns).unwrap();
        // 400 bytes: quarters start at 100, 200 and 300, and a match straddles the first two.
        let text = "x".repeat(97) + "db_url" + &"y".repeat(95) + "Db_Url" + &"z".repeat(196);
        assert_eq!(text.len(), 400);
        let found = search.all(text.as_bytes());
        assert!(found.contains(&(97, 1)) && found.contains(&(198, 2)), "{found:?}");
        assert_eq!(found, naive(&patterns, text.as_bytes()));
        assert_eq!(search.all(b"get_db_url()"), naive(&patterns, b"get_db_url()"));
    }

    proptest! {
        #[test]
        fn equals_the_brute_force_search(
            patterns in proptest::collection::vec("[abAB_]{1,5}", 1..8),
            text in "[abAB_ ]{0,700}",
        ) {
            let search = Search::new(&patterns).unwrap();
            prop_assert_eq!(search.all(text.as_bytes()), naive(&patterns, text.as_bytes()));
        }
    }
}
