//! How deeply a file nests, measured on its tokens before it is parsed.
//!
//! ruff's parser and syn recurse once per nesting level, and a stack overflow aborts the
//! process: it cannot be caught like a panic. So a file whose nesting goes past
//! [`MAX_NESTING`] is reported as a syntax error ("nesting too deep") and not parsed.
//!
//! What counts is what makes a parser recurse: open brackets and blocks (Python: also
//! indentation levels and f-string replacement fields), and on top of each, a run of
//! prefix operators (`not not x`, `- - x`, `!!x`, `&&x`) or right-nested constructs (`a ** b
//! ** c`, `x if c else y if d else z`, `lambda: lambda: 1`, `|| || 1`, `a = b = c`,
//! `Vec<Vec<u8>>`). A prefix run ends at the next binary operator (`-a - -b` nests one level,
//! not two); everything at a level ends at its `,` or `;` (and, in Python, at the end of a
//! logical line). Long left-nested chains (`a + b + c…`, `a.b.c…`) do not make the parsers
//! recurse; the adapters bound their own walk of those trees.
//!
//! The measure is an estimate made over the language's lexer (`crate::input::lexer`), not a
//! parse: it is built to overcount nothing that real code does in quantity, and to count
//! everything the parsers recurse on.

mod python;
mod rust;

use crate::support::source::Lang;

/// Nesting beyond this is a syntax error. CPython itself refuses more than 200 nested
/// brackets or 100 indentation levels; real code stays far below, and both parsers were
/// measured to survive well over ten times this on the checking threads' stacks.
pub const MAX_NESTING: usize = 256;

/// The byte offset where `text` first nests deeper than [`MAX_NESTING`], if it does.
pub fn too_deep(text: &str, lang: Lang) -> Option<usize> {
    let walk = match lang {
        Lang::Python => python::measure(text),
        Lang::Rust => rust::measure(text),
    };
    walk.break_value()
}

/// The open levels (brackets) and, at each, the running prefix and right-nested counts.
struct Depth {
    levels: Vec<Level>,
    /// Open brackets plus every level's counts: the estimated recursion depth.
    total: usize,
}

#[derive(Default, Clone, Copy)]
struct Level {
    /// Prefix operators since the last binary operator or separator.
    tight: usize,
    /// Right-nested constructs since the last separator.
    loose: usize,
    /// Rust `<` not yet closed by `>`: generic arguments, or comparisons, which end at the
    /// next `&&`, `||` or block.
    angle: usize,
}

impl Level {
    fn sum(&self) -> usize {
        self.tight + self.loose + self.angle
    }
}

impl Depth {
    fn new() -> Self {
        Depth { levels: vec![Level::default()], total: 0 }
    }

    fn top(&mut self) -> &mut Level {
        self.levels.last_mut().expect("the outermost level is never closed")
    }

    fn open(&mut self) {
        self.levels.push(Level::default());
        self.total += 1;
    }

    fn close(&mut self) {
        if self.levels.len() > 1 {
            let level = self.levels.pop().expect("checked above");
            self.total -= 1 + level.sum();
        }
    }

    fn separator(&mut self) {
        let level = std::mem::take(self.top());
        self.total -= level.sum();
    }

    fn binary(&mut self) {
        let tight = std::mem::take(&mut self.top().tight);
        self.total -= tight;
    }

    fn prefix(&mut self) {
        self.top().tight += 1;
        self.total += 1;
    }

    fn nested(&mut self) {
        self.top().loose += 1;
        self.total += 1;
    }

    fn angle_open(&mut self) {
        self.top().angle += 1;
        self.total += 1;
    }

    /// A `>`: whether it closed a `<`.
    fn angle_close(&mut self) -> bool {
        let level = self.top();
        if level.angle == 0 {
            return false;
        }
        level.angle -= 1;
        self.total -= 1;
        true
    }

    /// What ends a run of comparisons: `&&`, `||`, a block.
    fn angles_end(&mut self) {
        let angle = std::mem::take(&mut self.top().angle);
        self.total -= angle;
    }
}

/// The end of the identifier (or number) starting at `i`.
fn word_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && crate::input::lexer::is_ident_byte(bytes[i]) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn brackets_past_the_limit_are_too_deep_in_both_languages() {
        let ok = format!("x = {}\n", nested("(", "1", ")", MAX_NESTING - 10));
        assert_eq!(too_deep(&ok, Lang::Python), None);
        let deep = format!("x = {}\n", nested("[", "", "]", MAX_NESTING + 1));
        assert_eq!(too_deep(&deep, Lang::Python), Some(4 + MAX_NESTING));
        let ok = format!("fn f() {{ let x = {}; }}\n", nested("(", "1", ")", MAX_NESTING - 10));
        assert_eq!(too_deep(&ok, Lang::Rust), None);
        let deep = format!("fn f() {}\n", nested("{", "", "}", MAX_NESTING + 1));
        assert!(too_deep(&deep, Lang::Rust).is_some());
    }

    #[test]
    fn prefix_runs_count_but_binary_chains_do_not() {
        let chain = "1".to_owned() + &" - -1".repeat(10_000);
        assert_eq!(too_deep(&format!("x = {chain}\n"), Lang::Python), None);
        assert_eq!(too_deep(&format!("fn f() {{ let x = {chain}; }}\n"), Lang::Rust), None);
        let nots = format!("x = {}y\n", "not ".repeat(MAX_NESTING + 1));
        assert!(too_deep(&nots, Lang::Python).is_some());
        let bangs = format!("fn f() {{ let x = {}y; }}\n", "!".repeat(MAX_NESTING + 1));
        assert!(too_deep(&bangs, Lang::Rust).is_some());
        let refs = format!("fn f() {{ let x = {}y; }}\n", "&&".repeat(MAX_NESTING));
        assert!(too_deep(&refs, Lang::Rust).is_some());
    }

    #[test]
    fn right_nested_constructs_count_until_a_separator() {
        let ternary = format!("x = {}1\n", "1 if y else ".repeat(MAX_NESTING + 1));
        assert!(too_deep(&ternary, Lang::Python).is_some());
        let lambdas = format!("x = {}1\n", "lambda: ".repeat(MAX_NESTING + 1));
        assert!(too_deep(&lambdas, Lang::Python).is_some());
        let power = format!("x = {}\n", vec!["2"; MAX_NESTING + 2].join(" ** "));
        assert!(too_deep(&power, Lang::Python).is_some());
        let closures = format!("fn f() {{ let x = {}1; }}\n", "|| ".repeat(MAX_NESTING + 1));
        assert!(too_deep(&closures, Lang::Rust).is_some());
        let types = format!("type T = {};\n", nested("Vec<", "u8", ">", MAX_NESTING + 1));
        assert!(too_deep(&types, Lang::Rust).is_some());
        // Many statements, arguments or generic types in a row are not nesting.
        let many = "x = 1 if y else 2\n".repeat(10_000);
        assert_eq!(too_deep(&many, Lang::Python), None);
        let args = format!("fn f() {{ g({}); }}\n", "|| 1, ".repeat(10_000));
        assert_eq!(too_deep(&args, Lang::Rust), None);
        let generics = "fn f(a: HashMap<String, Vec<u8>>) -> Option<Vec<u8>> { a < b; x = y; }\n".repeat(5_000);
        assert_eq!(too_deep(&generics, Lang::Rust), None);
    }

    #[test]
    fn strings_and_comments_do_not_nest() {
        let text =
            format!("x = '{}'  # {}\ny = \"\"\"{}\"\"\"\n", "(".repeat(1000), "[".repeat(1000), "{".repeat(1000));
        assert_eq!(too_deep(&text, Lang::Python), None);
        let text = format!(
            "// {}\nfn f() {{ let s = \"{}\"; let r = r#\"{}\"#; let c = '('; let l: &'a str = x; }}\n/* {} */\n",
            "(".repeat(1000),
            "(".repeat(1000),
            "\"(".repeat(1000),
            "{".repeat(1000)
        );
        assert_eq!(too_deep(&text, Lang::Rust), None);
    }

    #[test]
    fn python_fstring_fields_nest_and_their_text_does_not() {
        let fields = format!("x = {}1{}\n", "f'{".repeat(MAX_NESTING + 1), "}'".repeat(MAX_NESTING + 1));
        assert!(too_deep(&fields, Lang::Python).is_some());
        let text = format!("x = f'{{{{ {} }}}} {{a:>{{width}}}} {{b!r}} {{c=}}'\n", "(".repeat(1000));
        assert_eq!(too_deep(&text, Lang::Python), None);
        let same_quotes = "x = f\"{d[\"k\"]} {f\"{1}\"}\"\ny = 1\n".repeat(1000);
        assert_eq!(too_deep(&same_quotes, Lang::Python), None);
    }

    #[test]
    fn python_indentation_levels_nest() {
        let mut text = String::new();
        for level in 0..=MAX_NESTING + 1 {
            text.push_str(&" ".repeat(level));
            text.push_str("if x:\n");
        }
        assert!(too_deep(&text, Lang::Python).is_some());
        let flat = "def f():\n    if x:\n        return 1\n    return 2\n".repeat(5_000);
        assert_eq!(too_deep(&flat, Lang::Python), None);
    }
}
