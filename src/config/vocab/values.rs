//! The `[values]` vocabulary (`rules/values.toml`): how values pass through calls and which
//! calls and macros build strings from templates. The lowering core reads it, so that a new
//! wrapper or formatting macro is a line of TOML (built in or in a rule pack), not code.

use serde::Deserialize;

use crate::support::hashing::FastSet as HashSet;
use crate::support::pattern::PatternSet;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Values {
    #[serde(default)]
    pub python: ValuesLang,
    #[serde(default)]
    pub rust: ValuesLang,
}

impl Values {
    pub fn merge(&mut self, other: Values) {
        self.python.merge(other.python);
        self.rust.merge(other.rust);
    }
}

/// One language's `[values.<language>]` table, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ValuesLang {
    /// Methods whose result is their receiver, for these rules (`url.strip()`).
    #[serde(default)]
    pub transparent_methods: Vec<String>,
    /// Function paths whose result is their one argument (`str(url)`, `Some(url)`).
    #[serde(default)]
    pub transparent_functions: Vec<String>,
    /// Methods that fill a string literal's `{}` template (`"…{}…".format(x)`).
    #[serde(default)]
    pub format_methods: Vec<String>,
    /// Macros whose first argument is a format string (`format!`).
    #[serde(default)]
    pub format_macros: Vec<String>,
    /// Macros whose format string follows a destination (`write!(f, "…")`).
    #[serde(default)]
    pub format_macros_after_target: Vec<String>,
    /// Formatting macros whose result is the formatted string.
    #[serde(default)]
    pub string_macros: Vec<String>,
    /// Iterator methods whose closure's parameter is each element of the receiver in turn
    /// (`["dev", "local"].iter().any(|p| host.contains(p))`).
    #[serde(default)]
    pub element_methods: Vec<String>,
}

impl ValuesLang {
    fn merge(&mut self, other: ValuesLang) {
        self.transparent_methods.extend(other.transparent_methods);
        self.transparent_functions.extend(other.transparent_functions);
        self.format_methods.extend(other.format_methods);
        self.format_macros.extend(other.format_macros);
        self.format_macros_after_target.extend(other.format_macros_after_target);
        self.string_macros.extend(other.string_macros);
        self.element_methods.extend(other.element_methods);
    }
}

/// One language's `[values]` vocabulary, compiled for lookups on the hot path.
#[derive(Debug, Default)]
pub struct ValueVocab {
    pub transparent_methods: HashSet<String>,
    pub transparent_functions: PatternSet,
    pub format_methods: HashSet<String>,
    format_macros: HashSet<String>,
    format_macros_after_target: HashSet<String>,
    string_macros: HashSet<String>,
    pub element_methods: HashSet<String>,
}

impl ValueVocab {
    pub fn new(raw: ValuesLang) -> Self {
        let set = |list: Vec<String>| list.into_iter().collect();
        Self {
            transparent_functions: PatternSet::new(raw.transparent_functions.iter().map(String::as_str)),
            transparent_methods: set(raw.transparent_methods),
            format_methods: set(raw.format_methods),
            format_macros: set(raw.format_macros),
            format_macros_after_target: set(raw.format_macros_after_target),
            element_methods: set(raw.element_methods),
            string_macros: set(raw.string_macros),
        }
    }

    /// Where a formatting macro's format string is among its arguments, if `name` is one.
    pub fn format_macro_template(&self, name: &str) -> Option<usize> {
        if self.format_macros.contains(name) {
            Some(0)
        } else if self.format_macros_after_target.contains(name) {
            Some(1)
        } else {
            None
        }
    }

    /// Whether a formatting macro evaluates to its string (`format!`), rather than printing,
    /// logging or writing it.
    pub fn is_string_macro(&self, name: &str) -> bool {
        self.string_macros.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::vocab::Vocabulary;

    #[test]
    fn builtin_values_keep_the_lists_the_adapters_had() {
        let vocab = Vocabulary::builtin();
        assert!(vocab.python.values.transparent_methods.contains("strip"));
        assert!(vocab.python.values.transparent_functions.matches("str"));
        assert!(vocab.python.values.transparent_functions.matches("builtins.str"));
        assert!(vocab.rust.values.transparent_methods.contains("unwrap_or_default"));
        assert!(vocab.rust.values.transparent_functions.matches("String::from"));
        assert_eq!(vocab.rust.values.format_macro_template("println"), Some(0));
        assert_eq!(vocab.rust.values.format_macro_template("writeln"), Some(1));
        assert_eq!(vocab.rust.values.format_macro_template("vec"), None);
        assert!(vocab.rust.values.is_string_macro("format"));
        assert!(!vocab.rust.values.is_string_macro("println"));
    }

    #[test]
    fn a_rule_pack_extends_the_values() {
        let pack = crate::config::vocab::parse_rule_file(
            "pack.toml",
            "[values.rust]\ntransparent-methods = [\"expose_secret\"]\nformat-macros = [\"sql_format\"]\n",
        )
        .unwrap();
        let vocab = Vocabulary::with_extra(vec![pack]);
        assert!(vocab.rust.values.transparent_methods.contains("expose_secret"));
        assert!(vocab.rust.values.transparent_methods.contains("unwrap"));
        assert_eq!(vocab.rust.values.format_macro_template("sql_format"), Some(0));
    }
}
