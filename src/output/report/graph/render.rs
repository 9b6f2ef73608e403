//! A concern's graph as Mermaid (GitHub and GitLab draw it in markdown), Graphviz dot, or
//! JSON. Owners and entry points are drawn together in an `owner` box.

use std::io::{self, Write};

use super::{Graph, Node, NodeKind};

/// Colours per kind, the same in Mermaid and dot: red competes, green delegates.
fn style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Owner | NodeKind::EntryPoint => ("#d9f2d9", "#2d7a2d"),
        NodeKind::Delegates => ("#eef7ee", "#5a9a5a"),
        NodeKind::Competes => ("#fbe3e3", "#b33a3a"),
        NodeKind::Environment => ("#fff4d6", "#a67c00"),
        NodeKind::Strategy => ("#e3ecfb", "#3a5fb3"),
        NodeKind::Service => ("#f2f2f2", "#777777"),
    }
}

fn class(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Owner => "owner",
        NodeKind::EntryPoint => "entry",
        NodeKind::Delegates => "delegates",
        NodeKind::Competes => "competes",
        NodeKind::Environment => "environment",
        NodeKind::Strategy => "strategy",
        NodeKind::Service => "service",
    }
}

fn in_owner_box(node: &Node) -> bool {
    matches!(node.kind, NodeKind::Owner | NodeKind::EntryPoint)
}

/// Mermaid text escapes quotes as entities; `<`, `>` would be read as HTML.
fn mermaid_text(text: &str) -> String {
    text.replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

fn mermaid_node(node: &Node) -> String {
    let label = node.label.iter().map(|l| mermaid_text(l)).collect::<Vec<_>>().join("<br/>");
    match node.kind {
        NodeKind::EntryPoint => format!("{}([\"{label}\"])", node.id),
        NodeKind::Environment => format!("{}[(\"{label}\")]", node.id),
        NodeKind::Strategy => format!("{}{{{{\"{label}\"}}}}", node.id),
        _ => format!("{}[\"{label}\"]", node.id),
    }
}

/// A `flowchart LR`, one line per node and edge, the classes last.
pub fn write_mermaid(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "flowchart LR")?;
    let (owned, rest): (Vec<&Node>, Vec<&Node>) = graph.nodes.iter().partition(|n| in_owner_box(n));
    if !owned.is_empty() {
        writeln!(out, "  subgraph owner[\"owner of {}\"]", mermaid_text(&graph.concern))?;
        for node in &owned {
            writeln!(out, "    {}", mermaid_node(node))?;
        }
        writeln!(out, "  end")?;
        // Mermaid's default cluster is yellow; the owner box takes a paler shade of the
        // owner's green, so that its nodes stand out in it.
        writeln!(out, "  style owner fill:#f4fbf4,stroke:{}", style(NodeKind::Owner).1)?;
    }
    for node in &rest {
        writeln!(out, "  {}", mermaid_node(node))?;
    }
    for edge in &graph.edges {
        let line = match (edge.dashed, edge.label.is_empty()) {
            (true, _) => "-.->",
            (false, false) => "-->",
            // Mermaid lays a label out as a step of its own, so a labelled edge spans two
            // ranks; an edge without one, one rank long, is drawn as a steep curve through
            // the boxes between. One more dash makes it as long as the others.
            (false, true) => "--->",
        };
        let label = if edge.label.is_empty() { String::new() } else { format!("|\"{}\"|", mermaid_text(&edge.label)) };
        writeln!(out, "  {} {line}{label} {}", edge.from, edge.to)?;
    }
    let mut kinds: Vec<NodeKind> = graph.nodes.iter().map(|n| n.kind).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let (fill, stroke) = style(kind);
        writeln!(out, "  classDef {} fill:{fill},stroke:{stroke},color:#222", class(kind))?;
        let ids: Vec<&str> = graph.nodes.iter().filter(|n| n.kind == kind).map(|n| n.id.as_str()).collect();
        writeln!(out, "  class {} {}", ids.join(","), class(kind))?;
    }
    Ok(())
}

fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot_shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::EntryPoint => "ellipse",
        NodeKind::Environment => "cylinder",
        NodeKind::Strategy => "hexagon",
        _ => "box",
    }
}

/// A `digraph` per concern; several concerns are several graphs in one file.
pub fn write_dot(graph: &Graph, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph \"{}\" {{", dot_text(&graph.concern))?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [style=filled, fontname=\"Helvetica\"];")?;
    let node_line = |node: &Node| {
        let label = node.label.iter().map(|l| dot_text(l)).collect::<Vec<_>>().join("\\n");
        let (fill, stroke) = style(node.kind);
        format!(
            "{} [label=\"{label}\", shape={}, fillcolor=\"{fill}\", color=\"{stroke}\"];",
            node.id,
            dot_shape(node.kind)
        )
    };
    let (owned, rest): (Vec<&Node>, Vec<&Node>) = graph.nodes.iter().partition(|n| in_owner_box(n));
    if !owned.is_empty() {
        writeln!(out, "  subgraph cluster_owner {{")?;
        writeln!(out, "    label=\"owner of {}\";", dot_text(&graph.concern))?;
        for node in owned {
            writeln!(out, "    {}", node_line(node))?;
        }
        writeln!(out, "  }}")?;
    }
    for node in rest {
        writeln!(out, "  {}", node_line(node))?;
    }
    for edge in &graph.edges {
        let mut attributes = Vec::new();
        if !edge.label.is_empty() {
            attributes.push(format!("label=\"{}\"", dot_text(&edge.label)));
        }
        if edge.dashed {
            attributes.push("style=dashed".to_owned());
        }
        let attributes = if attributes.is_empty() { String::new() } else { format!(" [{}]", attributes.join(", ")) };
        writeln!(out, "  {} -> {}{attributes};", edge.from, edge.to)?;
    }
    if let Some(folded) = &graph.folded {
        writeln!(out, "  // {folded}")?;
    }
    writeln!(out, "}}")
}

/// Every graph as a JSON array of `{concern, nodes, edges, folded}`.
pub fn write_json(graphs: &[Graph], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, graphs)?;
    writeln!(out)
}
