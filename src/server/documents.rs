//! The documents the editor has open, with the text of their unsaved buffers.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::positions::{Encoding, Lines};

pub struct Document {
    pub path: PathBuf,
    pub version: i32,
    pub text: Arc<str>,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<Url, Document>,
}

impl Documents {
    /// Opens a document; URIs that are not files (untitled buffers, remote schemes) are not
    /// checked.
    pub fn open(&mut self, uri: Url, version: i32, text: String) -> Option<&Document> {
        let path = uri.to_file_path().ok()?;
        self.open.insert(uri.clone(), Document { path, version, text: text.into() });
        self.open.get(&uri)
    }

    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Url, &Document)> {
        self.open.iter()
    }

    /// Applies an edit; ranges are in the negotiated encoding, and a change without one
    /// replaces the whole text.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        let Some(document) = self.open.get_mut(uri) else { return };
        for change in changes {
            document.text = match change.range {
                None => change.text.into(),
                Some(range) => {
                    let lines = Lines::new(document.text.clone(), encoding);
                    let (start, end) = (lines.offset(range.start) as usize, lines.offset(range.end) as usize);
                    let mut text = String::with_capacity(document.text.len() + change.text.len());
                    text.push_str(&document.text[..start]);
                    text.push_str(&change.text);
                    text.push_str(&document.text[end.max(start)..]);
                    text.into()
                }
            };
        }
        document.version = version;
    }

    /// Open buffers by absolute path, for a workspace being loaded again.
    pub fn texts(&self) -> HashMap<PathBuf, Arc<str>> {
        self.open.values().map(|d| (d.path.clone(), d.text.clone())).collect()
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range};

    use super::*;

    fn edit(range: Option<((u32, u32), (u32, u32))>, text: &str) -> TextDocumentContentChangeEvent {
        let range = range.map(|((l1, c1), (l2, c2))| Range {
            start: Position { line: l1, character: c1 },
            end: Position { line: l2, character: c2 },
        });
        TextDocumentContentChangeEvent { range, range_length: None, text: text.into() }
    }

    #[test]
    fn incremental_edits_apply_in_order_in_the_negotiated_encoding() {
        let uri = Url::parse("file:///p/app.py").unwrap();
        let mut documents = Documents::default();
        documents.open(uri.clone(), 1, "s = '😀'\nurl = x\n".into());
        // `😀` is two UTF-16 units: character 7 is after it, before the closing quote.
        let changes =
            vec![edit(Some(((0, 7), (0, 7))), "!"), edit(Some(((1, 6), (1, 7))), "os.environ['DATABASE_URL']")];
        documents.change(&uri, 2, changes, Encoding::Utf16);
        let document = documents.get(&uri).unwrap();
        assert_eq!(&*document.text, "s = '😀!'\nurl = os.environ['DATABASE_URL']\n");
        assert_eq!(document.version, 2);
        documents.change(&uri, 3, vec![edit(None, "whole\n")], Encoding::Utf16);
        assert_eq!(&*documents.get(&uri).unwrap().text, "whole\n");
    }

    #[test]
    fn a_uri_that_is_not_a_file_is_not_opened() {
        let mut documents = Documents::default();
        assert!(documents.open(Url::parse("untitled:Untitled-1").unwrap(), 1, String::new()).is_none());
    }
}
