use std::string::FromUtf8Error;

use super::{MetaContext, MetaRule, Rule, declare_rule};
use crate::finding::Site;
use crate::support::source::{SourceFile, Span};

/// The id under which files that do not parse are reported.
pub const PARSE_ERROR: &str = ParseError::ID;

declare_rule! {
    pub struct ParseError;
    id: "parse-error",
    kind: Meta,
    severity: Error,
    summary: "a file does not parse, so some of it could not be checked",
    docs: r#"## What it does
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
"#,
}

impl Rule for ParseError {}

/// Why a file could not be parsed.
pub enum ParseProblem<'a> {
    /// The parser's first error (`message` says how many more), at `site`.
    Syntax { site: &'a Site, message: &'a str },
    /// The file at `path` is not UTF-8.
    InvalidUtf8 { path: &'a std::sync::Arc<str>, error: &'a FromUtf8Error, shown: &'a mut Option<SourceFile> },
}

impl MetaRule for ParseError {
    type Input<'i> = ParseProblem<'i>;

    fn report(&self, problem: ParseProblem<'_>, cx: &mut MetaContext<'_>) {
        match problem {
            ParseProblem::Syntax { site, message } => {
                cx.report(site, message.to_owned());
            }
            ParseProblem::InvalidUtf8 { path, error, shown } if cx.applies(path) => {
                let source = shown_text(path, error);
                let at = error.utf8_error().valid_up_to();
                let site = Site::new(&source, Span::new(at, at + char::REPLACEMENT_CHARACTER.len_utf8()));
                let message = format!("file is not valid UTF-8 (invalid byte at offset {at}), so it cannot be parsed");
                cx.report(&site, message)
                    .help("save the file as UTF-8 (as Python 3 and rustc read source), or exclude it");
                *shown = Some(source);
            }
            ParseProblem::InvalidUtf8 { .. } => {}
        }
    }
}

/// The text a code frame shows for a file that is not UTF-8: the invalid bytes replaced, and
/// control characters too, since such a file is often binary and its bytes must not reach
/// the terminal as escape sequences. Offsets stay the file's up to the first invalid byte.
fn shown_text(path: &std::sync::Arc<str>, error: &FromUtf8Error) -> SourceFile {
    let shown: Vec<u8> = error
        .as_bytes()
        .iter()
        .map(|&b| if b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r') { b'?' } else { b })
        .collect();
    SourceFile::new(path.clone(), String::from_utf8_lossy(&shown).into_owned())
}
