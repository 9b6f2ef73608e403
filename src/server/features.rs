//! What the client can do, read once from `initialize`, and what the server offers back.

use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DiagnosticOptions, DiagnosticServerCapabilities,
    ExecuteCommandOptions, HoverProviderCapability, OneOf, PositionEncodingKind, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};
use serde_json::Value;

use super::positions::Encoding;

/// The commands code actions carry, run by the server on `workspace/executeCommand`.
pub const OPEN_DOCS: &str = "ssotlint.openDocumentation";
pub const PLACE_CURSOR: &str = "ssotlint.placeCursor";

/// The client's abilities that change what the server sends.
#[derive(Debug, Clone, Copy)]
pub struct Client {
    pub encoding: Encoding,
    /// Diagnostics are pulled (`textDocument/diagnostic`) and refreshed on request rather
    /// than pushed: only when the client can be told to pull again.
    pub pull: bool,
    /// LSP 3.18 snippet edits in a workspace edit (the cursor lands at the reason).
    pub snippet_edits: bool,
    /// `window/showDocument`, for opening the docs and placing the cursor.
    pub show_document: bool,
    /// File watchers registered by the server.
    pub watch_files: bool,
}

impl Client {
    pub fn from_capabilities(capabilities: &Value) -> Self {
        let flag = |pointer: &str| capabilities.pointer(pointer).and_then(Value::as_bool).unwrap_or(false);
        let utf8 = capabilities
            .pointer("/general/positionEncodings")
            .and_then(Value::as_array)
            .is_some_and(|encodings| encodings.iter().any(|e| e == "utf-8"));
        Self {
            encoding: if utf8 { Encoding::Utf8 } else { Encoding::Utf16 },
            pull: capabilities.pointer("/textDocument/diagnostic").is_some()
                && flag("/workspace/diagnostics/refreshSupport"),
            snippet_edits: flag("/workspace/workspaceEdit/snippetEditSupport"),
            show_document: flag("/window/showDocument/support"),
            watch_files: flag("/workspace/didChangeWatchedFiles/dynamicRegistration"),
        }
    }

    pub fn server_capabilities(&self) -> ServerCapabilities {
        ServerCapabilities {
            position_encoding: Some(match self.encoding {
                Encoding::Utf8 => PositionEncodingKind::UTF8,
                Encoding::Utf16 => PositionEncodingKind::UTF16,
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            })),
            diagnostic_provider: self.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("ssotlint".into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: true,
                    ..DiagnosticOptions::default()
                })
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![OPEN_DOCS.into(), PLACE_CURSOR.into()],
                ..ExecuteCommandOptions::default()
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        }
    }
}
