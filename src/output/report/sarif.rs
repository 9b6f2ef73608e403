//! SARIF 2.1.0 for code-scanning dashboards: one run, the rule catalogue in
//! `tool.driver.rules`, every finding (suppressed ones with a `suppressions` entry), labels as
//! `relatedLocations`, and the baseline fingerprint in `partialFingerprints`. Paths are
//! relative to `%SRCROOT%`, the repository root; columns count Unicode code points.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::Report;
use crate::finding::{ErrorKind, Finding, Location, Severity};
use crate::rules::RuleMeta;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/ssotlint/ssotlint";
/// The key of our fingerprint in `partialFingerprints`, versioned with the baseline format.
const FINGERPRINT_KEY: &str = "ssotlint/v1";

pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let metas = report.rules;
    let index: HashMap<&str, usize> = metas.iter().enumerate().map(|(i, m)| (&*m.id, i)).collect();
    let outcome = report.outcome;
    let mut results: Vec<Value> = outcome.findings.iter().map(|f| result(f, &index, None)).collect();
    results.extend(outcome.suppressed.iter().map(|s| result(&s.finding, &index, Some(s.reason.as_deref()))));
    let notifications: Vec<Value> = outcome
        .errors
        .iter()
        .map(|error| {
            let level = if error.kind == ErrorKind::InternalError { "error" } else { "warning" };
            json!({
                "level": level,
                "message": { "text": format!("{}: {}", error.path, error.message) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact(&error.path) } }],
            })
        })
        .collect();
    let root = url_of_dir(&source_root());
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver(metas) },
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": !outcome.errors.iter().any(|e| e.kind == ErrorKind::InternalError),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn driver(metas: &[&RuleMeta]) -> Value {
    let rules: Vec<Value> = metas
        .iter()
        .map(|meta| {
            json!({
                "id": meta.id,
                "name": pascal_case(&meta.id),
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": first_section(&meta.docs) },
                "help": { "text": meta.docs, "markdown": meta.docs },
                "defaultConfiguration": { "level": level(meta.severity) },
                "properties": { "tags": meta.concern.as_deref().map(|c| vec![c]).unwrap_or_default() },
            })
        })
        .collect();
    json!({
        "name": env!("CARGO_PKG_NAME"),
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": INFORMATION_URI,
        "rules": rules,
    })
}

/// One result; `suppression` is `Some(reason)` for a finding an inline suppression hid.
fn result(finding: &Finding, index: &HashMap<&str, usize>, suppression: Option<Option<&str>>) -> Value {
    let related: Vec<Value> = finding
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            json!({
                "id": i + 1,
                "physicalLocation": physical(label.path.as_deref().unwrap_or(&finding.path), label.location),
                "message": { "text": label.message },
            })
        })
        .collect();
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    let mut value = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical(&finding.path, finding.location) }],
        "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint },
    });
    if let Some(&rule_index) = index.get(&*finding.rule) {
        value["ruleIndex"] = json!(rule_index);
    }
    if !related.is_empty() {
        value["relatedLocations"] = Value::Array(related);
    }
    if finding.chain && !finding.labels.is_empty() {
        value["codeFlows"] = code_flow(finding);
    }
    if let Some(reason) = suppression {
        let mut entry = json!({ "kind": "inSource", "status": "accepted" });
        if let Some(reason) = reason {
            entry["justification"] = json!(reason);
        }
        value["suppressions"] = json!([entry]);
    }
    value
}

/// A provider chain as one thread flow, in order: the provider, then each link (forwards,
/// definitions reached, the read or hand-made URL where it ends); code scanning shows it as
/// a path through the files.
fn code_flow(finding: &Finding) -> Value {
    let first = json!({
        "location": {
            "physicalLocation": physical(&finding.path, finding.location),
            "message": { "text": finding.message },
        },
        "nestingLevel": 0,
        "executionOrder": 1,
    });
    let steps = finding.labels.iter().enumerate().map(|(i, label)| {
        json!({
            "location": {
                "physicalLocation": physical(label.path.as_deref().unwrap_or(&finding.path), label.location),
                "message": { "text": label.message },
            },
            "nestingLevel": 0,
            "executionOrder": i + 2,
        })
    });
    let locations: Vec<Value> = std::iter::once(first).chain(steps).collect();
    json!([{ "threadFlows": [{ "locations": locations }] }])
}

fn physical(path: &str, location: Location) -> Value {
    json!({
        "artifactLocation": artifact(path),
        "region": {
            "startLine": location.start.line,
            "startColumn": location.start.column,
            "endLine": location.end.line,
            "endColumn": location.end.column,
        },
    })
}

/// `%SRCROOT%`: the repository around the current directory (where code scanning resolves
/// paths), else the current directory.
fn source_root() -> std::path::PathBuf {
    crate::config::default_root(crate::support::paths::current_dir())
}

/// A path as the output shows it (relative to the current directory) as a URI relative
/// to `%SRCROOT%`.
fn artifact(path: &str) -> Value {
    static REBASE: std::sync::LazyLock<crate::support::paths::Rebase> = std::sync::LazyLock::new(|| {
        crate::support::paths::Rebase::between(crate::support::paths::current_dir(), &source_root())
    });
    json!({ "uri": uri_escape(&REBASE.apply(path)), "uriBaseId": "%SRCROOT%" })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `direct-env-read` → `DirectEnvRead`, SARIF's convention for rule names.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// The "What it does" paragraph of a rule's documentation.
fn first_section(docs: &str) -> &str {
    let body = docs.strip_prefix("## What it does\n").unwrap_or(docs);
    body.split("\n## ").next().unwrap_or(body).trim()
}

/// Percent-encodes the characters a relative URI reference cannot hold as they are.
fn uri_escape(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn url_of_dir(dir: &std::path::Path) -> String {
    let mut path = uri_escape(&dir.to_string_lossy().replace('\\', "/"));
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    format!("file://{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_uris() {
        assert_eq!(pascal_case("direct-env-read"), "DirectEnvRead");
        assert_eq!(uri_escape("svc/é b.py"), "svc/%C3%A9%20b.py");
        assert_eq!(url_of_dir(std::path::Path::new("/work/repo")), "file:///work/repo/");
    }
}
