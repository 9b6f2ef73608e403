//! Where a provider's value comes from: what each value a function returns is derived from,
//! in the terms `competing-source` judges by (a governed environment read, a hand-made URL,
//! or a call to follow across the project).

use super::Semantics;
use crate::analysis::model::{Value, ValueKind};
use crate::config::concern::Concern;
use crate::support::source::Span;

/// One thing a returned value is derived from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derivation {
    /// A governed variable read from the environment.
    EnvRead(Box<str>),
    /// A database URL written out, interpolated or built with a URL builder; the text says
    /// which (`postgresql://…`, `URL.create`).
    Assembly(Box<str>),
    /// The result of calling the function at this path, followed across the project.
    Call(Box<str>),
}

impl Derivation {
    /// What a provider does with this, as messages and `ssotlint trace` say it.
    pub fn describe(&self) -> String {
        match self {
            Derivation::EnvRead(var) => format!("returns `{var}` read from the environment"),
            Derivation::Assembly(what) if what.contains("://") => format!("assembles a `{what}` URL by hand"),
            Derivation::Assembly(what) => format!("builds the URL with `{what}`"),
            Derivation::Call(path) => format!("forwards to `{path}`"),
        }
    }
}

impl Semantics<'_> {
    /// What `value` (a returned value of a provider of `concern`) is derived from, with where.
    /// Parameters and attributes lead nowhere: a function that only reshapes what it is
    /// given consumes the value, it does not provide it.
    pub fn derivations(&self, concern: &Concern, value: &Value) -> Vec<(Derivation, Span)> {
        let urls = self.database().is_some_and(|db| std::ptr::eq(db, concern));
        let mut found = Vec::new();
        for origin in value.origins() {
            let derivation = match &origin.kind {
                ValueKind::EnvRead(var) if concern.governs(var) => Some(Derivation::EnvRead(var.clone())),
                ValueKind::Str(text) if urls => {
                    self.scheme_prefix(text).map(|scheme| Derivation::Assembly(format!("{scheme}://…").into()))
                }
                ValueKind::Format(parts) if urls => {
                    let scheme = self.scheme_prefix(&parts.prefix);
                    let shaped =
                        parts.scheme_is_interpolated() && (parts.has_credentials() || parts.has_port_and_path());
                    (scheme.is_some() || shaped)
                        .then(|| Derivation::Assembly(format!("{}://…", scheme.unwrap_or("…")).into()))
                }
                ValueKind::BuiltUrl(by) if urls => Some(Derivation::Assembly(by.clone())),
                ValueKind::Call { path } => Some(Derivation::Call(path.clone())),
                _ => None,
            };
            if let Some(derivation) = derivation {
                found.push((derivation, origin.span));
            }
        }
        found
    }
}
