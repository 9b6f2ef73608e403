//! The rules of a run, beside its [`Settings`]: the built-ins plus the rules compiled from the
//! rule packs the settings name. Loading settings lives here too, since it needs to know
//! every rule id (to check `select`, `ignore`, `severity`) and that pack ids are unique.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::{BUILTIN, PackFile, PackRule, Rule, RuleIndex, StaticRule};
use crate::config::packs::{self, PackSource};
use crate::config::{Known, Loaded, Overrides, Settings, UserError};
use crate::input::prefilter::Trigger;
use crate::support::source::Lang;

/// The rules of one run: the built-ins plus rules from user rule packs.
#[derive(Clone)]
pub struct Registry {
    rules: Vec<Arc<dyn Rule>>,
}

impl Default for Registry {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Registry {
    pub fn builtin() -> Self {
        Self::with_packs(Vec::new())
    }

    /// The built-in rules followed by rule-pack rules.
    pub fn with_packs(packs: Vec<PackRule>) -> Self {
        let builtin = BUILTIN.iter().map(|&rule| Arc::new(StaticRule(rule)) as Arc<dyn Rule>);
        let packs = packs.into_iter().map(|rule| Arc::new(rule) as Arc<dyn Rule>);
        Self { rules: builtin.chain(packs).collect() }
    }

    pub fn iter(&self) -> impl Iterator<Item = &dyn Rule> {
        self.rules.iter().map(|r| &**r)
    }

    /// Each rule with the index the prefilter knows it by. The prefilter's gates are built
    /// from [`Registry::triggers`] in this same order, and only this method hands indexes
    /// out, so an index cannot name another rule's gate.
    pub fn indexed(&self) -> impl Iterator<Item = (RuleIndex, &dyn Rule)> {
        self.iter().enumerate().map(|(index, rule)| (RuleIndex::new(index), rule))
    }

    /// Every rule's trigger for files of `lang`, in the order of [`Registry::indexed`].
    pub fn triggers(&self, settings: &Settings, lang: Lang) -> Vec<Trigger> {
        self.indexed().map(|(_, rule)| rule.triggers(settings, lang)).collect()
    }

    pub fn get(&self, id: &str) -> Option<&dyn Rule> {
        self.iter().find(|r| r.meta().id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|r| &*r.meta().id)
    }
}

impl Registry {
    /// The rules of a run under `settings`: the built-ins and the settings' pack rules.
    /// Settings check their packs when they are loaded (`Settings::resolve` below), so they
    /// compile here; were they not to, the run goes on with the built-ins alone.
    pub fn for_settings(settings: &Settings) -> Self {
        Self::with_packs(compile(&settings.packs).unwrap_or_default())
    }
}

/// Compiles every pack rule, checking that ids are unique across built-in rules and packs.
fn compile(sources: &[PackSource]) -> Result<Vec<PackRule>, UserError> {
    let mut ids: HashSet<String> = BUILTIN.iter().map(|r| r.meta().id.to_string()).collect();
    let mut rules = Vec::new();
    for source in sources {
        let file = PackFile { name: &source.name, text: &source.text };
        for raw in &source.rules {
            let id = raw.id.get_ref().clone();
            if !ids.insert(id.clone()) {
                return Err(UserError::at(
                    &source.name,
                    &source.text,
                    raw.id.span(),
                    format!("rule id `{id}` is already taken"),
                )
                .with_help("rule ids are unique across built-in rules and every rule pack"));
            }
            rules.push(PackRule::compile(raw.clone(), &file)?);
        }
    }
    Ok(rules)
}

impl Settings {
    /// Finds and resolves the configuration for a run over `first_path`.
    pub fn load(first_path: &Path, overrides: &Overrides) -> Result<Settings, UserError> {
        let loaded = crate::config::load(first_path, overrides.config.as_deref())?;
        Self::resolve(loaded, overrides)
    }

    /// The defaults, with `root` as the project root and no configuration file.
    pub fn defaults(root: &Path) -> Result<Settings, UserError> {
        let root =
            root.canonicalize().map_err(|err| UserError::io(format!("cannot open `{}`: {err}", root.display())))?;
        Self::resolve(Loaded { root, ..Loaded::default() }, &Overrides::default())
    }

    /// Resolves a configuration as found: its rule packs are read and compiled, and every
    /// rule id they and the built-ins define is known to the configuration.
    pub fn resolve(loaded: Loaded, overrides: &Overrides) -> Result<Settings, UserError> {
        let packs = packs::load(&loaded)?;
        let compiled = compile(&packs.sources)?;
        let sized_types = compiled.iter().flat_map(|r| r.sized_types()).map(str::to_owned).collect();
        let registry = Registry::with_packs(compiled);
        let rules = registry.iter().map(|r| (r.meta().id.to_string(), r.meta().severity)).collect();
        let known = Known { rules, sized_types };
        Settings::resolve_with(loaded, overrides, packs, known)
    }
}
