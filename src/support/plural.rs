//! Counts with their noun in the right number (`1 file`, `2 files`, `3 baseline entries`):
//! every count the product prints goes through [`count`], so none says "1 findings".

/// `n` followed by `noun` (given in the singular), pluralised when `n` is not 1. The last
/// word of `noun` takes the plural, so `count(2, "test file")` is `2 test files`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {}", plural(noun)) }
}

/// The plural of an English noun phrase from the product's own vocabulary; the few words
/// that do not just take an `s` are spelled out here.
fn plural(noun: &str) -> String {
    let last = noun.rsplit(' ').next().unwrap_or(noun);
    // "info" is a severity, as uncountable in the summary as in "3 info".
    if last == "info" {
        return noun.to_owned();
    }
    let stem = &noun[..noun.len() - last.len()];
    let consonant_y = last.len() > 1
        && last.ends_with('y')
        && !matches!(last.as_bytes()[last.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    if consonant_y {
        format!("{stem}{}ies", &last[..last.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| last.ends_with(end)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "finding"), "1 finding");
        assert_eq!(count(0, "finding"), "0 findings");
        assert_eq!(count(2, "file"), "2 files");
        assert_eq!(count(1, "baseline entry"), "1 baseline entry");
        assert_eq!(count(3, "baseline entry"), "3 baseline entries");
        assert_eq!(count(2, "test file"), "2 test files");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(2, "match"), "2 matches");
        assert_eq!(count(4, "info"), "4 info");
        assert_eq!(count(2, "URL"), "2 URLs");
    }
}
