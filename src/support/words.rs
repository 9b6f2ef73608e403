//! Words in identifiers and literals.
//!
//! `getDatabaseURL`, `get_database_url` and `GET_DATABASE_URL` all hold the words
//! `get database url`; vocabulary entries such as `database_url` are matched as word
//! sequences, case-insensitively, so that `dsn` matches `pg_dsn` but not `dsname`.

/// The lowercase words of an identifier, split on `_`, `.`, `:` and camelCase humps.
pub fn split_words(ident: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = ident.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut current);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || p.is_ascii_digit() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump {
            flush(&mut words, &mut current);
        }
        current.extend(c.to_lowercase());
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        words.push(std::mem::take(current));
    }
}

/// A vocabulary entry such as `database_url`, as the word sequence it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordSeq(Vec<String>);

impl WordSeq {
    pub fn new(entry: &str) -> Self {
        Self(split_words(entry))
    }

    pub fn text(&self) -> String {
        self.0.join("_")
    }

    /// Whether `words` holds this sequence, consecutively.
    pub fn found_in(&self, words: &[String]) -> bool {
        !self.0.is_empty() && words.windows(self.0.len()).any(|window| window == self.0.as_slice())
    }
}

/// Whether any of `seqs` occurs in `words`.
pub fn any_seq_in(seqs: &[WordSeq], words: &[String]) -> bool {
    seqs.iter().any(|seq| seq.found_in(words))
}

/// Whether `needle` occurs in `haystack` (both lowercase) at the start of a word: at the
/// start of the text or after a character that is not a letter or digit. `stag` is found
/// in `"-staging"` but `test` is not found in `"latest"`.
pub fn contains_at_word_start(haystack: &str, needle: &str) -> bool {
    haystack
        .match_indices(needle)
        .any(|(at, _)| haystack[..at].chars().next_back().is_none_or(|before| !before.is_alphanumeric()))
}

/// The candidate in `options` closest to `input`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    options
        .into_iter()
        .map(|option| (edit_distance(input, option), option))
        .filter(|&(distance, option)| distance <= (option.len().max(input.len()) / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, option)| option)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The last segment of a dotted or `::` path.
pub fn last_segment(path: &str) -> &str {
    let path = path.strip_suffix('!').unwrap_or(path);
    path.rsplit(['.', ':']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_snake_camel_and_acronyms() {
        assert_eq!(split_words("get_database_url"), ["get", "database", "url"]);
        assert_eq!(split_words("getDatabaseURL"), ["get", "database", "url"]);
        assert_eq!(split_words("DBUrlBuilder"), ["db", "url", "builder"]);
        assert_eq!(split_words("settings.DATABASE_URL"), ["settings", "database", "url"]);
    }

    #[test]
    fn word_sequences_match_whole_words() {
        let dsn = WordSeq::new("dsn");
        assert!(dsn.found_in(&split_words("pg_dsn")));
        assert!(!dsn.found_in(&split_words("dsname")));
        let db_url = WordSeq::new("db_url");
        assert!(db_url.found_in(&split_words("get_db_url")));
        assert!(!db_url.found_in(&split_words("db_user_url")));
    }

    #[test]
    fn word_start_needs_a_boundary() {
        assert!(contains_at_word_start("my-staging-db", "stag"));
        assert!(contains_at_word_start("localhost:5432", "local"));
        assert!(!contains_at_word_start("latest", "test"));
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("ownres", ["owners", "entry-points"]), Some("owners"));
        assert_eq!(did_you_mean("zzz", ["owners"]), None);
    }
}
