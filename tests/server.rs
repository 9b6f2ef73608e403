//! `ssotlint server` driven over stdio by a scripted client: diagnostics from unsaved
//! buffers, repository-wide findings refreshed when another file changes (pushed, and
//! announced to pulling clients), configuration reloads, code actions and hover.

mod common;
#[path = "common/lsp.rs"]
mod lsp;

use std::time::Duration;

use common::Project;
use lsp::{Client, codes};
use serde_json::{Value, json};

/// `database-url` has an owner; `connection-pool` has none, and its inventory finding
/// (`unowned-concern`) is off so that only `inconsistent-pool` speaks for the pools.
const OWNED: &str =
    "[concerns.database-url]\nowners = [\"app/settings.py\"]\n\n[rules]\nignore = [\"unowned-concern\"]\n";
const READS_ENV: &str = "import os\n\nurl = os.environ[\"DATABASE_URL\"]\n";
const USES_OWNER: &str = "from app.settings import DATABASE_URL\n\nurl = DATABASE_URL\n";

fn pool(strategy: &str) -> String {
    format!("from sqlalchemy import create_engine\n\nengine = create_engine(\"postgresql://app@db/app\", {strategy})\n")
}

const QUEUE: &str = "pool_size=5";
const NULL: &str = "poolclass=NullPool";

/// Three services choosing pools: two sized ones (the majority) and one `NullPool`.
fn workspace() -> Project {
    let project = Project::new();
    project
        .file("ssotlint.toml", OWNED)
        .file("app/settings.py", "import os\n\nDATABASE_URL = os.environ[\"DATABASE_URL\"]\n")
        .file("app/views.py", USES_OWNER)
        .file("app/api_db.py", &pool(QUEUE))
        .file("app/worker_db.py", &pool(QUEUE))
        .file("app/jobs_db.py", &pool(NULL));
    project
}

/// A workspace folder with the configuration and its owner only.
fn empty_folder() -> Project {
    let project = Project::new();
    project.file("ssotlint.toml", OWNED).file("app/settings.py", "");
    project
}

/// A client that pulls diagnostics and can be asked to pull again.
fn pull_client() -> Value {
    json!({
        "textDocument": { "diagnostic": {} },
        "workspace": { "diagnostics": { "refreshSupport": true } },
    })
}

/// The workspace diagnostics: each file's name with its rule ids, by file name.
fn workspace_findings(client: &mut Client) -> Vec<(String, Vec<String>)> {
    let id = client.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
    let report = client.response(id);
    let mut found: Vec<(String, Vec<String>)> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let file = item["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
            (file, codes(item["items"].as_array().unwrap()))
        })
        .collect();
    found.sort();
    found
}

fn push_client() -> Value {
    json!({ "textDocument": { "publishDiagnostics": { "relatedInformation": true } } })
}

#[test]
fn diagnostics_follow_the_unsaved_buffer_and_other_files_repository_wide_facts() {
    let project = workspace();
    let mut client = Client::start(project.path(), push_client());

    // A violation that exists only in the buffer (the disk has the fixed text).
    client.open("app/views.py", READS_ENV);
    let found = client.published("app/views.py");
    assert_eq!(codes(&found), ["direct-env-read"], "{found:#?}");
    let diagnostic = &found[0];
    assert_eq!(diagnostic["source"], "ssotlint");
    assert_eq!(diagnostic["range"]["start"], json!({ "line": 2, "character": 6 }));
    let href = diagnostic["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("direct_env_read.rs"), "{href}");

    client.change("app/views.py", 2, USES_OWNER);
    assert_eq!(client.published("app/views.py"), Vec::<Value>::new());

    // Two sized pools and one NullPool: the majority is not flagged.
    client.open("app/api_db.py", &pool(QUEUE));
    assert_eq!(client.published("app/api_db.py"), Vec::<Value>::new());
    client.open("app/worker_db.py", &pool(QUEUE));
    assert_eq!(client.published("app/worker_db.py"), Vec::<Value>::new());

    // Another file moves to NullPool: the sized pool in api_db.py is the odd one out now,
    // and its diagnostics arrive without api_db.py being touched.
    client.change("app/worker_db.py", 2, &pool(NULL));
    let refreshed = client.published("app/api_db.py");
    assert_eq!(codes(&refreshed), ["inconsistent-pool"], "{refreshed:#?}");
    let related: Vec<&str> = refreshed[0]["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["location"]["uri"].as_str().unwrap())
        .collect();
    // One label per other strategy, here in another file.
    assert!(related == [client.uri("app/jobs_db.py")] || related == [client.uri("app/worker_db.py")], "{related:?}");

    // And back: the finding goes away again.
    client.change("app/worker_db.py", 3, &pool(QUEUE));
    assert_eq!(client.published("app/api_db.py"), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn a_pulling_client_is_asked_to_refresh_and_pulls_the_repository_wide_finding() {
    let project = workspace();
    let mut client = Client::start(project.path(), pull_client());
    client.open("app/api_db.py", &pool(QUEUE));
    client.open("app/worker_db.py", &pool(QUEUE));
    let pull = |client: &mut Client, rel: &str| {
        let uri = client.uri(rel);
        let id = client.request("textDocument/diagnostic", json!({ "textDocument": { "uri": uri } }));
        let report = client.response(id);
        assert_eq!(report["kind"], "full");
        report["items"].as_array().cloned().unwrap()
    };
    assert_eq!(pull(&mut client, "app/api_db.py"), Vec::<Value>::new());
    // A pulling client gets no pushed diagnostics.
    assert!(!client.arrives(Duration::from_millis(200), |m| m["method"] == "textDocument/publishDiagnostics"));

    client.change("app/worker_db.py", 2, &pool(NULL));
    client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    assert_eq!(codes(&pull(&mut client, "app/api_db.py")), ["inconsistent-pool"]);

    // Every open document, and the files with findings.
    let found = workspace_findings(&mut client);
    let inconsistent = vec!["inconsistent-pool".to_owned()];
    assert_eq!(found, [("api_db.py".to_owned(), inconsistent), ("worker_db.py".to_owned(), vec![])]);

    // A configuration change is announced the same way.
    std::fs::write(project.path().join("ssotlint.toml"), format!("{OWNED}extend-ignore = [\"inconsistent-pool\"]\n"))
        .unwrap();
    let config = client.uri("ssotlint.toml");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": config, "type": 2 }] }));
    client.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    assert_eq!(pull(&mut client, "app/api_db.py"), Vec::<Value>::new());
    client.shutdown();
}

/// The suppression code action, applied as a client would, in both comment syntaxes.
#[test]
fn the_suppress_action_inserts_the_comment_above_with_the_cursor_at_the_reason() {
    let project = workspace();
    let capabilities = json!({ "window": { "showDocument": { "support": true } } });
    let mut client = Client::start(project.path(), capabilities);
    let python = "import os\n\n\ndef url():\n    return os.environ[\"DATABASE_URL\"]\n";
    client.open("app/views.py", python);
    assert_eq!(codes(&client.published("app/views.py")), ["direct-env-read"]);
    let uri = client.uri("app/views.py");
    let actions = client.code_actions("app/views.py", 4, 0);
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Suppress `direct-env-read` on this line", "Open the documentation of `direct-env-read`"]);
    let suppress = &actions[0];
    let edit = &suppress["edit"]["changes"][&uri][0];
    let comment = "    # ssotlint: allow(direct-env-read) -- ";
    assert_eq!(edit["newText"], format!("{comment}\n"));
    assert_eq!(edit["range"]["start"], json!({ "line": 4, "character": 0 }));
    // The cursor goes to the reason: a command that the server turns into showDocument.
    assert_eq!(suppress["command"]["arguments"][1], json!({ "line": 4, "character": comment.len() }));
    let command = suppress["command"].clone();
    let id = client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    client.response(id);
    let show = client.wait_for(|m| m["method"] == "window/showDocument");
    assert_eq!(show["params"]["selection"]["start"], json!({ "line": 4, "character": comment.len() }));

    // Applied without a reason, the line is suppressed and the missing reason is reported.
    let applied = python.replace("    return", &format!("{comment}\n    return"));
    client.change("app/views.py", 2, &applied);
    assert_eq!(codes(&client.published("app/views.py")), ["suppression-without-reason"]);
    client.change("app/views.py", 3, &applied.replace("-- \n", "-- read once at start-up\n"));
    assert_eq!(client.published("app/views.py"), Vec::<Value>::new());

    let rust = "fn url() -> String {\n    std::env::var(\"DATABASE_URL\").unwrap()\n}\n";
    client.open("app/src/lib.rs", rust);
    assert_eq!(codes(&client.published("app/src/lib.rs")), ["direct-env-read"]);
    let uri = client.uri("app/src/lib.rs");
    let actions = client.code_actions("app/src/lib.rs", 1, 4);
    assert_eq!(actions[0]["edit"]["changes"][&uri][0]["newText"], "    // ssotlint: allow(direct-env-read) -- \n");
    client.shutdown();
}

#[test]
fn a_client_with_snippet_edits_gets_the_cursor_placeholder_in_the_edit() {
    let project = workspace();
    let capabilities = json!({ "workspace": { "workspaceEdit": { "snippetEditSupport": true } } });
    let mut client = Client::start(project.path(), capabilities);
    client.open("app/views.py", READS_ENV);
    client.published("app/views.py");
    let actions = client.code_actions("app/views.py", 2, 0);
    let change = &actions[0]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"], json!({ "uri": client.uri("app/views.py"), "version": 1 }));
    let edit = &change["edits"][0];
    assert_eq!(edit["snippet"]["value"], "# ssotlint: allow(direct-env-read) -- $0\n");
    assert!(actions[0].get("command").is_none());
    // Without showDocument there is no "open the documentation" action.
    assert_eq!(actions.as_array().unwrap().len(), 1);
    client.shutdown();
}

#[test]
fn hover_on_a_flagged_span_explains_the_rule() {
    let project = workspace();
    let mut client = Client::start(project.path(), push_client());
    client.open("app/views.py", READS_ENV);
    client.published("app/views.py");
    let uri = client.uri("app/views.py");
    let hover_at = |client: &mut Client, line: u32, character: u32| {
        let id = client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        );
        client.response(id)
    };
    let hover = hover_at(&mut client, 2, 10);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**direct-env-read** (error):"), "{text}");
    assert!(text.contains("## What it does"), "{text}");
    assert_eq!(hover_at(&mut client, 0, 0), Value::Null);
    client.shutdown();
}

#[test]
fn a_broken_configuration_is_shown_in_its_file_and_the_last_good_settings_stay() {
    let project = workspace();
    let capabilities = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let mut client = Client::start(project.path(), capabilities);
    let registration = client.wait_for(|m| m["method"] == "client/registerCapability");
    let globs = registration["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(globs.contains("**/ssotlint.toml") && globs.contains("**/pyproject.toml"), "{globs}");
    client.open("app/views.py", READS_ENV);
    assert_eq!(codes(&client.published("app/views.py")), ["direct-env-read"]);

    let config = project.path().join("ssotlint.toml");
    std::fs::write(&config, format!("{OWNED}select = [\"direct-env-red\"]\n")).unwrap();
    let config_uri = client.uri("ssotlint.toml");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": config_uri, "type": 2 }] }));
    let broken = client.published("ssotlint.toml");
    assert_eq!(broken.len(), 1, "{broken:#?}");
    let message = broken[0]["message"].as_str().unwrap();
    assert!(message.contains("direct-env-red"), "{message}");
    assert!(broken[0]["range"]["start"]["line"].as_u64().unwrap() > 0, "{broken:#?}");
    // The old settings still check the buffer.
    client.change("app/views.py", 2, &format!("{READS_ENV}\n"));
    assert_eq!(codes(&client.published("app/views.py")), ["direct-env-read"]);

    // Fixed: the error goes, and the new settings apply without a restart.
    std::fs::write(&config, format!("{OWNED}extend-ignore = [\"direct-env-read\"]\n")).unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": config_uri, "type": 2 }] }));
    assert_eq!(client.published("ssotlint.toml"), Vec::<Value>::new());
    assert_eq!(client.published("app/views.py"), Vec::<Value>::new());
    client.shutdown();
}

/// Files that exist only as buffers, in a folder that had no source file when the server
/// started, are checked and count for the repository-wide rules.
#[test]
fn unsaved_new_files_join_their_project_and_its_repository_wide_facts() {
    let project = Project::new();
    project.file("ssotlint.toml", "[rules]\nignore = [\"unowned-concern\"]\n");
    let mut client = Client::start(project.path(), push_client());
    client.open("a.py", &pool(QUEUE));
    assert_eq!(client.published("a.py"), Vec::<Value>::new());
    client.open("b.py", &pool(QUEUE));
    assert_eq!(client.published("b.py"), Vec::<Value>::new());
    client.open("c.py", &pool(NULL));
    assert_eq!(codes(&client.published("c.py")), ["inconsistent-pool"]);
    client.change("b.py", 2, &pool(NULL));
    assert_eq!(codes(&client.published("a.py")), ["inconsistent-pool"]);
    assert_eq!(client.published("c.py"), Vec::<Value>::new());
    client.shutdown();
}

/// A file the server could not check completely says so instead of looking clean.
#[test]
fn a_file_that_could_not_be_checked_says_so() {
    let project = workspace();
    let mut client = Client::start_with(project.path(), push_client(), &[("SSOTLINT_INJECT_PANIC", "parser@views.py")]);
    client.open("app/views.py", USES_OWNER);
    let found = client.published("app/views.py");
    assert_eq!(codes(&found), ["internal-error"], "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.starts_with("ssotlint could not check this file completely: panicked"), "{message}");
    client.shutdown();
}

/// A file opened from outside the workspace folders brings its own project, read whole: the
/// other files of that project are checked as fully as the workspace's own.
#[test]
fn a_file_outside_the_workspace_brings_its_whole_project() {
    let folder = empty_folder();
    let elsewhere = workspace();
    elsewhere.file("app/cli.py", READS_ENV).file(
        "app/jobs.py",
        "import os\n\nurl = os.environ[\"DATABASE_URL\"]  # ssotlint: allow(direct-env-read) -- a one-off job\n",
    );
    let mut client = Client::start(folder.path(), pull_client());
    let outside = elsewhere.path().canonicalize().unwrap().join("app/reports.py");
    let uri = format!("file://{}", outside.display());
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "python", "version": 1, "text": READS_ENV } }),
    );
    let found = workspace_findings(&mut client);
    // reports.py is the open buffer; cli.py and jobs_db.py are on the disk; jobs.py's read is
    // suppressed (settings.py, the owner, reads the variable as it may).
    let expected =
        [("cli.py", "direct-env-read"), ("jobs_db.py", "inconsistent-pool"), ("reports.py", "direct-env-read")];
    let expected: Vec<(String, Vec<String>)> =
        expected.iter().map(|(file, code)| (file.to_string(), vec![code.to_string()])).collect();
    assert_eq!(found, expected);
    client.shutdown();
}

/// A folder added to the workspace is scanned: its findings are in the workspace
/// diagnostics before any of its files is opened.
#[test]
fn a_workspace_folder_added_later_is_scanned() {
    let first = empty_folder();
    let second = workspace();
    let mut client = Client::start(first.path(), pull_client());
    let files_with_findings =
        |client: &mut Client| workspace_findings(client).into_iter().map(|(file, _)| file).collect::<Vec<_>>();
    assert_eq!(files_with_findings(&mut client), Vec::<String>::new());
    let folder = format!("file://{}", second.path().canonicalize().unwrap().display());
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [{ "uri": folder, "name": "second" }], "removed": [] } }),
    );
    assert_eq!(files_with_findings(&mut client), ["jobs_db.py"]);
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [{ "uri": folder, "name": "second" }] } }),
    );
    assert_eq!(files_with_findings(&mut client), Vec::<String>::new());
    client.shutdown();
}
