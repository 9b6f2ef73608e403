//! Rule packs named in `rule-packs = [...]`: files or directories of TOML, in the same format
//! as the built-in `rules/*.toml`. Their `[[rule]]` entries become rules; any vocabulary they
//! add (a pool strategy, a governed variable) extends the built-in vocabulary for the run.

use std::path::PathBuf;
use std::sync::Arc;

use super::UserError;
use super::discover::{Loaded, display_name};
use crate::config::vocab::{RawPackRule, RuleFile, Vocabulary, parse_rule_file};

/// One rule pack file as read: its name and text (for error frames) and its `[[rule]]`
/// entries, which the rules module compiles.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub name: String,
    pub text: String,
    pub rules: Vec<RawPackRule>,
}

pub struct LoadedPacks {
    pub sources: Vec<PackSource>,
    pub vocab: Arc<Vocabulary>,
}

/// Reads and parses every rule pack the configuration names; the vocabulary they add
/// extends the built-in one.
pub fn load(loaded: &Loaded) -> Result<LoadedPacks, UserError> {
    let mut sources = Vec::new();
    let mut extra = Vec::new();
    for entry in &loaded.raw.rule_packs {
        for path in pack_files(loaded, entry)? {
            let name = display_name(&path);
            let text = std::fs::read_to_string(&path)
                .map_err(|err| UserError::io(format!("cannot read rule pack `{name}`: {err}")))?;
            let mut file: RuleFile = parse_rule_file(&name, &text)?;
            let rules = std::mem::take(&mut file.rule);
            sources.push(PackSource { name, text, rules });
            extra.push(file);
        }
    }
    let vocab = if extra.is_empty() { Vocabulary::builtin() } else { Arc::new(Vocabulary::with_extra(extra)) };
    Ok(LoadedPacks { sources, vocab })
}

/// The TOML files of one `rule-packs` entry: the file itself, or a directory's `*.toml`.
fn pack_files(loaded: &Loaded, entry: &toml::Spanned<String>) -> Result<Vec<PathBuf>, UserError> {
    let path = loaded.root.join(entry.get_ref());
    if path.is_file() {
        return Ok(vec![path]);
    }
    if !path.is_dir() {
        return Err(UserError::at(
            &loaded.name,
            &loaded.text,
            entry.span(),
            format!("rule pack `{}` does not exist", entry.get_ref()),
        )
        .with_help("rule packs are files or directories of `.toml`, relative to the project root"));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
        .map_err(|err| UserError::io(format!("cannot read rule pack directory `{}`: {err}", path.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    Ok(files)
}
