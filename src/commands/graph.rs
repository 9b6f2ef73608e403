//! `ssotlint graph [PATH]`: the picture of each concern that `--format markdown` embeds,
//! alone, as Mermaid, Graphviz dot or JSON. The rules run for the facts the picture is
//! made of, but findings are not the command's output: it succeeds (exit code 0) whatever
//! they are, and fails (2) on a usage, configuration or internal error.

use std::io::{self, BufWriter, Write};

use super::{Status, written};
use crate::cli::{CheckArgs, GraphArgs, GraphFormat};
use crate::config::UserError;
use crate::output::report::{self, graph};
use crate::run::engine::Outcome;

pub fn run(args: &GraphArgs) -> Status {
    match graphs(args) {
        Ok((graphs, outcome)) => {
            let mut out = BufWriter::new(io::stdout().lock());
            let status = written(write(&graphs, args.format, &mut out).and_then(|()| out.flush()));
            // A rule or file that panicked may be missing from the picture.
            let failed = super::check::note_internal_errors(&outcome, "the graphs show everything else");
            if failed && status == Status::Clean { Status::Failed } else { status }
        }
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

fn graphs(args: &GraphArgs) -> Result<(Vec<graph::Graph>, Outcome), UserError> {
    let check = CheckArgs {
        paths: args.path.clone().into_iter().collect(),
        config: args.catalog.config.clone(),
        quiet: true,
        ..CheckArgs::default()
    };
    let outcome = super::check::outcome_of(&check)?;
    let mut graphs = graph::graphs(&outcome);
    if let Some(name) = &args.concern {
        let known: Vec<&str> = outcome.concerns.iter().map(|c| c.name.as_str()).collect();
        if !known.contains(&name.as_str()) {
            return Err(UserError::usage(format!("no concern is named `{name}`"))
                .with_help(format!("the project's concerns: {}", known.join(", "))));
        }
        graphs.retain(|g| &g.concern == name);
    }
    Ok((graphs, outcome))
}

fn write(graphs: &[graph::Graph], format: GraphFormat, out: &mut dyn Write) -> io::Result<()> {
    if format == GraphFormat::Json {
        return graph::render::write_json(graphs, out);
    }
    for (i, graph) in graphs.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match format {
            GraphFormat::Mermaid => {
                writeln!(
                    out,
                    "%% {}{}",
                    graph.concern,
                    graph.folded.as_ref().map(|f| format!(": {f}")).unwrap_or_default()
                )?;
                graph::render::write_mermaid(graph, out)?;
            }
            _ => graph::render::write_dot(graph, out)?,
        }
    }
    Ok(())
}
