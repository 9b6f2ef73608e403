//! Code frames that fit on a screen. miette draws every line of a span, so a 40-line method
//! labelled by `oversized-initializer` would fill the terminal; it cannot skip lines either,
//! because it numbers the rows by counting the lines it is given. So the frame is drawn in
//! full and then the middle of each long span is folded into one `⋮` row, recognised by the
//! line number miette printed. Rows are also trimmed: no line of the output ends in spaces.

use std::collections::BTreeSet;

use crate::finding::{Finding, Location};

/// Lines kept at each end of a long span.
const KEEP: u32 = 2;

/// The lines of `finding`'s own-file spans that its frame leaves out: all but the first and
/// last [`KEEP`] lines of a long span, never a line where a span starts or ends (its
/// underline and message are drawn there), and only runs of at least two lines (a `⋮` row
/// in place of one line saves nothing).
pub fn hidden_lines(finding: &Finding) -> BTreeSet<u32> {
    let spans: Vec<(u32, u32)> = std::iter::once(finding.location)
        .chain(finding.labels.iter().filter(|l| l.path.is_none()).map(|l| l.location))
        .map(lines_of)
        .collect();
    let anchors: BTreeSet<u32> = spans.iter().flat_map(|&(first, last)| [first, last]).collect();
    let mut hidden = BTreeSet::new();
    for &(first, last) in &spans {
        if last > first + 2 * KEEP {
            hidden.extend((first + KEEP..=last - KEEP).filter(|line| !anchors.contains(line)));
        }
    }
    // Drop runs of one line: they would be replaced by a row just as long.
    let lonely: Vec<u32> = hidden
        .iter()
        .copied()
        .filter(|&l| !hidden.contains(&l.saturating_sub(1)) && !hidden.contains(&(l + 1)))
        .collect();
    for line in lonely {
        hidden.remove(&line);
    }
    hidden
}

/// The first and last line a location covers (a span that ends with its line's newline ends
/// on that line, not at the start of the next one).
fn lines_of(location: Location) -> (u32, u32) {
    let (start, end) = (location.start, location.end);
    let last = if end.column == 1 && end.line > start.line { end.line - 1 } else { end.line };
    (start.line, last)
}

/// `rendered` with the rows of `hidden` lines folded into one `⋮` row per run, and every line
/// trimmed at the end.
pub fn fold(rendered: &str, hidden: &BTreeSet<u32>) -> String {
    let mut out = String::with_capacity(rendered.len());
    let mut folding = false;
    for row in rendered.lines() {
        match row_number(row) {
            Some(line) if hidden.contains(&line) => {
                if !folding {
                    let run = (line..).take_while(|l| hidden.contains(l)).count();
                    out.push_str(&marker(row, run));
                    out.push('\n');
                }
                folding = true;
                continue;
            }
            _ => folding = false,
        }
        out.push_str(&trim_end(row));
        out.push('\n');
    }
    out
}

/// The line number of a source row (` 283 │ …`); other rows (underlines, headers) have none.
fn row_number(row: &str) -> Option<u32> {
    let plain = strip_ansi(row);
    let (number, rest) = plain.trim_start().split_once(' ')?;
    if rest.starts_with('│') { number.parse().ok() } else { None }
}

/// The row that stands for `run` hidden lines: `⋮` where the line number was, the gutter of
/// the multi-line spans going through, and the count.
fn marker(row: &str, run: usize) -> String {
    let plain = strip_ansi(row);
    let (number, rest) = plain.trim_start().split_once(' ').unwrap_or_default();
    let width = plain.len() - plain.trim_start().len() + number.len();
    let gutter: String = rest.chars().take_while(|c| matches!(c, '│' | ' ')).collect();
    format!("{:>width$} {} … {} …", "⋮", gutter.trim_end(), crate::support::plural::count(run, "line"))
}

/// `line` without trailing whitespace, also where colour codes follow the whitespace.
pub fn trim_end(line: &str) -> String {
    let mut rest = line.trim_end();
    let mut codes = Vec::new();
    while let Some(start) = trailing_sgr(rest) {
        codes.push(&rest[start..]);
        rest = rest[..start].trim_end();
    }
    let mut trimmed = rest.to_owned();
    trimmed.extend(codes.into_iter().rev());
    trimmed
}

/// Where a colour code (`ESC [ … m`) that ends `text` starts.
fn trailing_sgr(text: &str) -> Option<usize> {
    let start = text.rfind('\u{1b}')?;
    let code = text[start..].strip_prefix("\u{1b}[")?.strip_suffix('m')?;
    code.bytes().all(|b| b.is_ascii_digit() || b == b';').then_some(start)
}

/// `text` without its escape sequences: colour codes and OSC 8 hyperlinks.
pub fn strip_ansi(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            plain.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters up to a final letter.
            Some('[') => while chars.next().is_some_and(|c| !c.is_ascii_alphabetic()) {},
            // OSC: up to the string terminator `ESC \` (or BEL).
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_whitespace_goes_even_before_colour_codes() {
        assert_eq!(trim_end(" 15 │     "), " 15 │");
        assert_eq!(trim_end(" 15 \u{1b}[2m│\u{1b}[0m   \u{1b}[0m"), " 15 \u{1b}[2m│\u{1b}[0m\u{1b}[0m");
        assert_eq!(trim_end("help: x"), "help: x");
    }

    #[test]
    fn escape_sequences_are_stripped() {
        let linked = "\u{1b}[31merror[\u{1b}]8;;https://x/y\u{1b}\\rule\u{1b}]8;;\u{1b}\\]\u{1b}[0m";
        assert_eq!(strip_ansi(linked), "error[rule]");
    }

    #[test]
    fn hidden_rows_become_one_marker_row() {
        let rendered =
            " 9 │ ╭─▶ def f():\n10 │ │       a\n11 │ │       b\n12 │ │       c\n13 │ ├─▶     d\n   · ╰── here\n";
        let hidden: BTreeSet<u32> = [10, 11, 12].into();
        let folded = fold(rendered, &hidden);
        assert_eq!(folded, " 9 │ ╭─▶ def f():\n ⋮ │ │ … 3 lines …\n13 │ ├─▶     d\n   · ╰── here\n");
    }
}
