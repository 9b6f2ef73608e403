//! Properties over generated text (proptest): no input panics, output does not depend on the
//! thread count, and every finding's line and column point at the bytes its offset does.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::Value;
use ssotlint::config::{Overrides, Settings};
use ssotlint::finding::ErrorKind;
use ssotlint::output::report::{self, Format, HumanOptions, Report};
use ssotlint::run::engine::{self, Outcome, RunOptions};

/// Pieces that make rules fire, parsers recurse and columns shift, among random text.
const FRAGMENTS: &[&str] = &[
    "import os\n",
    "os.environ[\"DATABASE_URL\"]",
    "os.getenv('POSTGRES_HOST')",
    "std::env::var(\"DATABASE_URL\")",
    "env!(\"DATABASE_URL\")",
    "f\"postgresql://{user}@{host}/db\"",
    "format!(\"postgres://{}\", host)",
    "url.split(\"@\")",
    "if \"localhost\" in db_url:\n    pass\n",
    "create_engine(url, poolclass=NullPool)",
    "PgPoolOptions::new().max_connections(5)",
    "[\"DATABASE_URL\", \"POSTGRES_HOST\", \"POSTGRES_USER\"]",
    "class DbManager:\n    def a(self):\n        return 1\n",
    "fn get_database_url() -> String { String::new() }\n",
    "def get_database_url():\n    return os.environ['DATABASE_URL']\n",
    "# ssotlint: allow(direct-env-read) -- legacy\n",
    "// ssotlint: allow(manual-url-parsing)\n",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u{feff}",
    "é",
    "ß",
    "🦀",
    "\u{0}",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "\"\"\"",
    "#",
    "//",
    "/*",
    "*/",
    " ",
    "    ",
];

fn source_text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => any::<String>(),
        1 => "[ -~]{0,20}",
    ];
    proptest::collection::vec(fragment, 0..40).prop_map(|parts| parts.concat())
}

static SETTINGS: LazyLock<Settings> = LazyLock::new(|| Settings::defaults(&std::env::temp_dir()).unwrap());

fn json(outcome: &Outcome, settings: &Settings) -> Value {
    let mut out = Vec::new();
    let registry = ssotlint::rules::Registry::for_settings(settings);
    let rules: Vec<&ssotlint::rules::RuleMeta> = registry.iter().map(|r| r.meta()).collect();
    report::write(
        Format::Json,
        &Report { outcome, rules: &rules, file_links: None },
        &HumanOptions::default(),
        &mut out,
    )
    .unwrap();
    let mut doc: Value = serde_json::from_slice(&out).unwrap();
    doc["summary"]["elapsed_ms"] = Value::Null;
    doc
}

/// The byte offset of a 1-based line and character column, with `\n`, `\r\n` and a lone
/// `\r` ending lines and a leading BOM not counted.
fn offset_of(text: &str, line: u64, column: u64) -> Option<usize> {
    let mut line_start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let bytes = text.as_bytes();
    let mut current = 1;
    let mut i = line_start;
    while current < line {
        match bytes.get(i)? {
            b'\n' => {
                current += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                current += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let mut chars = text[line_start..].char_indices();
    for _ in 1..column {
        chars.next()?;
    }
    Some(line_start + chars.next().map_or(text.len() - line_start, |(at, _)| at))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_checked_without_internal_errors(text in source_text(), rust in any::<bool>()) {
        let name = if rust { "generated.rs" } else { "generated.py" };
        let outcome = engine::run_text(&SETTINGS, name, text.clone(), None);
        let internal: Vec<_> = outcome.errors.iter().filter(|e| e.kind == ErrorKind::InternalError).collect();
        prop_assert!(internal.is_empty(), "{internal:?}");
        // Line and column say where the offset is.
        let doc = json(&outcome, &SETTINGS);
        for finding in doc["findings"].as_array().unwrap() {
            let span = &finding["span"];
            let (line, column) = (span["start"]["line"].as_u64().unwrap(), span["start"]["column"].as_u64().unwrap());
            let offset = span["offset"].as_u64().unwrap() as usize;
            prop_assert_eq!(offset_of(&text, line, column), Some(offset), "{}", finding);
            let length = span["length"].as_u64().unwrap() as usize;
            prop_assert!(text.get(offset..offset + length).is_some(), "{}", finding);
        }
    }
}

fn write_project(dir: &Path, files: &[(String, String)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn output_is_the_same_with_one_and_four_threads(texts in proptest::collection::vec(source_text(), 1..12)) {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<(String, String)> = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| (format!("f{i}.{}", if i % 2 == 0 { "py" } else { "rs" }), text))
            .collect();
        write_project(dir.path(), &files);
        let settings = Settings::load(dir.path(), &Overrides::default()).unwrap();
        let paths = [dir.path().to_path_buf()];
        let run = |threads| {
            let options = RunOptions { threads: Some(threads), ..RunOptions::default() };
            json(&engine::run(&settings, &paths, &options), &settings)
        };
        prop_assert_eq!(run(1), run(4));
    }
}
