//! `ssotlint server`: the language server, over stdio (SPEC §10).
//!
//! One thread handles the protocol in order. The workspace is scanned once at start-up;
//! each file's results stay in memory ([`crate::run::engine::resident`]), so an edit
//! re-checks only the edited buffer and then runs the repository-wide pass again over the
//! kept facts. That pass can change the findings of other open files (a second pool
//! strategy, a provider that now competes): those files get fresh diagnostics too, pushed,
//! or announced with `workspace/diagnostic/refresh` to clients that pull.
//!
//! Edits are debounced: a burst of changes is checked once, [`DEBOUNCE`] after the last.
//! Configuration files are watched; one that no longer loads is shown as a diagnostic in
//! that file and the settings that last loaded stay in force.

mod actions;
mod diagnostics;
mod documents;
mod features;
mod positions;
mod session;
mod workspace;

use std::path::PathBuf;

use lsp_server::Connection;
use lsp_types::InitializeParams;

use crate::config::UserError;

/// How long after the last edit of a burst the edited files are checked.
pub const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(10);

/// Serves one client on standard input and output until it says `exit`.
pub fn run() -> Result<(), UserError> {
    let (connection, io_threads) = Connection::stdio();
    let protocol = |error: lsp_server::ProtocolError| UserError::io(format!("language server protocol: {error}"));
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    // Read from the raw message: lsp-types drops the capabilities it does not model (LSP 3.18
    // snippet edits).
    let client = features::Client::from_capabilities(&params["capabilities"]);
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| UserError::usage(format!("bad initialize request: {e}")))?;
    let result = serde_json::json!({
        "capabilities": client.server_capabilities(),
        "serverInfo": { "name": "ssotlint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result).map_err(protocol)?;
    let folders = folders_of(&params);
    session::Session::start(&connection, client, folders).serve().map_err(protocol)?;
    drop(connection);
    io_threads.join().map_err(|e| UserError::io(format!("language server stdio: {e}")))
}

/// The workspace folders, else the root URI, else the current directory.
#[allow(deprecated)] // `root_uri` and `root_path` are how older clients name the workspace.
fn folders_of(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> =
        params.workspace_folders.iter().flatten().filter_map(|folder| folder.uri.to_file_path().ok()).collect();
    if !folders.is_empty() {
        return folders;
    }
    let root = params.root_uri.as_ref().and_then(|uri| uri.to_file_path().ok());
    let root = root.or_else(|| params.root_path.as_ref().map(PathBuf::from));
    vec![root.or_else(|| std::env::current_dir().ok()).unwrap_or_else(|| PathBuf::from("."))]
}
