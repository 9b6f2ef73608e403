//! Code actions and hover on a flagged span: suppress the rule on that line (the comment in
//! the file's syntax, the cursor left where the reason goes), open the rule's documentation,
//! and the rule's explanation on hover.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, Command, Hover, HoverContents, MarkupContent, MarkupKind, Position, Range, TextEdit,
    Url, WorkspaceEdit,
};
use serde_json::{Value, json};

use super::features::{Client, OPEN_DOCS, PLACE_CURSOR};
use super::positions::Lines;
use crate::finding::Finding;
use crate::rules::Registry;
use crate::support::source::Lang;

/// A finding of the document with its range in the client's encoding.
pub struct Flagged<'f> {
    pub finding: &'f Finding,
    pub range: Range,
}

/// The actions for the findings on the lines of `range`.
pub fn code_actions(
    uri: &Url,
    version: i32,
    flagged: &[Flagged<'_>],
    range: Range,
    lines: &Lines,
    lang: Lang,
    client: Client,
) -> Vec<Value> {
    let mut actions = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for item in flagged.iter().filter(|f| f.range.start.line <= range.end.line && f.range.end.line >= range.start.line)
    {
        let rule = &item.finding.rule;
        if !seen.insert((rule.clone(), item.range.start.line)) {
            continue;
        }
        actions.push(suppress(uri, version, item, lines, lang, client));
        if let Some(url) = crate::rules::docs_url(rule).filter(|_| client.show_document) {
            let command = Command {
                title: "Open documentation".into(),
                command: OPEN_DOCS.into(),
                arguments: Some(vec![json!(url)]),
            };
            let action = CodeAction {
                title: format!("Open the documentation of `{rule}`"),
                command: Some(command),
                ..CodeAction::default()
            };
            actions.push(json!(action));
        }
    }
    actions
}

/// "Suppress `rule` on this line": a comment line above the flagged line (a comment alone on
/// its line covers the next line of code), indented like it, ending where the reason goes.
/// With LSP 3.18 snippet edits (which lsp-types does not model) the edit is a snippet whose
/// `$0` puts the cursor at the reason; otherwise a plain edit, followed by a command that
/// moves the cursor there with `window/showDocument`.
fn suppress(uri: &Url, version: i32, item: &Flagged<'_>, lines: &Lines, lang: Lang, client: Client) -> Value {
    let line = item.range.start.line;
    let code = lines.line_text(line);
    let indent = &code[..code.len() - code.trim_start().len()];
    let comment = format!("{indent}{} ssotlint: allow({}) -- ", lang.comment_prefix(), item.finding.rule);
    let at = Position { line, character: 0 };
    let title = format!("Suppress `{}` on this line", item.finding.rule);
    // The inserted text is the indentation and ASCII, so its length is its width in either encoding.
    let reason = Position { line, character: comment.len() as u32 };
    let insert = TextEdit { range: Range { start: at, end: at }, new_text: format!("{comment}\n") };
    let mut action = CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![insert])])),
            ..WorkspaceEdit::default()
        }),
        ..CodeAction::default()
    };
    if !client.snippet_edits && client.show_document {
        action.command = Some(Command {
            title: "Place the cursor at the reason".into(),
            command: PLACE_CURSOR.into(),
            arguments: Some(vec![json!(uri), json!(reason)]),
        });
    }
    let mut action = json!(action);
    if client.snippet_edits {
        action["edit"] = json!({
            "documentChanges": [{
                "textDocument": { "uri": uri, "version": version },
                "edits": [{ "range": { "start": at, "end": at }, "snippet": { "kind": "snippet", "value": format!("{comment}$0\n") } }]
            }]
        });
    }
    action
}

/// The explanation of the rules flagged at `position`.
pub fn hover(flagged: &[Flagged<'_>], position: Position, registry: &Registry) -> Option<Hover> {
    let inside = |range: &Range| range.start <= position && position <= range.end;
    let here: Vec<&Flagged<'_>> = flagged.iter().filter(|f| inside(&f.range)).collect();
    let first = here.first()?;
    let mut text = String::new();
    for item in &here {
        let finding = item.finding;
        text.push_str(&format!("**{}** ({}): {}\n\n", finding.rule, finding.severity, finding.message));
    }
    if let Some(rule) = registry.get(&first.finding.rule) {
        text.push_str("---\n\n");
        text.push_str(&rule.meta().docs);
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
        range: Some(first.range),
    })
}
