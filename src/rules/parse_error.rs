use std::borrow::Cow;

use super::{Rule, RuleMeta};
use crate::finding::Severity;

/// The id under which the engine reports files that do not parse.
pub const PARSE_ERROR: &str = "parse-error";

pub struct ParseError;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed(PARSE_ERROR),
    outside_owners: false,
    severity: Severity::Error,
    concern: None,
    summary: Cow::Borrowed("a file does not parse, so some of it could not be checked"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
Reports a Python or Rust file that does not parse, at the first syntax error, with the
parser's message. Every other file is still checked.

A file that is not valid UTF-8 cannot be parsed either: it is reported at its first
invalid byte (and as an `invalid-utf8` entry in the JSON `errors`), and not checked.

A Python file with errors is still checked as far as the parser could recover (ruff's parser
returns a tree for the rest of the file). A Rust file with a syntax error is not checked at
all: syn cannot recover.

ssotlint is not a syntax checker: a file that contains none of the words any rule looks for
(no governed variable, no URL scheme, no pool class, …) is not parsed at all, so its syntax
errors are not reported. `--no-prefilter` parses every file.

## Why is this bad?
A linter that silently skips a file passes code it never read. A CI gate must say which
files it could not check.

## Example
A Python 2 file (`print "hello"`), a file saved in Latin-1, a template with `{{ placeholders }}` saved as `.py`, or a
Rust file using syntax newer than the parser.

## Use instead
Fix the syntax (or save the file as UTF-8), exclude generated or template files with `exclude = [...]`, or ignore the
rule for those paths in `[[per-path]]`.
"#;

impl Rule for ParseError {
    fn meta(&self) -> &RuleMeta {
        &META
    }
}
