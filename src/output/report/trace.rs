//! `ssotlint trace` output: a provider's chain as an indented tree, or as JSON.

use std::io::{self, Write};

use crate::analysis::repo::trace::Step;

/// One tree per provider, separated by a blank line:
///
/// ```text
/// `get_database_url` (app/db.py:4): competes, then delegates
/// └── forwards to `Env.get_database_url` at app/db.py:5, defined at app/env.py:7: competes, then delegates
///     ├── returns `DATABASE_URL` read from the environment at app/env.py:8: competes
///     └── falls back to `DatabaseURLBuilder` at app/env.py:11: an entry point
/// ```
pub fn write_text(trees: &[Step], out: &mut dyn Write) -> io::Result<()> {
    for (i, tree) in trees.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{} ({}){}", tree.text, tree.at, verdict(tree))?;
        children(&tree.children, "", out)?;
    }
    Ok(())
}

fn children(steps: &[Step], indent: &str, out: &mut dyn Write) -> io::Result<()> {
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        let branch = if last { "└── " } else { "├── " };
        let defined = step.defined_at.as_ref().map(|d| format!(", defined at {d}")).unwrap_or_default();
        writeln!(out, "{indent}{branch}{} at {}{defined}{}", step.text, step.at, verdict(step))?;
        let deeper = format!("{indent}{}", if last { "    " } else { "│   " });
        children(&step.children, &deeper, out)?;
    }
    Ok(())
}

fn verdict(step: &Step) -> String {
    step.verdict.map(|v| format!(": {v}")).unwrap_or_default()
}

/// The trees as a JSON array (`text`, `at`, `defined_at`, `verdict`, `children`).
pub fn write_json(trees: &[Step], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, trees)?;
    writeln!(out)
}
