//! A scripted language client: starts `ssotlint server` in a directory, speaks LSP over its
//! stdio, and waits for the messages a test expects (with a timeout, so a server that never
//! answers fails the test instead of hanging it).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PATIENCE: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for another one.
    seen: Vec<Value>,
    next_id: i64,
    pub root: PathBuf,
}

impl Client {
    /// Starts the server in `root` and initializes it with `capabilities`.
    pub fn start(root: &Path, capabilities: Value) -> Self {
        Self::start_with(root, capabilities, &[])
    }

    /// [`Client::start`] with environment variables set for the server.
    pub fn start_with(root: &Path, capabilities: Value, env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ssotlint"))
            .arg("server")
            .envs(env.iter().copied())
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Self { child, stdin, incoming, seen: Vec::new(), next_id: 0, root: root.to_path_buf() };
        let root_uri = client.uri("");
        let id = client
            .request("initialize", json!({ "processId": null, "rootUri": root_uri, "capabilities": capabilities }));
        let result = client.response(id);
        assert!(result["capabilities"].is_object(), "{result}");
        client.notify("initialized", json!({}));
        client
    }

    pub fn uri(&self, rel: &str) -> String {
        let path = self.root.canonicalize().unwrap().join(rel);
        format!("file://{}", path.display()).trim_end_matches('/').to_owned()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    pub fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params }));
        self.next_id
    }

    /// The result of request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        let message = self.wait_for(|m| m["id"] == id && m.get("method").is_none());
        assert!(message.get("error").is_none(), "error response: {message}");
        message["result"].clone()
    }

    pub fn open(&mut self, rel: &str, text: &str) {
        let language = if rel.ends_with(".rs") { "rust" } else { "python" };
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
    }

    /// Replaces the whole text of an open document.
    pub fn change(&mut self, rel: &str, version: i32, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// The code actions offered at a position of `rel`.
    pub fn code_actions(&mut self, rel: &str, line: u32, character: u32) -> Value {
        let uri = self.uri(rel);
        let at = json!({ "line": line, "character": character });
        let params = json!({ "textDocument": { "uri": uri }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } });
        let id = self.request("textDocument/codeAction", params);
        self.response(id)
    }

    /// The next diagnostics pushed for `rel`.
    pub fn published(&mut self, rel: &str) -> Vec<Value> {
        let uri = self.uri(rel);
        let message = self.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Waits for the first message matching `wanted`, read now or earlier.
    pub fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.seen.iter().position(&wanted) {
            return self.seen.remove(at);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.seen.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no such message within {PATIENCE:?}; saw {:#?}", self.seen),
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited; saw {:#?}", self.seen),
            }
        }
    }

    /// Whether a message matching `wanted` arrives within `wait`.
    pub fn arrives(&mut self, wait: Duration, wanted: impl Fn(&Value) -> bool) -> bool {
        if self.seen.iter().any(&wanted) {
            return true;
        }
        let deadline = Instant::now() + wait;
        while let Ok(message) = self.incoming.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if wanted(&message) {
                return true;
            }
            self.seen.push(message);
        }
        false
    }

    /// Shuts the server down as a client must, and checks that it exits with 0.
    pub fn shutdown(mut self) {
        let id = self.request("shutdown", Value::Null);
        self.response(id);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "server exit status {status}");
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// The rule ids of some diagnostics.
pub fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics.iter().map(|d| d["code"].as_str().unwrap_or_default().to_owned()).collect()
}
