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
