//! The repository-wide view: every file's facts, merged once after all files are checked,
//! with what the repository-wide rules need to interpret them (Rust crates, the module
//! paths of owner files).

mod chains;
pub mod trace;

pub use chains::{Forward, ProviderId, Unresolved, Verdict};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use std::borrow::Cow;

use crate::analysis::facts::{FileFacts, PoolSite, Provider, Site};
use crate::analysis::inventory::{Inventory, Source};
use crate::analysis::semantics::Derivation;
use crate::config::Settings;
use crate::config::concern::CONNECTION_POOL;
use crate::support::source::Lang;

/// A Rust crate: the directory of its `Cargo.toml` (relative to the root) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Crate {
    pub dir: String,
    pub name: String,
}

pub struct Repository<'a> {
    pub settings: &'a Settings,
    pub files: &'a [FileFacts],
    crates: HashMap<Arc<str>, Crate>,
    /// Per concern: module paths (Python dotted, Rust `::`) under which owner code lives.
    owner_modules: Vec<HashSet<String>>,
    /// Every provider's verdict: does it delegate, compete, or not provide at all.
    verdicts: HashMap<ProviderId, Verdict>,
    /// Every concern's sources (see `crate::analysis::inventory`).
    pub inventory: Inventory,
    /// Per language (Python, Rust), the one SQL family its pools name, if only one.
    sql_family: [Option<String>; 2],
}

impl<'a> Repository<'a> {
    /// `all_files` are every file of the project, `(relative path, path on disk)`; `unowned`
    /// are the sites rules found for concerns that have no owner.
    pub fn new(
        settings: &'a Settings,
        files: &'a [FileFacts],
        all_files: &[(Arc<str>, PathBuf)],
        unowned: Vec<Source>,
    ) -> Self {
        let owners: Vec<(usize, &(Arc<str>, PathBuf))> = all_files
            .iter()
            .flat_map(|file| {
                let concerns = settings.concerns.iter().enumerate();
                concerns.filter(|(_, c)| c.is_owner(&file.0)).map(move |(index, _)| (index, file))
            })
            .collect();
        // Crates are looked up only for what the rules ask about: files with facts, and
        // owners (finding a file's manifest reads directories up to the root).
        let with_facts: HashSet<&str> = files.iter().map(|f| &*f.path).collect();
        let asked =
            all_files.iter().filter(|(rel, _)| with_facts.contains(&**rel)).chain(owners.iter().map(|(_, f)| *f));
        let crates = crate_map(settings, asked);
        let owner_modules = (0..settings.concerns.len())
            .map(|concern| {
                let owned = owners.iter().filter(|(c, _)| *c == concern);
                owned.flat_map(|(_, (rel, _))| module_paths(rel, crates.get(rel))).collect()
            })
            .collect();
        let sql_family = [Lang::Python, Lang::Rust].map(|lang| only_sql_family(settings, files, lang));
        let mut repo = Self {
            settings,
            files,
            crates,
            owner_modules,
            verdicts: HashMap::new(),
            inventory: Inventory::default(),
            sql_family,
        };
        repo.verdicts = chains::verdicts(&repo);
        repo.inventory = repo.take_inventory(unowned);
        repo
    }

    /// The sites found for unowned concerns, with every competing provider and pool choice.
    fn take_inventory(&self, mut sources: Vec<Source>) -> Inventory {
        for (id, file, provider) in self.provider_ids() {
            let verdict = self.verdict(id);
            if !verdict.competes() {
                continue;
            }
            let concern = &self.settings.concerns[provider.concern];
            let reason = match verdict.evidence.first() {
                Some((Derivation::EnvRead(var), _)) => format!("returns `{var}` read from the environment"),
                Some(_) => "builds the URL by hand".to_owned(),
                None => "forwards to another provider".to_owned(),
            };
            sources.push(Source {
                concern: concern.name.clone(),
                rule: Cow::Borrowed("competing-source"),
                site: provider.site.clone(),
                subject: Some(provider.symbol.clone()),
                message: format!("`{}` {reason} ({})", provider.symbol, file.path),
            });
        }
        for (_, pool) in self.pool_sites().filter(|(file, pool)| self.is_database_pool(file, pool)) {
            sources.push(Source {
                concern: CONNECTION_POOL.to_owned(),
                rule: Cow::Borrowed("ad-hoc-pool"),
                site: pool.site.clone(),
                subject: Some(pool.strategy.clone()),
                message: format!("connection pool chosen here (`{}`)", pool.strategy),
            });
        }
        Inventory::new(sources)
    }

    /// What a provider's value comes from (see [`Verdict`]).
    pub fn verdict(&self, id: ProviderId) -> &Verdict {
        static NONE: std::sync::LazyLock<Verdict> = std::sync::LazyLock::new(Verdict::default);
        self.verdicts.get(&id).unwrap_or(&NONE)
    }

    /// Every provider with its id and file, in path order.
    pub fn provider_ids(&self) -> impl Iterator<Item = (ProviderId, &'a FileFacts, &'a Provider)> {
        self.files
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| f.providers.iter().enumerate().map(move |(pi, p)| ((fi, pi), f, p)))
    }

    /// A pool site's backend family: the one it names; else, for a pool of some SQL database,
    /// the only SQL family the repository's code in its language names; else what its
    /// strategy says (`SQLAlchemy (backend not known)`).
    pub fn pool_family(&self, file: &FileFacts, site: &PoolSite) -> String {
        let strategy = self.settings.vocab.lang(file.lang).pool_strategies.iter().find(|s| s.name == site.strategy);
        self.known_pool_family(file, site)
            .or_else(|| strategy.and_then(|s| s.family.clone()))
            .unwrap_or_else(|| "backend not known".to_owned())
    }

    /// Whether a pool site is a database's: not a pool of another service (Redis, MongoDB),
    /// which is that service's concern.
    pub fn is_database_pool(&self, file: &FileFacts, site: &PoolSite) -> bool {
        let family = self.known_pool_family(file, site);
        !family.is_some_and(|f| self.settings.vocab.pool_families.iter().any(|k| k.name == f && !k.sql))
    }

    /// A pool site's backend family when it or the repository names one.
    pub fn known_pool_family(&self, file: &FileFacts, site: &PoolSite) -> Option<String> {
        site.family.clone().or_else(|| self.sql_family[usize::from(file.lang == Lang::Rust)].clone())
    }

    /// A provider and its file.
    pub fn provider(&self, (fi, pi): ProviderId) -> (&'a FileFacts, &'a Provider) {
        let file = &self.files[fi];
        (file, &file.providers[pi])
    }

    /// The module paths a file can be imported as.
    pub fn module_names(&self, file: &FileFacts) -> Vec<String> {
        module_paths(&file.path, self.crates.get(&file.path))
    }

    /// Every provider with its file, in path order.
    pub fn providers(&self) -> impl Iterator<Item = (&'a FileFacts, &'a Provider)> {
        self.files.iter().flat_map(|f| f.providers.iter().map(move |p| (f, p)))
    }

    pub fn pool_sites(&self) -> impl Iterator<Item = (&'a FileFacts, &'a PoolSite)> {
        self.files.iter().flat_map(|f| f.pools.iter().map(move |p| (f, p)))
    }

    /// Pool sites of one language grouped by strategy, each group in path order.
    pub fn pool_strategies(&self, lang: Lang) -> BTreeMap<&'a str, Vec<&'a PoolSite>> {
        let mut strategies: BTreeMap<&str, Vec<&PoolSite>> = BTreeMap::new();
        for (_, site) in self.pool_sites().filter(|(file, _)| file.lang == lang) {
            strategies.entry(&site.strategy).or_default().push(site);
        }
        strategies
    }

    pub fn crate_of(&self, path: &str) -> Option<&Crate> {
        self.crates.get(path)
    }

    /// Whether a provider's body calls an entry point of its concern or a name from an
    /// owner module (`from shared.db import build_url`, `dbconf::database_url()`).
    pub fn delegation(&self, file: &FileFacts, provider: &Provider) -> Option<(Box<str>, Site)> {
        let (path, site) =
            provider.calls.iter().find(|(path, _)| self.names_entry_point(file, provider.concern, path))?;
        Some((path.clone(), site.clone()))
    }

    /// Whether a call path in `file` names an entry point of `concern` or lives in an owner
    /// module of it.
    pub fn names_entry_point(&self, file: &FileFacts, concern: usize, path: &str) -> bool {
        let entry_points = &self.settings.concerns[concern].entry_points;
        let owners = &self.owner_modules[concern];
        let own_crate = self.crates.get(&file.path).map(|c| c.name.as_str());
        let path = match (path.strip_prefix("crate::"), own_crate) {
            (Some(rest), Some(name)) => format!("{name}::{rest}"),
            _ => path.trim_start_matches('.').to_owned(),
        };
        let segments: Vec<&str> = path.split(['.', ':']).filter(|s| !s.is_empty()).collect();
        let names_entry_point = segments.iter().any(|s| entry_points.names.iter().any(|e| e == s));
        let separator = if file.lang == Lang::Rust { "::" } else { "." };
        let in_owner_module = (1..segments.len()).any(|n| owners.contains(&segments[..n].join(separator)));
        names_entry_point || in_owner_module
    }
}

/// The SQL family named by the pools of one language, when exactly one is.
fn only_sql_family(settings: &Settings, files: &[FileFacts], lang: Lang) -> Option<String> {
    let sql = |name: &str| settings.vocab.pool_families.iter().any(|f| f.name == name && f.sql);
    let named: std::collections::BTreeSet<&str> = files
        .iter()
        .filter(|f| f.lang == lang)
        .flat_map(|f| f.pools.iter().filter_map(|p| p.family.as_deref()))
        .filter(|family| sql(family))
        .collect();
    match named.into_iter().collect::<Vec<_>>().as_slice() {
        [only] => Some((*only).to_owned()),
        _ => None,
    }
}

/// The module paths a file can be imported as: for Python every suffix of its dotted path
/// (`services/api/shared/db.py` is `shared.db` under a `services/api` source root); for Rust
/// the crate name followed by the module path (`dbconf`, `dbconf::pool`).
fn module_paths(rel: &str, krate: Option<&Crate>) -> Vec<String> {
    if let Some(krate) = krate.filter(|_| rel.ends_with(".rs")) {
        let within = rel.strip_prefix(&krate.dir).unwrap_or(rel).trim_start_matches('/');
        let within = within.strip_prefix("src/").unwrap_or(within).trim_end_matches(".rs");
        let mut segments: Vec<&str> = within.split('/').collect();
        if matches!(segments.last(), Some(&("lib" | "main" | "mod"))) {
            segments.pop();
        }
        let mut path = krate.name.clone();
        for segment in segments {
            path.push_str("::");
            path.push_str(segment);
        }
        return vec![path];
    }
    let stem = rel.trim_end_matches(".pyi").trim_end_matches(".py");
    let mut segments: Vec<&str> = stem.split('/').collect();
    if segments.last() == Some(&"__init__") {
        segments.pop();
    }
    (0..segments.len()).map(|start| segments[start..].join(".")).collect()
}

/// The crate of every Rust file: the nearest `Cargo.toml` above it.
fn crate_map<'f>(
    settings: &Settings,
    files: impl Iterator<Item = &'f (Arc<str>, PathBuf)>,
) -> HashMap<Arc<str>, Crate> {
    let mut by_dir: HashMap<PathBuf, Option<Crate>> = HashMap::new();
    let mut map = HashMap::new();
    for (rel, path) in files.filter(|(rel, _)| rel.ends_with(".rs")) {
        let found = path.ancestors().skip(1).take_while(|dir| dir.starts_with(&settings.root) || dir == &settings.root);
        let mut result = None;
        let mut visited = Vec::new();
        for dir in found {
            if let Some(known) = by_dir.get(dir) {
                result = known.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            if let Some(krate) = read_manifest(dir, &settings.root) {
                result = Some(krate);
                break;
            }
        }
        for dir in visited {
            by_dir.insert(dir, result.clone());
        }
        if let Some(krate) = result {
            map.insert(rel.clone(), krate);
        }
    }
    map
}

fn read_manifest(dir: &Path, root: &Path) -> Option<Crate> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        package: Option<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: Option<String>,
    }
    let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
    let rel_dir = crate::input::discovery::relative(dir, root).unwrap_or_default();
    let name = toml::from_str::<Manifest>(&text).ok().and_then(|m| m.package).and_then(|p| p.name);
    let name = name.unwrap_or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
    Some(Crate { dir: rel_dir, name: name.replace('-', "_") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_modules_include_every_suffix() {
        assert_eq!(
            module_paths("services/api/shared/db.py", None),
            ["services.api.shared.db", "api.shared.db", "shared.db", "db"]
        );
        assert_eq!(module_paths("shared/__init__.py", None), ["shared"]);
    }

    #[test]
    fn rust_modules_start_with_the_crate() {
        let krate = Crate { dir: "crates/dbconf".into(), name: "dbconf".into() };
        assert_eq!(module_paths("crates/dbconf/src/lib.rs", Some(&krate)), ["dbconf"]);
        assert_eq!(module_paths("crates/dbconf/src/pool/mod.rs", Some(&krate)), ["dbconf::pool"]);
    }
}
