//! The README's editor setups (section "Editor (language server)"), each a fenced block whose
//! info string names the editor (`toml helix`, `json vscode`, `lua neovim`, `json zed`): each
//! must parse and start `ssotlint server` for Python and Rust. The Neovim block is also run
//! for real by `tests/editors/neovim.sh` (headless Neovim 0.11+), which reads it from the
//! README through the same fence.

mod common;

use common::repo_root;
use serde_json::Value;

/// The one block of the README fenced as ```` ```{info} ````.
fn snippet(info: &str) -> String {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let fence = format!("\n```{info}\n");
    let found: Vec<&str> = readme.split(&fence).skip(1).collect();
    assert_eq!(found.len(), 1, "the README should have one block fenced as ```{info}");
    found[0].split("```").next().unwrap().to_owned()
}

fn json_snippet(info: &str) -> Value {
    let text = snippet(info);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("README's ```{info} block is not JSON: {e}\n{text}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap_or_else(|| panic!("not an array: {value}")).iter().map(|v| v.as_str().unwrap()).collect()
}

#[test]
fn helix_languages_toml_adds_the_server_and_keeps_the_default_ones() {
    let text = snippet("toml helix");
    let config: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("README's Helix block is not TOML: {e}\n{text}"));
    let server = &config["language-server"]["ssotlint"];
    assert_eq!(server["command"].as_str(), Some("ssotlint"), "{text}");
    assert_eq!(server["args"], toml::Value::Array(vec!["server".into()]), "{text}");
    let languages = config["language"].as_array().unwrap();
    for (name, default) in [("python", "ruff"), ("rust", "rust-analyzer")] {
        let language = languages.iter().find(|l| l["name"].as_str() == Some(name));
        let servers = language.unwrap_or_else(|| panic!("no [[language]] {name}"))["language-servers"].clone();
        let servers: Vec<&str> = servers.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
        // A `language-servers` list replaces Helix's default one, which must be repeated;
        // ssotlint comes last so that hover stays with the language's own server.
        assert_eq!(servers.last(), Some(&"ssotlint"), "{name}: {servers:?}");
        assert!(servers.contains(&default), "{name} drops Helix's default {default}: {servers:?}");
    }
}

#[test]
fn vscode_settings_start_the_server_for_python_and_rust() {
    let settings = json_snippet("json vscode");
    assert_eq!(settings["glspc.server.command"], "ssotlint");
    assert_eq!(strings(&settings["glspc.server.commandArguments"]), ["server"]);
    assert_eq!(strings(&settings["glspc.server.languageId"]), ["python", "rust"]);
}

#[test]
fn zed_settings_name_the_server_and_keep_the_other_servers() {
    let settings = json_snippet("json zed");
    let binary = &settings["lsp"]["ssotlint"]["binary"];
    assert_eq!(binary["path"], "ssotlint");
    assert_eq!(strings(&binary["arguments"]), ["server"]);
    for language in ["Python", "Rust"] {
        let servers = strings(&settings["languages"][language]["language_servers"]);
        assert!(servers.contains(&"ssotlint") && servers.contains(&"..."), "{language}: {servers:?}");
    }
}

#[test]
fn neovim_snippet_is_the_one_the_headless_run_loads() {
    let text = snippet("lua neovim");
    for part in [
        "vim.lsp.config('ssotlint', {",
        "cmd = { 'ssotlint', 'server' },",
        "filetypes = { 'python', 'rust' },",
        "vim.lsp.enable('ssotlint')",
    ] {
        assert!(text.contains(part), "README's Neovim block lacks `{part}`:\n{text}");
    }
    // Every file ssotlint reads its configuration from marks a root (src/config/discover.rs).
    let markers = text.split("root_markers = {").nth(1).and_then(|rest| rest.split('}').next()).unwrap_or("");
    for config in ["ssotlint.toml", ".ssotlint.toml", "pyproject.toml", "Cargo.toml"] {
        assert!(markers.contains(&format!("'{config}'")), "root_markers lack {config}: {markers}");
    }
    let script = std::fs::read_to_string(repo_root().join("tests/editors/neovim.lua")).unwrap();
    assert!(script.contains("readme:match('\\n```lua neovim\\n(.-\\n)```\\n')"), "neovim.lua reads another block");
}

#[test]
fn the_server_takes_no_flags() {
    let output = assert_cmd::Command::cargo_bin("ssotlint").unwrap().args(["server", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    // The README says so: every setup starts it as `ssotlint server`, nothing more.
    assert!(help.contains("\nUsage: ssotlint server\n"), "{help}");
}
