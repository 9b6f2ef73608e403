//! A picture of each concern: its owner and entry points, the files that delegate to them,
//! the files that read the environment or build the value by hand, the pool strategies each
//! service chose, and the provider chains between files. Built from a finished [`Outcome`];
//! `render` writes it as Mermaid, Graphviz dot or JSON, and the markdown report embeds it.
//! Paths are the run's, relative to the current directory, as in the findings beside them.

mod fold;
pub mod render;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::run::engine::{ConcernInfo, Outcome};
use crate::support::globs::Globs;

/// At most this many nodes in one picture; larger repositories are folded (see `fold`).
pub const MAX_NODES: usize = 40;

/// One concern's graph.
#[derive(Debug, Clone, Serialize)]
pub struct Graph {
    pub concern: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// What was folded to keep the picture small, when anything was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folded: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    /// The text, one entry per line.
    pub label: Vec<String>,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// An owner glob.
    Owner,
    /// A name through which the rest of the code reaches the owner.
    EntryPoint,
    /// The process environment.
    Environment,
    /// A pool strategy (`NullPool`, `sqlx PgPoolOptions`).
    Strategy,
    /// A file (or folded group of files) that only delegates.
    Delegates,
    /// A file (or folded group) that reads, assembles or chooses on its own.
    Competes,
    /// A service (or top-level directory) that chooses a pool.
    Service,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub label: String,
    /// Reading the environment is drawn dashed: it is an input, not a call.
    pub dashed: bool,
}

/// One end of an edge before files are folded: a file, a service, or a fixed node.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    File(String),
    Service(String),
    Fixed(String),
}

/// What a concern's graph holds before files become nodes.
#[derive(Default)]
struct Raw {
    /// The directory every path of the concern is under (the project root as the run
    /// shows it), which services and top-level directories are counted from.
    base: String,
    owners: Globs,
    fixed: Vec<Node>,
    /// Per file: whether it competes, and what it does (`reads env` → count).
    files: BTreeMap<String, FileRole>,
    services: BTreeSet<String>,
    edges: Vec<(End, End, String, bool)>,
}

#[derive(Default, Clone)]
struct FileRole {
    competes: bool,
    /// Whether it has an edge into the owner box (it calls an entry point or the owner).
    delegates: bool,
    doings: BTreeMap<&'static str, usize>,
}

/// Every concern of the run that has anything to show, in the order of the configuration.
pub fn graphs(outcome: &Outcome) -> Vec<Graph> {
    let base = base(outcome);
    outcome.concerns.iter().map(|c| graph(outcome, c, &base)).filter(|g| g.nodes.len() > g.fixed_only()).collect()
}

impl Graph {
    /// How many nodes are owners and entry points, which every concern has.
    fn fixed_only(&self) -> usize {
        self.nodes.iter().filter(|n| matches!(n.kind, NodeKind::Owner | NodeKind::EntryPoint)).count()
    }
}

fn graph(outcome: &Outcome, concern: &ConcernInfo, base: &str) -> Graph {
    let owners = Globs::new(concern.owners.iter().map(|o| (o.as_str(), 0..0))).unwrap_or_default();
    let mut raw = Raw { base: base.to_owned(), owners, ..Raw::default() };
    for (i, owner) in concern.owners.iter().enumerate() {
        raw.fixed.push(Node { id: format!("owner{i}"), label: vec![owner.clone()], kind: NodeKind::Owner });
    }
    for (i, name) in concern.entry_points.iter().enumerate() {
        raw.fixed.push(Node { id: format!("entry{i}"), label: vec![name.clone()], kind: NodeKind::EntryPoint });
    }
    raw.providers(concern);
    raw.entry_calls(concern);
    raw.sites(outcome, &concern.name);
    raw.pools(concern);
    fold::finish(&concern.name, raw)
}

impl Raw {
    fn file(&mut self, path: &str) -> &mut FileRole {
        self.files.entry(path.to_owned()).or_default()
    }

    fn fixed(&mut self, id: &str, label: &str, kind: NodeKind) -> End {
        if !self.fixed.iter().any(|n| n.id == id) {
            self.fixed.push(Node { id: id.to_owned(), label: vec![label.to_owned()], kind });
        }
        End::Fixed(id.to_owned())
    }

    /// The node a delegating call reaches: the entry point it names (`DatabaseURLBuilder` of
    /// `DatabaseURLBuilder.from_env`), else the first owner.
    fn entry_node(&self, concern: &ConcernInfo, called: &str) -> Option<End> {
        let index = concern.entry_points.iter().position(|e| called.split(['.', ':']).any(|s| s == e));
        match index {
            Some(i) => Some(End::Fixed(format!("entry{i}"))),
            None => (!concern.owners.is_empty()).then(|| End::Fixed("owner0".to_owned())),
        }
    }

    fn providers(&mut self, concern: &ConcernInfo) {
        for provider in &concern.providers {
            if self.owners.is_match(&provider.site.path) {
                continue;
            }
            let path = provider.site.path.to_string();
            let role = self.file(&path);
            role.competes |= provider.competes;
            let delegation = provider.delegates_to.as_ref().and_then(|called| self.entry_node(concern, called));
            if let Some(to) = delegation {
                self.file(&path).delegates = true;
                self.edges.push((End::File(path.clone()), to, format!("{} delegates", provider.symbol), false));
            }
            for (target, symbol) in &provider.calls {
                if **target != *path {
                    self.file(target);
                    let label = format!("{} calls {symbol}", provider.symbol);
                    self.edges.push((End::File(path.clone()), End::File(target.to_string()), label, false));
                }
            }
        }
    }

    /// Files that call an entry point delegate to the owner: an edge to it, unless one of
    /// their providers already draws that delegation.
    fn entry_calls(&mut self, concern: &ConcernInfo) {
        for (site, name) in &concern.entry_calls {
            if self.owners.is_match(&site.path) {
                continue;
            }
            let path = site.path.to_string();
            self.file(&path).delegates = true;
            let Some(to) = self.entry_node(concern, name) else { continue };
            let from = End::File(path);
            // No label: the arrow ends at the entry point's name already.
            if !self.edges.iter().any(|(f, t, ..)| *f == from && *t == to) {
                self.edges.push((from, to, String::new(), false));
            }
        }
    }

    /// The concern's findings and inventory: reads, hand-made URLs, lists, credentials.
    fn sites(&mut self, outcome: &Outcome, concern: &str) {
        let findings = outcome.findings.iter().filter(|f| f.concern.as_deref() == Some(concern));
        let found = findings.map(|f| (&*f.rule, &f.path, f.location.start.line, f.subject.as_deref()));
        let inventory = outcome
            .inventory
            .of(concern)
            .map(|s| (&*s.rule, &s.site.path, s.site.location.start.line, s.subject.as_deref()));
        let mut seen = BTreeSet::new();
        for (rule, path, line, subject) in found.chain(inventory) {
            if self.owners.is_match(path) || !seen.insert((rule, path.clone(), line)) {
                continue;
            }
            let doing = match rule {
                "direct-env-read" => "reads env",
                "manual-url-parsing" => "by hand",
                "hardcoded-credentials" => "credentials",
                "hardcoded-env-list" => "variable list",
                "environment-sniffing" => "sniffs env",
                "competing-source" => "provides",
                _ => continue,
            };
            let role = self.file(path);
            role.competes = true;
            *role.doings.entry(doing).or_default() += 1;
            if rule == "direct-env-read" {
                let env = self.fixed("env", "environment", NodeKind::Environment);
                let read = format!("reads {}", subject.unwrap_or("a variable"));
                let edge = (End::File(path.to_string()), env, read, true);
                if !self.edges.contains(&edge) {
                    self.edges.push(edge);
                }
            }
        }
    }

    /// For `connection-pool`: each service's strategies, an edge per place that chooses one,
    /// labelled with the place (`fold` shows it relative to the service or owner).
    fn pools(&mut self, concern: &ConcernInfo) {
        let Some(strategies) = &concern.strategies else { return };
        for (i, (strategy, sites)) in strategies.iter().enumerate() {
            let node = self.fixed(&format!("pool{i}"), strategy, NodeKind::Strategy);
            for site in sites {
                let chooser = match self.owners.matching(&site.path).first() {
                    Some(owner) => End::Fixed(format!("owner{owner}")),
                    None => {
                        let service = self.service_of(&site.path);
                        self.services.insert(service.clone());
                        End::Service(service)
                    }
                };
                let place = format!("{}:{}", site.path, site.location.start.line);
                self.edges.push((chooser, node.clone(), place, false));
            }
        }
    }
}

impl Raw {
    /// The service a path belongs to: `services/api` for `services/api/app/db.py` (under a
    /// folder of several services), else the top-level directory, else the file.
    fn service_of(&self, path: &str) -> String {
        const MONO: [&str; 6] = ["services", "apps", "crates", "packages", "libs", "components"];
        let rest = path.strip_prefix(&self.base).unwrap_or(path);
        let parts: Vec<&str> = rest.split('/').collect();
        let service = match parts.as_slice() {
            [group, name, _, ..] if MONO.contains(group) => format!("{group}/{name}"),
            [dir, _, ..] => (*dir).to_owned(),
            _ => rest.to_owned(),
        };
        format!("{}{service}", self.base)
    }

    /// The top-level directory of a path under the base, or the file at the top.
    fn top_of(&self, path: &str) -> String {
        let rest = path.strip_prefix(&self.base).unwrap_or(path);
        format!("{}{}", self.base, rest.split_once('/').map_or(rest, |(top, _)| top))
    }
}

/// The longest directory (`fixtures/demo/`, or empty) that holds every path of the run and
/// every owner: the project root as the run shows it, for a run of one project.
fn base(outcome: &Outcome) -> String {
    let findings = outcome.findings.iter().map(|f| &*f.path);
    let inventory = outcome.inventory.iter().map(|s| &*s.site.path);
    let concerns = outcome.concerns.iter();
    let owners = concerns.clone().flat_map(|c| c.owners.iter().map(String::as_str));
    let providers = concerns.clone().flat_map(|c| c.providers.iter().map(|p| &*p.site.path));
    let pools = concerns.flat_map(|c| c.strategies.iter().flat_map(|s| s.values()).flatten().map(|s| &*s.path));
    let mut paths = findings.chain(inventory).chain(owners).chain(providers).chain(pools);
    let Some(first) = paths.next() else { return String::new() };
    let mut base = first.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
    for path in paths {
        while !base.is_empty() && !path.starts_with(&format!("{base}/")) {
            base = base.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
        }
    }
    if base.is_empty() { base } else { format!("{base}/") }
}
