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
    let mut ordered: Vec<(&String, &Group)> = groups.iter().collect();
    ordered.sort_by_key(|(key, group)| (layer(group), *key));
    let ids: BTreeMap<&String, String> = ordered.iter().enumerate().map(|(i, (k, _))| (*k, format!("n{i}"))).collect();
    let mut nodes = raw.fixed.clone();
    for (key, group) in ordered {
        nodes.push(node(ids[key].clone(), key, group, grouping));
    }
    let key = |end: &End| match end {
        End::Fixed(id) => raw.fixed.iter().find(|n| n.id == *id).map_or(id.clone(), |n| n.label[0].clone()),
        End::File(path) | End::Service(path) => group_key(&raw, end, path, grouping),
    };
    let end = |end: &End| match end {
        End::Fixed(id) => id.clone(),
        End::File(_) | End::Service(_) => ids[&key(end)].clone(),
    };
    let labelled =
        raw.edges.iter().map(|(from, to, label, dashed)| (end(from), end(to), relative(label, &key(from)), *dashed));
    let edges = merge_edges(labelled);
    let folded = (grouping != Grouping::File).then(|| {
        let files = count(raw.files.len(), "file");
        let into = count(groups.len(), grouping.name());
        format!("{files} folded into {into} to keep the picture under {MAX_NODES} nodes")
    });
    Graph { concern: concern.to_owned(), nodes, edges, folded }
}

/// A label that is a place under the node an edge comes from, relative to it: `app/db.py:41`
/// from `services/api/`, `line 20` from the owner `shared/db/engine.py`. Other labels as
/// they are.
fn relative(label: &str, from: &str) -> String {
    let Some(rest) = label.strip_prefix(from.trim_end_matches('/')) else { return label.to_owned() };
    match (rest.strip_prefix(':'), rest.strip_prefix('/')) {
        (Some(line), _) => format!("line {line}"),
        (_, Some(within)) => within.to_owned(),
        _ => label.to_owned(),
    }
}

/// Where a node is drawn, top to bottom: files that only delegate (beside the owner box),
/// then those that also compete, then those that only compete (beside the environment), then
/// services. The layout starts from the order nodes are declared in, and files of one kind
/// together keep their edges from crossing the others' boxes.
fn layer(group: &Group) -> u8 {
    match (group.files.is_empty(), group.role.competes, group.role.delegates) {
        (true, ..) => 3,
        (false, false, _) => 0,
        (false, true, true) => 1,
        (false, true, false) => 2,
    }
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
        group.role.delegates |= role.delegates;
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

/// One edge per pair of nodes and style; its labels joined, at most three shown (an empty
/// label adds nothing).
fn merge_edges(edges: impl Iterator<Item = (String, String, String, bool)>) -> Vec<Edge> {
    let mut merged: Vec<(String, String, bool, Vec<String>)> = Vec::new();
    for (from, to, label, dashed) in edges.filter(|(from, to, ..)| from != to) {
        let label = Some(label).filter(|l| !l.is_empty());
        match merged.iter_mut().find(|(f, t, d, _)| *f == from && *t == to && *d == dashed) {
            Some((.., labels)) => labels.extend(label.filter(|l| !labels.contains(l))),
            None => merged.push((from, to, dashed, label.into_iter().collect())),
        }
    }
    merged
        .into_iter()
        .map(|(from, to, dashed, labels)| {
            // `reads A, B +2 more` rather than `reads A, reads B +2 more`.
            let verb = labels
                .first()
                .and_then(|l| l.split_once(' '))
                .map(|(verb, _)| verb)
                .filter(|verb| *verb == "reads" && labels.iter().all(|l| l.starts_with(&format!("{verb} "))));
            let shown = labels.len().min(3);
            let parts = labels[..shown].iter().map(|l| verb.map_or(l.as_str(), |v| &l[v.len() + 1..]));
            let mut label = verb.map(|v| format!("{v} ")).unwrap_or_default();
            label.push_str(&parts.collect::<Vec<_>>().join(", "));
            if labels.len() > shown {
                label.push_str(&format!(" +{} more", labels.len() - shown));
            }
            Edge { from, to, label, dashed }
        })
        .collect()
}
