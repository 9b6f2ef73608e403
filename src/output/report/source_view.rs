//! A file's text as miette reads it. miette's own `String` source rescans from byte 0 for
//! every label; this one uses the line index, so many findings in one file stay linear.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::support::source::SourceFile;

pub struct SourceView<'a>(pub &'a SourceFile);

impl SourceCode for SourceView<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = self.0;
        let text = &file.text;
        let start = span.offset();
        let end = start + span.len();
        if end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let lines = file.lines();
        let first = lines.line_of(start as u32);
        let last = lines.line_of(end.saturating_sub(1).max(start) as u32);
        let (data_start, column) = if context_lines_before == 0 {
            let line_start = lines.line_start(first) as usize;
            (start, text.get(line_start..start).map_or(0, |t| t.chars().count()))
        } else {
            (lines.line_start(first.saturating_sub(context_lines_before)) as usize, 0)
        };
        let last = (last + context_lines_after).min(lines.line_count() - 1);
        let data_end = if last + 1 < lines.line_count() { lines.line_start(last + 1) as usize } else { text.len() };
        let first_line = if context_lines_before == 0 { first } else { first.saturating_sub(context_lines_before) };
        Ok(Box::new(MietteSpanContents::new_named(
            file.path.to_string(),
            &text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            first_line,
            column,
            last + 1 - first_line,
        )))
    }
}
