//! Which calls reach a concern's owner through one of its entry points: the calls that make a
//! file delegate rather than compete.

use super::Semantics;
use crate::analysis::model::{Call, Callee, ValueKind, last_segment};
use crate::config::concern::Concern;

impl Semantics<'_> {
    /// The entry point of `concern` a call names: a call through its path
    /// (`build_database_url()`, `dbconf::database_url()`, `DatabaseURLBuilder(…)`), a method of
    /// that name on a module or object (`urls.build_database_url()`), or a method of a type of
    /// that name (`DatabaseURLBuilder.from_env()`). A value that only shares the name
    /// (`database_url.split(…)`, `settings.database_url.replace(…)`) is not a call of it, and
    /// neither is a method of the file's own (`self.database_url()`). Triggered by
    /// [`Semantics::entry_point_trigger`].
    pub fn entry_point_called<'c>(&self, call: &Call, concern: &'c Concern) -> Option<&'c str> {
        let names = &concern.entry_points.names;
        if names.is_empty() {
            return None;
        }
        let named = |wanted: &str| names.iter().find(|n| *n == wanted).map(String::as_str);
        match &call.callee {
            Callee::Path { path, .. } => path.split(['.', ':']).find_map(named),
            Callee::Method { receiver, name, .. } => {
                let ValueKind::Name { path, .. } = &receiver.kind else { return None };
                let first = path.split(['.', ':']).next().unwrap_or(path);
                if matches!(first, "self" | "cls") {
                    return None;
                }
                // Only a type (capitalised) is called through: a lowercase receiver of that
                // name is a value.
                let receiver_type = Some(last_segment(path)).filter(|r| r.starts_with(char::is_uppercase));
                named(name).or_else(|| receiver_type.and_then(named))
            }
            Callee::Other => None,
        }
    }
}
