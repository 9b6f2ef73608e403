//! The server's state between messages and how each message changes it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, DocumentDiagnosticRequest, ExecuteCommand, HoverRequest, RegisterCapability, Request as _,
    ShowDocument, WorkspaceDiagnosticRefresh, WorkspaceDiagnosticRequest,
};
use lsp_types::{
    CodeActionParams, Diagnostic, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentDiagnosticParams, ExecuteCommandParams,
    FileSystemWatcher, GlobPattern, HoverParams, PublishDiagnosticsParams, Registration, RegistrationParams,
    ShowDocumentParams, Url,
};
use serde_json::{Value, json};

use super::actions::{self, Flagged};
use super::diagnostics::{self, Texts};
use super::documents::Documents;
use super::features::{Client, OPEN_DOCS, PLACE_CURSOR};
use super::positions::Lines;
use super::workspace::Workspace;
use crate::support::source::Lang;

/// The files whose change may change the settings.
const CONFIG_FILES: [&str; 4] = ["ssotlint.toml", ".ssotlint.toml", "pyproject.toml", "Cargo.toml"];

pub struct Session<'c> {
    connection: &'c Connection,
    client: Client,
    documents: Documents,
    /// `None` only when the first load failed: nothing is checked until a configuration loads.
    workspace: Option<Workspace>,
    folders: Vec<PathBuf>,
    pending: Pending,
    /// The diagnostics last sent (or, for pulling clients, last computed) for each document.
    shown: HashMap<Url, Vec<Diagnostic>>,
    /// Configuration files showing a load error.
    broken: HashSet<Url>,
    next_id: i32,
}

impl<'c> Session<'c> {
    pub fn start(connection: &'c Connection, client: Client, folders: Vec<PathBuf>) -> Self {
        let mut session = Self {
            connection,
            client,
            documents: Documents::default(),
            workspace: None,
            folders,
            pending: Pending::default(),
            shown: HashMap::new(),
            broken: HashSet::new(),
            next_id: 0,
        };
        session.watch_files();
        session.reload(None);
        session
    }

    /// Handles messages until `exit`.
    pub fn serve(mut self) -> Result<(), ProtocolError> {
        loop {
            let received = match self.pending.deadline {
                Some(deadline) => match self.connection.receiver.recv_deadline(deadline) {
                    Ok(message) => Some(message),
                    Err(error) if error.is_timeout() => {
                        self.flush();
                        continue;
                    }
                    Err(_) => None,
                },
                None => self.connection.receiver.recv().ok(),
            };
            let Some(message) = received else { return Ok(()) };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    self.on_request(request);
                }
                Message::Notification(notification) if notification.method == "exit" => return Ok(()),
                Message::Notification(notification) => self.on_notification(notification),
                Message::Response(_) => {}
            }
        }
    }

    fn on_notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(params) = params_of::<DidOpenTextDocumentParams>(&notification) else { return };
                let doc = params.text_document;
                if self.documents.open(doc.uri.clone(), doc.version, doc.text).is_some() {
                    self.pending.edited.insert(doc.uri);
                    self.flush();
                }
            }
            DidChangeTextDocument::METHOD => {
                let Some(params) = params_of::<DidChangeTextDocumentParams>(&notification) else { return };
                let doc = params.text_document;
                self.documents.change(&doc.uri, doc.version, params.content_changes, self.client.encoding);
                self.pending.edited.insert(doc.uri);
                self.pending.deadline = Some(Instant::now() + super::DEBOUNCE);
            }
            DidCloseTextDocument::METHOD => {
                let Some(params) = params_of::<DidCloseTextDocumentParams>(&notification) else { return };
                self.close(&params.text_document.uri);
            }
            DidSaveTextDocument::METHOD => {
                let Some(params) = params_of::<DidSaveTextDocumentParams>(&notification) else { return };
                // Clients that do not watch files for the server still report saves.
                let uri = params.text_document.uri;
                if !self.client.watch_files && uri.to_file_path().is_ok_and(|p| is_config(&p)) {
                    self.reload(Some(&uri));
                }
            }
            DidChangeWatchedFiles::METHOD => {
                let Some(params) = params_of::<DidChangeWatchedFilesParams>(&notification) else { return };
                self.files_changed(params);
            }
            DidChangeWorkspaceFolders::METHOD => {
                let Some(params) = params_of::<DidChangeWorkspaceFoldersParams>(&notification) else { return };
                let path = |folder: &lsp_types::WorkspaceFolder| folder.uri.to_file_path().ok();
                let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(path).collect();
                self.folders.retain(|folder| !removed.contains(folder));
                self.folders.extend(params.event.added.iter().filter_map(path));
                self.reload(None);
            }
            _ => {}
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            DocumentDiagnosticRequest::METHOD => self.pull_document(request),
            WorkspaceDiagnosticRequest::METHOD => Ok(self.pull_workspace()),
            HoverRequest::METHOD => self.hover(request),
            CodeActionRequest::METHOD => self.code_actions(request),
            ExecuteCommand::METHOD => self.execute(request),
            method => {
                Err(Response::new_err(id.clone(), ErrorCode::MethodNotFound as i32, format!("unknown method {method}")))
            }
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err(response) => response,
        };
        self.send(response.into());
    }

    /// Checks the edited documents, then shows what changed in every open document of the
    /// projects they belong to.
    fn flush(&mut self) {
        let edited = std::mem::take(&mut self.pending).edited;
        let Some(workspace) = &mut self.workspace else { return };
        let mut projects = BTreeSet::new();
        for uri in &edited {
            if let Some(doc) = self.documents.get(uri) {
                projects.extend(workspace.set_text(&doc.path, Some(doc.text.clone())));
            }
        }
        for &project in &projects {
            workspace.refresh(project);
        }
        self.show(&projects, &edited);
    }

    /// Sends the diagnostics of the open documents of `projects`: always for `edited`, for
    /// the others when they changed (a repository-wide fact moved).
    fn show(&mut self, projects: &BTreeSet<usize>, edited: &HashSet<Url>) {
        let Some(workspace) = &self.workspace else { return };
        let mut uris: Vec<Url> = Vec::new();
        for (uri, doc) in self.documents.iter() {
            let in_project = workspace.locate(&doc.path).is_some_and(|(project, _)| projects.contains(&project));
            if in_project || edited.contains(uri) {
                uris.push(uri.clone());
            }
        }
        let mut others_changed = false;
        for uri in uris {
            let fresh = self.diagnostics_of(&uri);
            let changed = self.shown.get(&uri) != Some(&fresh);
            if !self.client.pull && (changed || edited.contains(&uri)) {
                self.publish(&uri, fresh.clone());
            }
            others_changed |= changed && !edited.contains(&uri);
            self.shown.insert(uri, fresh);
        }
        if self.client.pull && others_changed {
            self.request(WorkspaceDiagnosticRefresh::METHOD, Value::Null);
        }
    }

    /// The diagnostics of an open document from its project's last outcome.
    fn diagnostics_of(&self, uri: &Url) -> Vec<Diagnostic> {
        let Some(doc) = self.documents.get(uri) else { return Vec::new() };
        let Some(workspace) = &self.workspace else { return Vec::new() };
        let Some((project, rel)) = workspace.locate(&doc.path) else { return Vec::new() };
        let project = &workspace.projects()[project];
        let open = self.open_texts(project.root());
        let texts = Texts::new(project.root(), self.client.encoding, &open, &project.outcome.sources);
        let mut found = diagnostics::of_file(project.outcome.findings.iter().filter(|f| *f.path == *rel), &texts);
        let errors = project.outcome.errors.iter().filter(|e| *e.path == *rel);
        found.extend(errors.filter_map(diagnostics::of_file_error));
        found
    }

    /// The open buffers under `root`, by path relative to it.
    fn open_texts(&self, root: &Path) -> HashMap<Arc<str>, Arc<str>> {
        self.documents
            .iter()
            .filter_map(|(_, doc)| {
                let rel = crate::input::discovery::relative(&doc.path, root)?;
                Some((Arc::from(rel), doc.text.clone()))
            })
            .collect()
    }

    fn close(&mut self, uri: &Url) {
        let Some(doc) = self.documents.close(uri) else { return };
        self.shown.remove(uri);
        if !self.client.pull {
            self.publish(uri, Vec::new());
        }
        let Some(workspace) = &mut self.workspace else { return };
        // The buffer is gone: the file counts as it is on the disk again.
        if let Some(project) = workspace.set_text(&doc.path, None) {
            workspace.refresh(project);
            self.show(&BTreeSet::from([project]), &HashSet::new());
        }
    }

    /// Files changed on the disk: a configuration reloads the settings; a source file that
    /// is not open is checked again from the disk.
    fn files_changed(&mut self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<(Url, PathBuf)> = params
            .changes
            .into_iter()
            .filter_map(|change| Some((change.uri.clone(), change.uri.to_file_path().ok()?)))
            .collect();
        if let Some((uri, _)) = paths.iter().find(|(_, path)| is_config(path)) {
            let uri = uri.clone();
            self.reload(Some(&uri));
            return;
        }
        let Some(workspace) = &mut self.workspace else { return };
        let mut projects = BTreeSet::new();
        for (uri, path) in &paths {
            if self.documents.get(uri).is_none() {
                projects.extend(workspace.set_text(path, None));
            }
        }
        for &project in &projects {
            workspace.refresh(project);
        }
        self.show(&projects, &HashSet::new());
    }

    /// Loads the settings and scans the workspace again. When that fails, the error is shown
    /// in the configuration file (`changed`, or the one the error names) and the workspace
    /// loaded before stays.
    fn reload(&mut self, changed: Option<&Url>) {
        match Workspace::load(&self.folders, &self.documents.texts()) {
            Ok(workspace) => {
                for uri in std::mem::take(&mut self.broken) {
                    self.publish(&uri, Vec::new());
                }
                let all = (0..workspace.projects().len()).collect();
                self.workspace = Some(workspace);
                // Nothing was edited: what changed is pushed again, or pulled after a refresh.
                self.show(&all, &HashSet::new());
            }
            Err(error) => {
                let named = error.place().and_then(|place| file_url(Path::new(place.name)));
                let Some(uri) = named.or_else(|| changed.cloned()) else {
                    self.log(&format!("ssotlint: the configuration does not load: {}", error.message));
                    return;
                };
                self.publish(&uri, vec![diagnostics::of_config_error(&error)]);
                self.broken.insert(uri);
            }
        }
    }

    fn pull_document(&mut self, request: Request) -> Result<Value, Response> {
        let params: DocumentDiagnosticParams = parse(&request)?;
        if !self.pending.edited.is_empty() {
            self.flush();
        }
        let items = self.diagnostics_of(&params.text_document.uri);
        self.shown.insert(params.text_document.uri, items.clone());
        Ok(json!({ "kind": "full", "items": items }))
    }

    /// Every open document's diagnostics and every other file with findings.
    fn pull_workspace(&mut self) -> Value {
        if !self.pending.edited.is_empty() {
            self.flush();
        }
        let mut items = Vec::new();
        for (uri, doc) in self.documents.iter() {
            items
                .push(json!({ "kind": "full", "uri": uri, "version": doc.version, "items": self.diagnostics_of(uri) }));
        }
        let Some(workspace) = &self.workspace else { return json!({ "items": items }) };
        for project in workspace.projects() {
            let open = self.open_texts(project.root());
            let texts = Texts::new(project.root(), self.client.encoding, &open, &project.outcome.sources);
            let mut by_file: std::collections::BTreeMap<&str, Vec<&crate::finding::Finding>> = Default::default();
            for finding in &project.outcome.findings {
                if !open.contains_key(&finding.path) {
                    by_file.entry(&finding.path).or_default().push(finding);
                }
            }
            for (rel, findings) in by_file {
                let Some(uri) = file_url(&project.root().join(rel)) else { continue };
                let found = diagnostics::of_file(findings.into_iter(), &texts);
                items.push(json!({ "kind": "full", "uri": uri, "version": null, "items": found }));
            }
        }
        json!({ "items": items })
    }

    /// Runs `query` with the document's findings (ranges in the client's encoding) and what
    /// else a code action or hover needs.
    fn with_flagged<T>(&self, uri: &Url, query: impl FnOnce(&[Flagged<'_>], &Opened<'_>) -> T) -> Option<T> {
        let doc = self.documents.get(uri)?;
        let lang = Lang::from_path(&doc.path)?;
        let workspace = self.workspace.as_ref()?;
        let (project, rel) = workspace.locate(&doc.path)?;
        let project = &workspace.projects()[project];
        let open = self.open_texts(project.root());
        let texts = Texts::new(project.root(), self.client.encoding, &open, &project.outcome.sources);
        let flagged: Vec<Flagged<'_>> = project
            .outcome
            .findings
            .iter()
            .filter(|f| *f.path == *rel)
            .map(|finding| Flagged { finding, range: texts.range(&rel, finding.span, finding.location) })
            .collect();
        let lines = texts.lines(&rel)?;
        let opened = Opened { lines: &lines, lang, version: doc.version, registry: project.resident.registry() };
        Some(query(&flagged, &opened))
    }

    fn hover(&mut self, request: Request) -> Result<Value, Response> {
        let params: HoverParams = parse(&request)?;
        let at = params.text_document_position_params;
        let hover = self.with_flagged(&at.text_document.uri, |flagged, opened| {
            actions::hover(flagged, at.position, opened.registry)
        });
        Ok(json!(hover.flatten()))
    }

    fn code_actions(&mut self, request: Request) -> Result<Value, Response> {
        let params: CodeActionParams = parse(&request)?;
        let uri = params.text_document.uri;
        let client = self.client;
        let found = self.with_flagged(&uri, |flagged, opened| {
            actions::code_actions(&uri, opened.version, flagged, params.range, opened.lines, opened.lang, client)
        });
        Ok(json!(found.unwrap_or_default()))
    }

    fn execute(&mut self, request: Request) -> Result<Value, Response> {
        let params: ExecuteCommandParams = parse(&request)?;
        let argument = |at: usize| params.arguments.get(at).cloned().unwrap_or_default();
        let show = match params.command.as_str() {
            OPEN_DOCS => serde_json::from_value(argument(0)).ok().map(|uri| ShowDocumentParams {
                uri,
                external: Some(true),
                take_focus: None,
                selection: None,
            }),
            PLACE_CURSOR => {
                let uri = serde_json::from_value(argument(0)).ok();
                let position: Option<lsp_types::Position> = serde_json::from_value(argument(1)).ok();
                uri.zip(position).map(|(uri, at)| ShowDocumentParams {
                    uri,
                    external: None,
                    take_focus: Some(true),
                    selection: Some(lsp_types::Range { start: at, end: at }),
                })
            }
            _ => None,
        };
        match show {
            Some(show) => {
                self.request(ShowDocument::METHOD, json!(show));
                Ok(Value::Null)
            }
            None => Err(Response::new_err(
                request.id,
                ErrorCode::InvalidParams as i32,
                format!("unknown command or arguments: {}", params.command),
            )),
        }
    }

    /// Asks the client to tell the server about configuration and source files that change
    /// on the disk.
    fn watch_files(&mut self) {
        if !self.client.watch_files {
            return;
        }
        let globs = CONFIG_FILES.iter().map(|name| format!("**/{name}")).chain(["**/*.py".into(), "**/*.rs".into()]);
        let watchers =
            globs.map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob), kind: None }).collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "ssotlint-watched-files".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.request(RegisterCapability::METHOD, json!(RegistrationParams { registrations: vec![registration] }));
    }

    fn publish(&self, uri: &Url, diagnostics: Vec<Diagnostic>) {
        let version = self.documents.get(uri).map(|doc| doc.version);
        let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into());
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = RequestId::from(format!("ssotlint-{}", self.next_id));
        self.send(Request::new(id, method.into(), params).into());
    }

    fn log(&self, message: &str) {
        let params = json!({ "type": 1, "message": message });
        self.send(Notification::new("window/logMessage".into(), params).into());
    }

    fn send(&self, message: Message) {
        // A client that went away ends the loop on the next receive.
        let _ = self.connection.sender.send(message);
    }
}

/// Edited documents waiting for the debounce, and when it ends.
#[derive(Default)]
struct Pending {
    edited: HashSet<Url>,
    deadline: Option<Instant>,
}

/// An open document as code actions and hover see it.
struct Opened<'a> {
    lines: &'a Lines,
    lang: Lang,
    version: i32,
    registry: &'a crate::rules::Registry,
}

fn params_of<T: serde::de::DeserializeOwned>(notification: &Notification) -> Option<T> {
    serde_json::from_value(notification.params.clone()).ok()
}

fn parse<T: serde::de::DeserializeOwned>(request: &Request) -> Result<T, Response> {
    serde_json::from_value(request.params.clone()).map_err(|error| {
        Response::new_err(request.id.clone(), ErrorCode::InvalidParams as i32, format!("invalid parameters: {error}"))
    })
}

fn is_config(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|name| CONFIG_FILES.contains(&name))
}

/// The URL of a file named absolutely or relative to the current directory.
fn file_url(path: &Path) -> Option<Url> {
    let path = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().ok()?.join(path) };
    Url::from_file_path(path).ok()
}
