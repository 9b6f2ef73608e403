//! Name patterns for variable names and call paths: `POSTGRES_*`, `*ConnectOptions::from_str`,
//! `*.get_database_url`. `*` matches any run of characters; everything else is literal.

use crate::support::hashing::FastSet as HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    text: Box<str>,
}

impl Pattern {
    pub fn new(text: &str) -> Self {
        Self { text: text.into() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_literal(&self) -> bool {
        !self.text.contains('*')
    }

    /// Whether the pattern is stars only (`*`): it matches every name, so there is no text
    /// the prefilter could require of a file that holds a match.
    pub fn matches_any_name(&self) -> bool {
        !self.text.is_empty() && self.text.chars().all(|c| c == '*')
    }

    pub fn matches(&self, candidate: &str) -> bool {
        wildcard_match(&self.text, candidate)
    }
}

fn wildcard_match(pattern: &str, text: &str) -> bool {
    let (first, rest_of_pattern) = pattern.split_once('*').unwrap_or((pattern, ""));
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    if !pattern.contains('*') {
        return rest.is_empty();
    }
    // The last piece must end the text; the ones between are found in order, leftmost first.
    let (middle, last) = rest_of_pattern.rsplit_once('*').unwrap_or(("", rest_of_pattern));
    for part in middle.split('*').filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Many patterns: literal names in a hash set, wildcard ones tried in order.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    exact: HashSet<Box<str>>,
    wild: Vec<Pattern>,
}

impl PatternSet {
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Self {
        let mut set = Self::default();
        set.extend(patterns);
        set
    }

    pub fn extend<'a>(&mut self, patterns: impl IntoIterator<Item = &'a str>) {
        for pattern in patterns {
            let pattern = Pattern::new(pattern);
            if pattern.is_literal() {
                self.exact.insert(pattern.text);
            } else {
                self.wild.push(pattern);
            }
        }
    }

    pub fn matches(&self, candidate: &str) -> bool {
        self.exact.contains(candidate) || self.wild.iter().any(|p| p.matches(candidate))
    }

    /// Whether one of the star-free patterns is exactly `candidate`.
    pub fn exact_contains(&self, candidate: &str) -> bool {
        self.exact.contains(candidate)
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.wild.is_empty()
    }

    /// Every pattern as written, wildcards included.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        self.exact.iter().map(|s| &**s).chain(self.wild.iter().map(Pattern::as_str))
    }

    /// Whether one of the patterns matches every name ([`Pattern::matches_any_name`]).
    pub fn matches_any_name(&self) -> bool {
        self.wild.iter().any(Pattern::matches_any_name)
    }

    /// The literal (star-free) pieces of every pattern, for the prefilter.
    pub fn literal_pieces(&self) -> impl Iterator<Item = &str> {
        self.exact
            .iter()
            .map(|s| &**s)
            .chain(self.wild.iter().flat_map(|p| p.text.split('*')))
            .filter(|piece| !piece.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_matches_any_run() {
        assert!(Pattern::new("POSTGRES_*").matches("POSTGRES_HOST"));
        assert!(!Pattern::new("POSTGRES_*").matches("MY_POSTGRES_HOST"));
        assert!(Pattern::new("*_DATABASE_URL").matches("TEST_DATABASE_URL"));
        assert!(!Pattern::new("*_DATABASE_URL").matches("DATABASE_URL"));
        assert!(Pattern::new("*ConnectOptions::from_str").matches("sqlx::postgres::PgConnectOptions::from_str"));
        assert!(Pattern::new("a*b*c").matches("abc"));
        assert!(!Pattern::new("a*bc*c").matches("abc"));
    }

    #[test]
    fn set_mixes_exact_and_wild() {
        let set = PatternSet::new(["DATABASE_URL", "PG*"]);
        assert!(set.matches("DATABASE_URL"));
        assert!(set.matches("PGHOST"));
        assert!(!set.matches("REDIS_URL"));
    }
}
