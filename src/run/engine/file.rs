//! One file, start to finish: read, prefilter, parse, lower, check, collect facts. Its
//! syntax tree is gone when this returns; only findings, errors, facts, suppressions and
//! (for files with findings) the text stay.

use std::sync::Arc;

use super::dispatch::{Active, Dispatch};
use super::isolation;
use crate::analysis::facts::FileFacts;
use crate::config::{Settings, TestCode};
use crate::finding::{ErrorKind, FileError, Finding};
use crate::input::discovery::FileJob;
use crate::input::prefilter::{Prefilter, Prefilters, RuleIndex};
use crate::input::suppress::Suppression;
use crate::lang::{self, LowerOptions};
use crate::rules::{FileInfo, MetaRule, ParseError, ParseProblem, Registry};
use crate::support::plural::count;
use crate::support::source::{Lang, SourceFile};

/// What happened to one file.
#[derive(Debug, Default, Clone)]
pub struct FileOutcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Kept for the human report's code frames when the file has findings.
    pub source: Option<Arc<SourceFile>>,
    pub facts: Option<FileFacts>,
    /// Inline suppressions, for files whose findings are reported.
    pub suppressions: Vec<Suppression>,
    pub parsed: bool,
    pub skipped_test: bool,
}

/// Checks one file; without a prefilter every file is parsed and every rule runs.
pub fn check_file(
    job: &FileJob,
    settings: &Settings,
    registry: &Registry,
    prefilter: Option<&Prefilters>,
) -> FileOutcome {
    let rel = &job.rel;
    if settings.test_code == TestCode::Skip && settings.is_test_path(rel) {
        return FileOutcome { skipped_test: true, ..FileOutcome::default() };
    }
    let Some(lang) = Lang::from_path(&job.path) else {
        return FileOutcome::default();
    };
    let text = match &job.text {
        Some(text) => Ok(Ok(text.to_string())),
        None => read(job, settings.max_file_size).map(String::from_utf8),
    };
    match text {
        Ok(Ok(text)) => check_text(job, lang, text, settings, registry, prefilter.map(|p| p.get(lang))),
        Ok(Err(not_utf8)) if job.report => invalid_utf8(job, &not_utf8, settings),
        Err(error) if job.report => FileOutcome { errors: vec![error], ..FileOutcome::default() },
        _ => FileOutcome::default(),
    }
}

/// A file that is not UTF-8 cannot be parsed, so it counts as a syntax error does (as
/// ruff's E902): an `invalid-utf8` entry in `errors`, and a `parse-error` finding at the
/// first invalid byte, which fails the run.
fn invalid_utf8(job: &FileJob, not_utf8: &std::string::FromUtf8Error, settings: &Settings) -> FileOutcome {
    let rel = &job.rel;
    let at = not_utf8.utf8_error().valid_up_to();
    let message = format!("file is not valid UTF-8 (invalid byte at offset {at}); not checked");
    let mut outcome = FileOutcome::default();
    outcome.errors.push(FileError::new(rel.clone(), ErrorKind::InvalidUtf8, message));
    let mut shown = None;
    let problem = ParseProblem::InvalidUtf8 { path: rel, error: not_utf8, shown: &mut shown };
    outcome.findings = ParseError.findings(settings, problem);
    outcome.source = shown.map(Arc::new);
    outcome
}

/// Checks a file's text, already read.
pub fn check_text(
    job: &FileJob,
    lang: Lang,
    text: String,
    settings: &Settings,
    registry: &Registry,
    prefilter: Option<&Prefilter>,
) -> FileOutcome {
    let rel = &job.rel;
    let source = SourceFile::new(rel.clone(), text);
    let mut outcome = FileOutcome::default();
    if job.report {
        outcome.suppressions = crate::input::suppress::parse(&source, lang);
    }
    let scan = prefilter.map(|p| (p, p.scan(&source.text)));
    // Files outside the paths being checked only contribute facts, and the sites of concerns
    // without an owner (their inventory must not depend on which files were given).
    let inventory = settings.concerns.iter().any(|c| !c.has_owners());
    let (indexes, active): (Vec<RuleIndex>, Vec<Active<'_>>) = registry
        .indexed()
        .filter(|(_, rule)| job.report || (inventory && rule.meta().outside_owners))
        .filter(|(_, rule)| !rule.kinds().is_empty() && settings.rule_applies(&rule.meta().id, rel))
        .filter(|(index, _)| scan.as_ref().is_none_or(|(p, s)| p.rule_active(*index, s)))
        .map(|(index, rule)| (index, Active { rule, severity: settings.severity_of(&rule.meta().id) }))
        .unzip();
    let needs_facts = scan.as_ref().is_none_or(|(p, s)| p.facts_needed(s));
    if active.is_empty() && !needs_facts {
        return outcome;
    }
    let new_facts = || needs_facts.then(|| FileFacts::new(rel.clone(), lang, job.report));
    // Parse only the items that can matter; if that text does not parse, parse it all.
    let focused = scan.as_ref().and_then(|(p, s)| {
        let skip_tests = settings.test_code == TestCode::Skip;
        crate::input::focus::focus(&source.text, lang, &s.matches, skip_tests, |patterns| {
            p.part_matters(patterns, &indexes, needs_facts)
        })
    });
    let mut lowered = lower(job, settings, &source, focused.as_deref(), lang, &active, new_facts());
    if focused.is_some() && lowered.syntax_error.is_some() {
        lowered = lower(job, settings, &source, None, lang, &active, new_facts());
    }
    outcome.parsed = true;
    outcome.findings = lowered.findings;
    outcome.errors.extend(lowered.errors);
    outcome.facts = lowered.facts.map(|mut facts| {
        facts.finish(&settings.semantics(lang));
        facts
    });
    outcome.facts = outcome.facts.take().filter(|f| !f.is_empty());
    if let Some(message) = lowered.syntax_error.filter(|_| job.report) {
        outcome.errors.push(FileError::new(rel.clone(), ErrorKind::ParseError, message));
    }
    if !outcome.findings.is_empty() {
        outcome.source = Some(Arc::new(source));
    }
    outcome
}

/// What walking one file produced.
struct Lowered {
    findings: Vec<Finding>,
    facts: Option<FileFacts>,
    /// The syntax error's message, if the file does not parse.
    syntax_error: Option<String>,
    /// Rules that panicked.
    errors: Vec<FileError>,
}

/// Parses and walks the file (or its `focused` text, with the same offsets), running the
/// active rules and collecting facts (when `facts` is given); a syntax error becomes a
/// `parse-error` finding for a reported file.
fn lower(
    job: &FileJob,
    settings: &Settings,
    source: &SourceFile,
    focused: Option<&str>,
    lang: Lang,
    active: &[Active<'_>],
    facts: Option<FileFacts>,
) -> Lowered {
    let rel = &job.rel;
    let info = FileInfo { source, lang, owns: settings.concerns.iter().map(|c| c.is_owner(rel)).collect() };
    let sem = settings.semantics(lang);
    let inject = isolation::injected_for_file(rel);
    if inject == Some("parser") {
        panic!("injected panic (SSOTLINT_INJECT_PANIC)");
    }
    let mut dispatch = Dispatch::new(settings, active, sem, &info, facts, inject);
    let options = LowerOptions {
        lang,
        stub: job.path.extension().is_some_and(|e| e == "pyi"),
        skip_test_code: settings.test_code == TestCode::Skip,
    };
    let parse = lang::lower(focused.unwrap_or(&source.text), options, sem, &mut dispatch);
    let errors = dispatch
        .failures
        .into_iter()
        .map(|(rule, message)| FileError {
            path: rel.clone(),
            kind: ErrorKind::InternalError,
            message: format!("rule `{rule}` panicked: {message}; its findings in this file are incomplete"),
            rule: Some(rule),
        })
        .collect();
    let mut findings = dispatch.findings;
    let syntax_error = parse.error.map(|error| {
        let more = match parse.more_errors {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        let message = format!("syntax error: {}{more}", error.message);
        if job.report {
            let site = info.site(error.span);
            findings.extend(ParseError.findings(settings, ParseProblem::Syntax { site: &site, message: &message }));
        }
        message
    });
    Lowered { findings, facts: dispatch.facts, syntax_error, errors }
}

/// Reads a file's bytes; too large and unreadable files become errors.
pub fn read(job: &FileJob, max_size: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let rel = job.rel.clone();
    let io_error = |err: std::io::Error| FileError::io(rel.clone(), format!("{err}; not checked"));
    // One path lookup: open, then ask the open file what it is. Discovery found a regular
    // file, but it may have been replaced since; opening a FIFO without O_NONBLOCK would
    // wait for a writer forever.
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(&job.path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(FileError::new(rel, ErrorKind::NotAFile, "not a regular file; not checked"));
    }
    let size = metadata.len();
    if size > max_size {
        let (size, max) = (count(size as usize, "byte"), count(max_size as usize, "byte"));
        let message = format!("file is {size}, over `max-file-size` ({max}); not checked");
        return Err(FileError::new(rel, ErrorKind::TooLarge, message));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // Read what the size promised, in one call: `take` ends the read there without asking
    // for more (a file that grows meanwhile is checked as it was). A size of 0 may be a file
    // that does not report one: read it to its end, but never past the limit.
    let limit = if size == 0 { max_size.saturating_add(1) } else { size };
    file.take(limit).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > max_size {
        let max = count(max_size as usize, "byte");
        let message = format!("file grew over `max-file-size` ({max}) while being read; not checked");
        return Err(FileError::new(rel, ErrorKind::TooLarge, message));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(path: std::path::PathBuf) -> FileJob {
        FileJob { path, rel: "app.py".into(), report: true, text: None }
    }

    /// Discovery saw a regular file; by the time it is read, it may be gone or replaced.
    #[test]
    fn a_file_that_vanished_or_changed_kind_after_discovery_is_an_error_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let gone = read(&job(dir.path().join("gone.py")), 1 << 20).unwrap_err();
        assert_eq!(gone.kind, ErrorKind::IoError);
        assert!(gone.message.contains("not checked"), "{}", gone.message);

        std::fs::create_dir(dir.path().join("now_a_dir.py")).unwrap();
        let dir_error = read(&job(dir.path().join("now_a_dir.py")), 1 << 20).unwrap_err();
        assert_eq!(dir_error.kind, ErrorKind::NotAFile);

        let fifo = dir.path().join("now_a_fifo.py");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert_eq!(read(&job(fifo), 1 << 20).unwrap_err().kind, ErrorKind::NotAFile);
    }

    #[test]
    fn a_file_is_never_read_past_max_file_size() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.py");
        std::fs::write(&path, "x = 1\n").unwrap();
        assert_eq!(read(&job(path.clone()), 6).unwrap(), b"x = 1\n");
        assert_eq!(read(&job(path), 5).unwrap_err().kind, ErrorKind::TooLarge);
    }
}
