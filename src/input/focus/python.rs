//! Top-level statements of a Python file, found from the lexer's logical line ends: a
//! statement starts at a line that begins in column 0 outside brackets, strings and
//! continuations; decorators belong to the `def` or `class` below them; comment and blank
//! lines never start one.

use std::ops::ControlFlow;

use super::Item;
use crate::input::lexer::Event;
use crate::input::lexer::python::{code_indent, lex};

/// The file's top-level items, or `None` when it has no `def` or `class` to leave out.
pub fn items(text: &str) -> Option<Vec<Item>> {
    let mut starts: Vec<usize> = Vec::new();
    let mut line_start = |offset: usize| {
        if code_indent(text.as_bytes(), offset) == Some(0) {
            let previous_is_decorator = starts.last().is_some_and(|&s| text.as_bytes()[s] == b'@')
                && !text[*starts.last().unwrap()..offset].lines().any(is_def);
            if !previous_is_decorator {
                starts.push(offset);
            }
        }
    };
    // Only the lines after the end of a logical line start statements: not those inside
    // brackets, strings, f-string fields or after a backslash.
    line_start(0);
    each_event(text, |event| {
        if let Event::Newline(range) = event {
            line_start(range.end);
        }
    });
    let items: Vec<Item> = starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            item(&text[start..end], start, end)
        })
        .collect();
    items.iter().any(|i| !i.always).then_some(items)
}

fn is_def(line: &str) -> bool {
    line.starts_with("def ") || line.starts_with("async def ") || line.starts_with("class ")
}

fn item(text: &str, start: usize, end: usize) -> Item {
    let header = text.lines().find(|l| !l.starts_with('@')).unwrap_or("");
    if is_def(header) {
        let rest = header.trim_start_matches("async ").trim_start_matches("def ").trim_start_matches("class ");
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let bases = if header.starts_with("class ") { bases(rest) } else { Vec::new() };
        return Item { start, end, always: false, defines: vec![name], depends_on: bases, test: false };
    }
    let target: String = header.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let assigns = header[target.len()..].trim_start().starts_with(['=', ':']);
    let mut defines = imported_names(text);
    if !target.is_empty() && assigns {
        defines.push(target);
    }
    Item { start, end, always: true, defines, depends_on: Vec::new(), test: false }
}

/// The names the import statements in `text` bind (also inside `try:`/`if` blocks):
/// `import a.b` binds `a`, `import a as b` and `from m import a as b` bind `b`.
fn imported_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    // Most statements kept whatever they hold are assignments: no need to lex them.
    if !text.contains("import") {
        return names;
    }
    // The code of the import statement being read, its comments left out.
    let mut statement = import_at(text, 0);
    each_event(text, |event| match event {
        Event::Newline(range) => {
            bind_imported(statement.take(), &mut names);
            statement = import_at(text, range.end);
        }
        Event::Comment(..) => {}
        Event::Code(range) | Event::Str(range) => statement.iter_mut().for_each(|s| s.push_str(&text[range.clone()])),
        Event::Open(at) | Event::Close(at) => statement.iter_mut().for_each(|s| s.push_str(&text[at..at + 1])),
    });
    bind_imported(statement, &mut names);
    names
}

/// Hands every event of `text` to `visit`.
fn each_event(text: &str, mut visit: impl FnMut(Event)) {
    let _ = lex::<()>(text, |event| {
        visit(event);
        ControlFlow::Continue(())
    });
}

/// An empty statement text if the logical line at `at` is an import.
fn import_at(text: &str, at: usize) -> Option<String> {
    let line = text[at..].trim_start_matches([' ', '\t', '\x0c']);
    (line.starts_with("import ") || line.starts_with("from ")).then(String::new)
}

/// Adds the names an import statement's code binds.
fn bind_imported(statement: Option<String>, names: &mut Vec<String>) {
    let Some(statement) = statement else { return };
    let line = statement.trim_start();
    let (clause, from) = if let Some(rest) = line.strip_prefix("import ") {
        (rest, false)
    } else if let Some((_, rest)) = line.strip_prefix("from ").and_then(|l| l.split_once(" import ")) {
        (rest, true)
    } else {
        return;
    };
    for part in clause.split([',', '(', ')', '\\', ';']) {
        let mut words = part.split_whitespace();
        let Some(first) = words.next() else { continue };
        let name = match (words.next(), words.next()) {
            (Some("as"), Some(alias)) => alias,
            _ if from => first,
            _ => first.split('.').next().unwrap_or(first),
        };
        if name != "*" {
            names.push(name.to_owned());
        }
    }
}

/// The base classes named in `Name(Base, other.Base, metaclass=M):`.
fn bases(rest: &str) -> Vec<String> {
    let Some(open) = rest.find('(') else { return Vec::new() };
    let after = &rest[open + 1..];
    // In broken code a `)` can come before the `(`: look for the close only after the open.
    let inside = &after[..after.rfind(')').unwrap_or(after.len())];
    inside
        .split(',')
        .filter(|arg| !arg.contains('='))
        .filter_map(|arg| arg.trim().rsplit('.').next())
        .map(|name| name.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>())
        .filter(|name| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        items(text).unwrap().iter().map(|i| &text[i.start..i.end]).collect()
    }

    #[test]
    fn bases_of_broken_headers() {
        assert_eq!(bases("A(Base, other.Mixin, metaclass=M):"), ["Base", "Mixin"]);
        // Found by fuzzing: a `)` before the `(` used to slice backwards.
        assert_eq!(bases("A\"):x!(B"), ["B"]);
        assert!(bases("A):(").is_empty());
    }

    #[test]
    fn decorators_comments_strings_and_brackets_stay_with_their_statement() {
        let text = "import os\n@decorator\n@other(1)\ndef a():\n# a comment in column 0\n    x = '''\nnot a statement\n'''\n    return (1,\n2)\nclass B(Base, metaclass=M):\n    pass\n";
        let parts = spans(text);
        assert_eq!(parts.len(), 3, "{parts:?}");
        assert!(parts[1].starts_with("@decorator") && parts[1].contains("return (1,\n2)"));
        let items = items(text).unwrap();
        assert_eq!(items[2].defines, ["B"]);
        assert_eq!(items[2].depends_on, ["Base"]);
        assert!(items[0].always && !items[1].always);
    }

    /// Python 3.12: a field of a single-quoted f-string may span lines and nest quotes of
    /// its own kind; a line of the field in column 0 does not start a statement.
    #[test]
    fn f_string_fields_spanning_lines_stay_with_their_statement() {
        let text = "def f():\n    return f\"{\", \".join([\n'a',  # why\n])}\"\ndef g():\n    pass\n";
        let parts = spans(text);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert!(parts[1].starts_with("def g()"), "{parts:?}");
    }

    #[test]
    fn imports_bind_their_aliases_and_first_segments() {
        let text = "import os, a.b as c, d.e\nfrom m import (\n    x,\n    y as z,  # why\n)\ntry:\n    from n import *\nexcept ImportError:\n    import w\n";
        assert_eq!(imported_names(text), ["os", "c", "d", "x", "z", "w"]);
    }

    /// A comment in a parenthesised import list used to end the list (`b` was lost, so an
    /// item using it lost its context), and a docstring line starting with `import` bound a
    /// name: the lexer says what is code.
    #[test]
    fn import_lists_read_past_comments_and_docstrings_import_nothing() {
        let text =
            "from m import (\n    a,  # why, see (b)\n    b,\n)\nimport c, \\\n    d  # e\n\"\"\"\nimport f\n\"\"\"\n";
        assert_eq!(imported_names(text), ["a", "b", "c", "d"]);
    }
}
