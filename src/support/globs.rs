//! Path globs relative to the project root, gitignore-style: `*` stays within a directory,
//! `**` crosses directories, and a pattern without `/` matches a name at any depth.

use std::ops::Range;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

#[derive(Debug, Clone)]
pub struct Globs {
    set: GlobSet,
    patterns: Vec<String>,
}

impl Default for Globs {
    fn default() -> Self {
        Self { set: GlobSet::empty(), patterns: Vec::new() }
    }
}

impl Globs {
    /// Compiles `(pattern, span)` pairs; an invalid pattern yields its span and the reason.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = (&'a str, Range<usize>)>,
    ) -> Result<Self, (Range<usize>, String)> {
        let mut builder = GlobSetBuilder::new();
        let mut written = Vec::new();
        for (pattern, span) in patterns {
            let glob = GlobBuilder::new(&normalize(pattern))
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|err| (span.clone(), format!("invalid glob `{pattern}`: {}", err.kind())))?;
            builder.add(glob);
            written.push(pattern.to_owned());
        }
        let set = builder.build().map_err(|err| (0..0, err.to_string()))?;
        Ok(Self { set, patterns: written })
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Built-in patterns, which are known to be valid.
    pub fn defaults(patterns: &[&str]) -> Self {
        Self::new(patterns.iter().map(|p| (*p, 0..0))).expect("built-in globs are valid")
    }

    /// Whether a `/`-separated path relative to the root matches.
    pub fn is_match(&self, path: &str) -> bool {
        !self.patterns.is_empty() && self.set.is_match(path)
    }

    /// The indexes of the patterns that match a path.
    pub fn matching(&self, path: &str) -> Vec<usize> {
        if self.patterns.is_empty() { Vec::new() } else { self.set.matches(path) }
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

fn normalize(pattern: &str) -> String {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let pattern = pattern.strip_suffix('/').unwrap_or(pattern);
    if let Some(anchored) = pattern.strip_prefix('/') {
        anchored.to_owned()
    } else if pattern.contains('/') {
        pattern.to_owned()
    } else {
        format!("**/{pattern}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(patterns: &[&str]) -> Globs {
        Globs::defaults(patterns)
    }

    #[test]
    fn star_stays_in_a_directory() {
        let g = globs(&["services/*/db/engine.py"]);
        assert!(g.is_match("services/api/db/engine.py"));
        assert!(!g.is_match("services/api/v2/db/engine.py"));
    }

    #[test]
    fn bare_names_match_at_any_depth() {
        let g = globs(&["migrations", "*.pyi"]);
        assert!(g.is_match("app/migrations"));
        assert!(g.is_match("migrations"));
        assert!(g.is_match("a/b/stubs.pyi"));
    }

    #[test]
    fn invalid_glob_reports_its_span() {
        let err = Globs::new([("a/[b", 10..15)]).unwrap_err();
        assert_eq!(err.0, 10..15);
        assert!(err.1.contains("a/[b"));
    }
}
