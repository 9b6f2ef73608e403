//! The architecture stays a pipeline: no import cycle between the top-level modules of
//! `src/` (a module may use the ones below it, never one that uses it back). Read from the
//! source text: every `crate::x` path, and `super::x` in a top-level module's own file.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::repo_root;

/// Each top-level module and the top-level modules it names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo_root().join("src");
    let modules: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_stem()?.to_str()?.to_owned();
            (p.is_dir() || p.extension().is_some_and(|e| e == "rs")).then_some(name)
        })
        .filter(|name| name != "lib" && name != "main")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).unwrap();
        let mut parts = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned());
        let top = parts.next().unwrap();
        if !modules.contains(&top) {
            continue;
        }
        let rest: Vec<String> = parts.collect();
        let is_root_file = rest.is_empty() || rest == ["mod"];
        let text = without_comments(&std::fs::read_to_string(&file).unwrap());
        let mut named = paths_after(&text, "crate::");
        if is_root_file {
            named.extend(paths_after(&text, "super::"));
        }
        for target in named {
            if target != top && modules.contains(&target) {
                graph.entry(top.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The text with `//` comments removed (doc comments name modules in prose).
fn without_comments(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The identifiers right after each `prefix` (`crate::rules::X` gives `rules`), and those in
/// a `crate::{a, b::c}` group.
fn paths_after(text: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            found.extend(group.split(',').filter_map(|item| first_ident(item.trim())));
        } else {
            found.extend(first_ident(rest));
        }
    }
    found
}

fn first_ident(text: &str) -> Option<String> {
    let ident: String = text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    (!ident.is_empty()).then_some(ident)
}

/// A cycle through `start`, if the graph has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = imports();
    if let Some(found) = cycle(&graph) {
        let edges: Vec<String> = graph.iter().map(|(m, to)| format!("  {m} -> {to:?}")).collect();
        panic!("import cycle: {}\nthe graph:\n{}", found.join(" -> "), edges.join("\n"));
    }
}

#[test]
fn the_check_finds_a_cycle() {
    let mut graph = BTreeMap::new();
    graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    graph.insert("b".to_owned(), BTreeSet::from(["c".to_owned()]));
    graph.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(cycle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
    graph.get_mut("c").unwrap().clear();
    assert_eq!(cycle(&graph), None);
    assert_eq!(paths_after("use crate::{rules::Rule, config};", "crate::"), ["rules", "config"]);
}
