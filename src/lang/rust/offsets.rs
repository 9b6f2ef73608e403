//! Byte offsets of token spans. `proc_macro2` stores character positions and converts them
//! to bytes by walking characters from a cached point, which showed up at 9% of a profile;
//! its line and column (a binary search over its line table) plus this table of byte line
//! starts give the same offset with a binary search and, on an ASCII line, nothing more.

use proc_macro2::{LineColumn, Span as TokenSpan};

use crate::support::source::Span;

pub struct Offsets<'t> {
    text: &'t str,
    /// Byte offset of each line (lines end at `\n`, as in `proc_macro2`).
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

impl<'t> Offsets<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes()[start..end].is_ascii()
            })
            .collect();
        Self { text, starts, ascii }
    }

    fn byte(&self, at: LineColumn) -> usize {
        let Some(&start) = self.starts.get(at.line.wrapping_sub(1)) else { return 0 };
        if self.ascii[at.line - 1] {
            return (start + at.column).min(self.text.len());
        }
        self.text[start..].char_indices().nth(at.column).map_or(self.text.len(), |(i, _)| start + i)
    }

    /// The byte range of a token span in the parsed text.
    pub fn span(&self, span: TokenSpan) -> Span {
        Span::new(self.byte(span.start()), self.byte(span.end()))
    }

    /// The byte range from the start of `first` to the end of `last`.
    pub fn between(&self, first: TokenSpan, last: TokenSpan) -> Span {
        Span::new(self.byte(first.start()), self.byte(last.end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_proc_macro2_byte_ranges() {
        let text = "fn é() { let s = \"ü\"; }\nfn b() -> u8 { 1 }\n";
        let tokens: proc_macro2::TokenStream = text.parse().unwrap();
        let offsets = Offsets::new(text);
        fn walk(stream: proc_macro2::TokenStream, offsets: &Offsets<'_>) {
            for tree in stream {
                let expected = tree.span().byte_range();
                assert_eq!(offsets.span(tree.span()).range(), expected, "{tree}");
                if let proc_macro2::TokenTree::Group(group) = tree {
                    walk(group.stream(), offsets);
                }
            }
        }
        walk(tokens, &offsets);
        proc_macro2::extra::invalidate_current_thread_spans();
    }
}
