//! The configuration as written (SPEC §4): a strict serde shape with kebab-case keys. Unknown
//! keys and wrong types are errors; values that later need a precise error (globs, rule ids)
//! keep their spans.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::config::vocab::SizeLimitEntry;
use crate::finding::Severity;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    /// Globs of the files to check (default `**/*.py`, `**/*.rs`).
    pub include: Option<Vec<Spanned<String>>>,
    /// Globs left out on top of `.gitignore` and the default excludes.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Whether `.gitignore`, `.ignore` and `.git/info/exclude` are honoured (default true).
    pub respect_gitignore: Option<bool>,
    /// Concerns: owners, entry points and governed variables.
    #[serde(default)]
    pub concerns: BTreeMap<Spanned<String>, RawConcern>,
    /// Which rules run, and at which severity.
    #[serde(default)]
    pub rules: RawRules,
    /// Rules left out for some paths.
    #[serde(default)]
    pub per_path: Vec<RawPerPath>,
    /// Globs of test files.
    pub test_paths: Option<Vec<Spanned<String>>>,
    /// Whether test code is checked (`check`) or left out (`skip`, the default).
    pub test_code: Option<TestCode>,
    /// Files larger than this many bytes are not checked (default 10 MB).
    pub max_file_size: Option<u64>,
    /// Files or directories of declarative rules, relative to the project root.
    #[serde(default)]
    pub rule_packs: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TestCode {
    #[default]
    Skip,
    Check,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConcern {
    /// What the concern is, for messages (user concerns).
    pub description: Option<String>,
    /// Globs of the files allowed to touch the concern's raw inputs.
    #[serde(default)]
    pub owners: Vec<Spanned<String>>,
    /// Names through which the rest of the code reaches the owner: a list, or a list per
    /// language (`{ python = [...], rust = [...] }`).
    #[serde(default)]
    pub entry_points: RawEntryPoints,
    /// Governed variables; replaces the built-in list.
    pub env: Option<Vec<String>>,
    /// Governed variables added to the built-in list.
    #[serde(default)]
    pub extend_env: Vec<String>,
    /// Provider words; replaces the built-in list.
    pub provider_words: Option<Vec<String>>,
    /// Provider words added to the built-in list.
    #[serde(default)]
    pub extend_provider_words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawEntryPoints {
    /// One list; each name's language is the language of the owner file that defines it.
    Any(Vec<String>),
    PerLanguage(RawEntryPointsPerLanguage),
}

impl Default for RawEntryPoints {
    fn default() -> Self {
        RawEntryPoints::Any(Vec::new())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntryPointsPerLanguage {
    #[serde(default)]
    pub python: Vec<String>,
    #[serde(default)]
    pub rust: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRules {
    /// Rule ids to run, or `ALL` (the default).
    pub select: Option<Vec<Spanned<String>>>,
    /// Rule ids run on top of `select` (ruff's `extend-select`).
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    /// Rule ids not to run.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Rule ids not to run, on top of `ignore` (as ruff spells it).
    #[serde(default)]
    pub extend_ignore: Vec<Spanned<String>>,
    /// Severity overrides per rule id.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    /// Options of `oversized-initializer`.
    pub oversized_initializer: Option<RawSizeLimits>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawSizeLimits {
    /// Limits per type-name pattern; the first matching pattern applies. Replaces the defaults.
    pub limits: Vec<SizeLimitEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPerPath {
    /// Globs of the paths this entry applies to.
    pub paths: Vec<Spanned<String>>,
    /// Rule ids not run on those paths.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
}

/// `pyproject.toml`: only `[tool.ssotlint]` is read.
#[derive(Debug, Deserialize)]
pub struct PyProject {
    pub tool: Option<PyProjectTool>,
}

#[derive(Debug, Deserialize)]
pub struct PyProjectTool {
    pub ssotlint: Option<RawConfig>,
}

/// `Cargo.toml`: only `[workspace.metadata.ssotlint]` and `[package.metadata.ssotlint]`.
#[derive(Debug, Deserialize)]
pub struct CargoManifest {
    pub workspace: Option<CargoSection>,
    pub package: Option<CargoSection>,
}

#[derive(Debug, Deserialize)]
pub struct CargoSection {
    pub metadata: Option<CargoMetadata>,
}

#[derive(Debug, Deserialize)]
pub struct CargoMetadata {
    pub ssotlint: Option<RawConfig>,
}
