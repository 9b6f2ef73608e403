//! The rule fixtures: `fixtures/rules/<rule-id>/` holds `fires.py` and `fires.rs`, whose
//! flagged lines end with `# expect: <rule-id>` (or `// expect: …`), `quiet.py` and
//! `quiet.rs` with tempting near-misses and no markers, other files as a case needs (an
//! owner file), and an optional `ssotlint.toml`. Each directory is checked with only its
//! rule selected, and the findings must match the markers exactly: nothing missed, nothing
//! extra.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ssotlint::config::{Overrides, Settings};
use ssotlint::rules::{BUILTIN, PARSE_ERROR, RuleKind};
use ssotlint::run::baseline::Baseline;
use ssotlint::run::engine::{self, RunOptions};

#[path = "support/isolate.rs"]
mod isolate;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

/// `(path relative to the fixture directory, line, rule)`.
type Expectation = (String, u32, String);

/// The markers of every source file in `dir`.
fn markers(dir: &Path) -> BTreeSet<Expectation> {
    let mut expected = BTreeSet::new();
    for file in source_files(dir) {
        let name = relative(dir, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let Some((_, ids)) = line.rsplit_once("expect: ") else { continue };
            let before = &line[..line.len() - ids.len() - "expect: ".len()];
            if !(before.trim_end().ends_with('#') || before.trim_end().ends_with("//")) {
                continue;
            }
            for id in ids.split(',') {
                expected.insert((name.clone(), i as u32 + 1, id.trim().to_owned()));
            }
        }
    }
    expected
}

/// The Python and Rust files below `dir`, subdirectories included (a fixture may need
/// modules in folders of their own), sorted.
fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(source_files(&path));
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("py" | "rs")) {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// `file`'s path below `dir`, `/`-separated, as findings name it.
fn relative(dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(dir).unwrap();
    rel.iter().map(|part| part.to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// What the linter reports in `dir` for `rules` (and parse errors). Every rule runs, so that
/// rules about other rules' findings (suppressions) see them; a `baseline.json` in the
/// directory is applied.
fn findings(dir: &Path, rules: &[String]) -> BTreeSet<Expectation> {
    let settings = Settings::load(dir, &Overrides::default()).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut outcome = engine::run(&settings, &[dir.to_path_buf()], &RunOptions::default());
    let baseline = dir.join("baseline.json");
    if baseline.is_file() {
        outcome.baseline = Some(Baseline::read(&baseline).unwrap().apply(&mut outcome, &settings));
    }
    outcome
        .findings
        .iter()
        .filter(|f| f.rule == PARSE_ERROR || rules.iter().any(|r| *r == f.rule))
        .map(|f| (f.path.to_string(), f.location.start.line, f.rule.to_string()))
        .collect()
}

fn describe(set: &BTreeSet<Expectation>) -> String {
    set.iter().map(|(file, line, rule)| format!("  {file}:{line} {rule}\n")).collect()
}

#[test]
fn fixtures_match_their_markers() {
    let mut failures = String::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = entry.unwrap().path();
        let rule = file_name(&dir);
        let expected = markers(&dir);
        let actual = findings(&dir, std::slice::from_ref(&rule));
        failures += &compare(&rule, &expected, &actual);
        checked += 1;
    }
    assert!(checked >= BUILTIN.len(), "only {checked} fixture directories found");
    assert!(failures.is_empty(), "\n{failures}");
}

fn compare(name: &str, expected: &BTreeSet<Expectation>, actual: &BTreeSet<Expectation>) -> String {
    let missed: BTreeSet<_> = expected.difference(actual).cloned().collect();
    let extra: BTreeSet<_> = actual.difference(expected).cloned().collect();
    let mut failures = String::new();
    if !missed.is_empty() {
        failures += &format!("{name}: expected but not reported:\n{}", describe(&missed));
    }
    if !extra.is_empty() {
        failures += &format!("{name}: reported but not expected:\n{}", describe(&extra));
    }
    failures
}

/// `fixtures/packs/` holds a rule pack with one rule of each kind; its fixtures carry markers
/// for those rules and are checked with only the pack's rules selected.
#[test]
fn rule_pack_fixtures_match_their_markers() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/packs");
    let settings = Settings::load(&dir, &Overrides::default()).unwrap();
    let builtin: BTreeSet<&str> = BUILTIN.iter().map(|r| &*r.meta().id).collect();
    let pack_rules: Vec<String> = ssotlint::rules::Registry::for_settings(&settings)
        .ids()
        .filter(|id| !builtin.contains(id))
        .map(str::to_owned)
        .collect();
    assert_eq!(pack_rules.len(), 4, "{pack_rules:?}");
    let expected = markers(&dir);
    for rule in &pack_rules {
        assert!(expected.iter().any(|(file, _, r)| r == rule && file.ends_with(".py")), "{rule}: no Python marker");
        assert!(expected.iter().any(|(file, _, r)| r == rule && file.ends_with(".rs")), "{rule}: no Rust marker");
    }
    let failures = compare("packs", &expected, &findings(&dir, &pack_rules));
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn every_rule_has_fixtures_in_both_languages() {
    for rule in BUILTIN {
        let id = &*rule.meta().id;
        let dir = fixtures_dir().join(id);
        for name in ["fires.py", "fires.rs", "quiet.py", "quiet.rs"] {
            assert!(dir.join(name).is_file(), "{id} lacks fixtures/rules/{id}/{name}");
        }
        let expected = markers(&dir);
        for lang in ["fires.py", "fires.rs"] {
            assert!(
                expected.iter().any(|(file, _, r)| file == lang && r == id),
                "{id}: {lang} has no `expect: {id}` marker"
            );
        }
        assert!(
            expected.iter().all(|(file, _, r)| !file.starts_with("quiet") || r != id),
            "{id}: quiet files must not carry markers"
        );
    }
}

#[test]
fn markers_name_known_rules() {
    let ids: BTreeSet<&str> = BUILTIN.iter().map(|r| &*r.meta().id).collect();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let dir = entry.unwrap().path();
        assert!(ids.contains(file_name(&dir).as_str()), "{} is not a rule id", dir.display());
        for (file, line, rule) in markers(&dir) {
            assert!(ids.contains(rule.as_str()), "{file}:{line}: unknown rule `{rule}` in marker");
        }
    }
}

/// Every finding of a run over `dir`, as concise lines, with or without the prefilter.
fn all_findings(dir: &Path, no_prefilter: bool) -> Vec<String> {
    let settings = Settings::load(dir, &Overrides::default()).unwrap();
    let options = RunOptions { no_prefilter, ..RunOptions::default() };
    let outcome = engine::run(&settings, &[dir.to_path_buf()], &options);
    outcome.findings.iter().map(|f| format!("{}:{:?} {} {}", f.path, f.location, f.rule, f.message)).collect()
}

/// Each language's prefilter holds only its own vocabulary: a Python file that names host
/// names is not parsed for Rust's `hostname::get()`, a Rust file that mentions `asyncpg` is
/// not parsed for Python's `asyncpg.create_pool` (found on ansible and sqlx, where these
/// made a fifth of the parsed bytes).
#[test]
fn one_language_s_vocabulary_does_not_make_the_other_s_files_parsed() {
    use ssotlint::support::source::Lang;
    let settings = Settings::defaults(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let filters = engine::prefilter(&settings);
    let active = |lang: Lang, text: &str| {
        let filter = filters.get(lang);
        let scan = filter.scan(text);
        let registry = ssotlint::rules::Registry::for_settings(&settings);
        let rules = registry.indexed().filter(|(i, _)| filter.rule_active(*i, &scan));
        let mut ids: Vec<String> = rules.map(|(_, rule)| rule.meta().id.to_string()).collect();
        if filter.facts_needed(&scan) {
            ids.push("facts".into());
        }
        ids
    };
    let parsed = |lang, text| !active(lang, text).is_empty();
    assert!(!parsed(Lang::Python, "def report(host):\n    return host['hostname']\n"));
    let sniffing = "environment-sniffing".to_string();
    assert!(active(Lang::Rust, "let prod = hostname::get()? == \"web-prod\";").contains(&sniffing));
    // Every sniff tests for an environment word.
    assert!(!active(Lang::Rust, "let name = hostname::get()?;").contains(&sniffing));
    assert!(!active(Lang::Python, "project = os.environ['GOOGLE_CLOUD_PROJECT']").contains(&sniffing));
    assert!(!parsed(Lang::Rust, "// twice as fast as asyncpg\nfn bench() {}\n"));
    assert!(active(Lang::Python, "pool = await asyncpg.create_pool(settings.pg)").contains(&"facts".to_string()));
    assert!(!parsed(Lang::Python, "n = int.from_str(raw)"));
    // Rust literals keep their case; only a bare `#[arg(env)]` upper-cases a field's name.
    let reads = "direct-env-read".to_string();
    assert!(!active(Lang::Rust, "mod postgres_types;\nfn f(t: postgres_types::Kind) {}").contains(&reads));
    assert!(active(Lang::Rust, "let v = env::var(\"POSTGRES_HOST\");").contains(&reads));
    assert!(active(Lang::Rust, "#[arg(long, env)]\npostgres_host: String,").contains(&reads));
    assert!(active(Lang::Python, "class S(BaseSettings):\n    postgres_host: str").contains(&reads));
}

/// A turbofish target is resolved through the imports, so its whole path need not be
/// written anywhere: the prefilter used to look for the literal `tokio_postgres::Config`
/// and dropped this finding. (Not a fixture file: its `expect:` marker holds the word `url`,
/// which keeps the item for another reason.)
#[test]
fn a_parse_target_named_through_a_grouped_import_is_still_checked() {
    let settings = Settings::defaults(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let filters = engine::prefilter(&settings);
    let text = "use tokio_postgres::{Config, NoTls};\n\nfn load(database_url: &str) -> Config {\n    database_url.parse::<Config>().unwrap()\n}\n";
    // With no owner configured, the site is in the concern's inventory.
    let rules = |prefilter| {
        let outcome = engine::run_text(&settings, "src/db.rs", text.to_owned(), prefilter);
        outcome.inventory.iter().map(|s| (s.rule.to_string(), s.site.location.start.line)).collect::<Vec<_>>()
    };
    let expected = vec![("manual-url-parsing".to_string(), 4)];
    assert_eq!(rules(None), expected);
    assert_eq!(rules(Some(&filters)), expected);
}

/// The prefilter only skips work: every fixture directory, the rule packs and the demo give
/// exactly the same findings with it and without it.
#[test]
fn the_prefilter_never_drops_a_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.push(root.join("fixtures/packs"));
    dirs.push(root.join("fixtures/demo"));
    let mut compared = 0;
    for dir in dirs {
        let with = all_findings(&dir, false);
        let without = all_findings(&dir, true);
        assert_eq!(with, without, "{}: the prefilter changed the findings", dir.display());
        compared += with.len();
    }
    assert!(compared > 150, "only {compared} findings compared");
}

/// The prefilter never drops a finding, however little is left around it: a whole fixture
/// file hides a drifted trigger, since any other line holding the trigger's words lets the
/// file (or the function) through. So every finding and inventory site of every fixture is
/// cut down to a smallest file that still makes it without the prefilter (the other lines
/// blanked), and that file must make it with the prefilter too.
///
/// Parse errors are left out: a file that holds none of the rules' words is not parsed, so
/// its syntax errors are not reported (SPEC §8, `parse-error`'s docs).
#[test]
fn the_prefilter_never_drops_a_finding_on_any_fixture_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.push(root.join("fixtures/packs"));
    dirs.sort();
    let mut failures = String::new();
    let mut isolated = 0;
    for dir in dirs {
        let mut fixture = isolate::Fixture::load(&dir);
        let kinds: std::collections::HashMap<String, RuleKind> =
            ssotlint::rules::Registry::for_settings(&fixture.settings)
                .iter()
                .map(|r| (r.meta().id.to_string(), r.meta().kind))
                .collect();
        let kind_of = |rule: &str| kinds[rule];
        let mut sites = BTreeSet::new();
        for file in source_files(&dir) {
            let path = relative(&dir, &file);
            let text = fixture.text(&path);
            // Code rules' sites from the file alone, the others' from the whole fixture.
            for kind in [RuleKind::Code, RuleKind::Repository] {
                let found = fixture.run(&path, &text, kind, false);
                let ours = |rule: &str| (kind_of(rule) == RuleKind::Code) == (kind == RuleKind::Code);
                sites.extend(found.into_iter().filter(|(p, _, rule)| *p == path && ours(rule)));
            }
        }
        for site in sites.iter().filter(|(_, _, rule)| rule != PARSE_ERROR) {
            let kind = kind_of(&site.2);
            let text = fixture.isolate(site, kind);
            isolated += 1;
            if std::env::var("SHOW_ISOLATED").is_ok() {
                eprintln!(
                    "== {}/{:?}\n{}",
                    file_name(&dir),
                    site,
                    text.lines()
                        .enumerate()
                        .filter(|(_, l)| !l.is_empty())
                        .map(|(i, l)| format!("{:>4} {l}\n", i + 1))
                        .collect::<String>()
                );
            }
            if !fixture.run(&site.0, &text, kind, true).contains(site) {
                let (path, line, rule) = site;
                let kept: String = text
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| !l.is_empty())
                    .map(|(i, l)| format!("    {:>3} {l}\n", i + 1))
                    .collect();
                failures += &format!("{}/{path}:{line}: the prefilter drops `{rule}` here:\n{kept}", file_name(&dir));
            }
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
    assert!(isolated > 150, "only {isolated} findings isolated");
}
