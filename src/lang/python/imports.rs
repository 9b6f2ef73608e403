//! Import aliases of one Python file: `from os import getenv as ge` makes `ge` mean
//! `os.getenv`; `import os.path as p` makes `p` mean `os.path`.

use crate::support::hashing::FastMap as HashMap;

use ruff_python_ast::{StmtImport, StmtImportFrom};

#[derive(Debug, Default)]
pub struct Imports {
    aliases: HashMap<String, String>,
}

impl Imports {
    pub fn import(&mut self, stmt: &StmtImport) {
        for alias in &stmt.names {
            let name = alias.name.as_str();
            match &alias.asname {
                Some(asname) => self.insert(asname.as_str(), name.to_owned()),
                None => {
                    let first = name.split('.').next().unwrap_or(name);
                    self.insert(first, first.to_owned());
                }
            }
        }
    }

    pub fn import_from(&mut self, stmt: &StmtImportFrom) {
        let dots = ".".repeat(stmt.level as usize);
        let module = stmt.module.as_ref().map_or("", |m| m.as_str());
        for alias in &stmt.names {
            let name = alias.name.as_str();
            if name == "*" {
                continue;
            }
            let local = alias.asname.as_ref().map_or(name, |a| a.as_str());
            let path = match (dots.is_empty(), module.is_empty()) {
                (true, _) => format!("{module}.{name}"),
                (false, true) => format!("{dots}{name}"),
                (false, false) => format!("{dots}{module}.{name}"),
            };
            self.insert(local, path);
        }
    }

    fn insert(&mut self, local: &str, path: String) {
        self.aliases.insert(local.to_owned(), path);
    }

    /// The qualified path a local name stands for, if it was imported.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).map(String::as_str)
    }
}
