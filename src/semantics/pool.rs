//! Which code chooses a connection pool strategy, and which strategy (`rules/connection-pool.toml`).

use super::Semantics;
use crate::model::{Call, Callee, NameRef, ValueKind};

impl<'a> Semantics<'a> {
    /// The strategy a call chooses: a pool constructor, a pool class instantiated, a sizing
    /// method on a sea-orm style options value, or an engine call with sizing keywords and no
    /// pool class (the pool class itself, as a keyword value, is reported as a name).
    pub fn pool_strategy_of_call(&self, call: &Call) -> Option<&'a str> {
        if !call.name().is_some_and(|name| self.lang.pool_call_names.contains(name)) {
            return None;
        }
        let strategies = &self.lang.pool_strategies;
        let path = call.path();
        if let Some(path) = path
            && let Some(s) = strategies.iter().find(|s| s.calls.matches(path) || s.values.matches(path))
        {
            return Some(&s.name);
        }
        if let Callee::Method { receiver, name, .. } = &call.callee {
            if let Some(s) = strategies.iter().find(|s| s.methods.contains(&**name)) {
                return Some(&s.name);
            }
            let built_by = |s: &crate::vocab::PoolStrategy| {
                receiver
                    .origins()
                    .any(|o| matches!(&o.kind, ValueKind::Call { path } if s.sizing_receivers.matches(path)))
            };
            if let Some(s) = strategies.iter().find(|s| s.sizing_methods.contains(&**name) && built_by(s)) {
                return Some(&s.name);
            }
        }
        let path = path?;
        let sized = call.keywords.iter().any(|k| self.vocab.pool_sizing_keywords.contains(&*k.name));
        let explicit_class = call.keywords.iter().any(|k| self.pool_class_value(&k.value.kind).is_some());
        if !sized || explicit_class {
            return None;
        }
        strategies.iter().find(|s| s.sized_calls.matches(path)).map(|s| s.name.as_str())
    }

    /// The strategy a pool class names where it is used as a value (`poolclass=NullPool`).
    pub fn pool_strategy_of_name(&self, name: &NameRef) -> Option<&'a str> {
        self.lang.pool_strategies.iter().find(|s| s.values.matches(&name.path)).map(|s| s.name.as_str())
    }

    fn pool_class_value(&self, value: &ValueKind) -> Option<&'a str> {
        match value {
            ValueKind::Name { path, .. } => {
                self.lang.pool_strategies.iter().find(|s| s.values.matches(path)).map(|s| s.name.as_str())
            }
            _ => None,
        }
    }
}
