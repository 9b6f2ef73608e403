//! Files become nodes: one per file while the picture stays under [`MAX_NODES`], else one per
//! service (`services/api`), else one per top-level directory; the graph says what it folded.

use std::collections::{BTreeMap, BTreeSet};

use super::{Edge, End, FileRole, Graph, MAX_NODES, Node, NodeKind, Raw};
use crate::support::plural::count;

/// How files are grouped into nodes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Grouping {
    File,
    Service,
    Top,
}

impl Grouping {
    fn key(self, raw: &Raw, path: &str) -> String {
        match self {
            Grouping::File => path.to_owned(),
            Grouping::Service => raw.service_of(path),
            Grouping::Top => raw.top_of(path),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Grouping::File => "file",
            Grouping::Service => "service",
            Grouping::Top => "top-level directory",
        }
    }
}

/// A node that stands for files or a service.
#[derive(Default)]
struct Group {
    files: BTreeSet<String>,
    role: FileRole,
    chooses_pool: bool,
}

pub(super) fn finish(concern: &str, raw: Raw) -> Graph {
    let grouping = [Grouping::File, Grouping::Service, Grouping::Top]
        .into_iter()
        .find(|g| raw.fixed.len() + groups(&raw, *g).len() <= MAX_NODES)
        .unwrap_or(Grouping::Top);
    let groups = groups(&raw, grouping);
    let ids: BTreeMap<&String, String> = groups.keys().enumerate().map(|(i, k)| (k, format!("n{i}"))).collect();
    let mut nodes = raw.fixed.clone();
    for (key, group) in &groups {
        nodes.push(node(ids[key].clone(), key, group, grouping));
    }
    let end = |end: &End| match end {
        End::Fixed(id) => id.clone(),
        End::File(path) | End::Service(path) => ids[&group_key(&raw, end, path, grouping)].clone(),
    };
    let edges = merge_edges(raw.edges.iter().map(|(from, to, label, dashed)| (end(from), end(to), label, *dashed)));
    let folded = (grouping != Grouping::File).then(|| {
        let files = count(raw.files.len(), "file");
        let into = count(groups.len(), grouping.name());
        format!("{files} folded into {into} to keep the picture under {MAX_NODES} nodes")
    });
    Graph { concern: concern.to_owned(), nodes, edges, folded }
}

fn group_key(raw: &Raw, end: &End, path: &str, grouping: Grouping) -> String {
    match (end, grouping) {
        // Unfolded, a service that chooses a pool is its own node beside its files.
        (End::Service(service), Grouping::File) => format!("{service}/"),
        (End::Service(service), Grouping::Service) => service.clone(),
        _ => grouping.key(raw, path),
    }
}

fn groups(raw: &Raw, grouping: Grouping) -> BTreeMap<String, Group> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for (path, role) in &raw.files {
        let group = groups.entry(grouping.key(raw, path)).or_default();
        group.files.insert(path.clone());
        group.role.competes |= role.competes;
        for (doing, n) in &role.doings {
            *group.role.doings.entry(doing).or_default() += n;
        }
    }
    for service in &raw.services {
        let end = End::Service(service.clone());
        groups.entry(group_key(raw, &end, service, grouping)).or_default().chooses_pool = true;
    }
    groups
}

fn node(id: String, key: &str, group: &Group, grouping: Grouping) -> Node {
    let mut label = match (grouping, group.files.len()) {
        (Grouping::File, _) | (_, 0) => vec![key.to_owned()],
        (_, 1) => vec![group.files.iter().next().map_or(key, String::as_str).to_owned()],
        (_, n) => vec![format!("{key}/ ({n} files)")],
    };
    let doings: Vec<String> = group
        .role
        .doings
        .iter()
        .map(|(doing, n)| if *n == 1 { (*doing).to_owned() } else { format!("{doing} ×{n}") })
        .collect();
    if !doings.is_empty() {
        label.push(doings.join(" · "));
    }
    let kind = if group.files.is_empty() {
        NodeKind::Service
    } else if group.role.competes {
        NodeKind::Competes
    } else {
        NodeKind::Delegates
    };
    Node { id, label, kind }
}

/// One edge per pair of nodes and style; its labels joined, at most three shown.
fn merge_edges<'a>(edges: impl Iterator<Item = (String, String, &'a String, bool)>) -> Vec<Edge> {
    let mut merged: Vec<(String, String, bool, Vec<&str>)> = Vec::new();
    for (from, to, label, dashed) in edges.filter(|(from, to, ..)| from != to) {
        match merged.iter_mut().find(|(f, t, d, _)| *f == from && *t == to && *d == dashed) {
            Some((.., labels)) if !labels.contains(&label.as_str()) => labels.push(label),
            Some(_) => {}
            None => merged.push((from, to, dashed, vec![label])),
        }
    }
    merged
        .into_iter()
        .map(|(from, to, dashed, labels)| {
            // `reads A, B +2 more` rather than `reads A, reads B +2 more`.
            let verb = labels[0]
                .split_once(' ')
                .map(|(verb, _)| verb)
                .filter(|verb| *verb == "reads" && labels.iter().all(|l| l.starts_with(&format!("{verb} "))));
            let shown = labels.len().min(3);
            let parts = labels[..shown].iter().map(|l| verb.map_or(*l, |v| &l[v.len() + 1..]));
            let mut label = verb.map(|v| format!("{v} ")).unwrap_or_default();
            label.push_str(&parts.collect::<Vec<_>>().join(", "));
            if labels.len() > shown {
                label.push_str(&format!(" +{} more", labels.len() - shown));
            }
            Edge { from, to, label, dashed }
        })
        .collect()
}
