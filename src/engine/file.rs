//! One file, start to finish: read, parse, lower, check, collect facts. Its syntax tree is
//! gone when this returns; only findings, errors, facts and (for files with findings) the
//! text stay.

use std::sync::Arc;

use super::dispatch::{Active, Dispatch};
use crate::config::{Settings, TestCode};
use crate::discovery::FileJob;
use crate::facts::FileFacts;
use crate::finding::{ErrorKind, FileError, Finding};
use crate::lang::{self, LowerOptions};
use crate::rules::{FileInfo, PARSE_ERROR};
use crate::source::{Lang, SourceFile};
use crate::suppress::Suppression;

/// What happened to one file.
#[derive(Debug, Default)]
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

pub fn check_file(job: &FileJob, settings: &Settings) -> FileOutcome {
    let rel = &job.rel;
    if settings.test_code == TestCode::Skip && settings.is_test_path(rel) {
        return FileOutcome { skipped_test: true, ..FileOutcome::default() };
    }
    let Some(lang) = Lang::from_path(&job.path) else {
        return FileOutcome::default();
    };
    let text = match read(job, settings.max_file_size) {
        Ok(text) => text,
        Err(error) if job.report => return FileOutcome { errors: vec![error], ..FileOutcome::default() },
        Err(_) => return FileOutcome::default(),
    };
    let source = SourceFile::new(rel.clone(), text);
    let info = FileInfo { source: &source, lang, owns: settings.concerns.iter().map(|c| c.is_owner(rel)).collect() };
    // Files outside the paths being checked only contribute facts.
    let active: Vec<Active<'_>> = settings
        .registry
        .iter()
        .filter(|rule| job.report && settings.rule_applies(&rule.meta().id, rel))
        .map(|rule| Active { rule, severity: settings.severity_of(&rule.meta().id) })
        .collect();
    let sem = settings.semantics(lang);
    let mut dispatch = Dispatch::new(settings, &active, sem, &info, FileFacts::new(rel.clone(), lang, job.report));
    let options = LowerOptions {
        lang,
        stub: job.path.extension().is_some_and(|e| e == "pyi"),
        skip_test_code: settings.test_code == TestCode::Skip,
    };
    let parse = lang::lower(&source.text, options, sem, &mut dispatch);
    let mut outcome = FileOutcome { parsed: true, ..FileOutcome::default() };
    let mut findings = dispatch.findings;
    if !dispatch.facts.is_empty() {
        outcome.facts = Some(dispatch.facts);
    }
    if let Some(error) = parse.error.filter(|_| job.report) {
        let more = match parse.more_errors {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        let message = format!("syntax error: {}{more}", error.message);
        outcome.errors.push(FileError::new(rel.clone(), ErrorKind::ParseError, message.clone()));
        if settings.rule_applies(PARSE_ERROR, rel) {
            let site = info.site(error.span);
            findings.push(Finding::at(PARSE_ERROR.into(), settings.severity_of(PARSE_ERROR), &site, message));
        }
    }
    drop(info);
    if job.report {
        outcome.suppressions = crate::suppress::parse(&source, lang);
    }
    if !findings.is_empty() {
        outcome.source = Some(Arc::new(source));
    }
    outcome.findings = findings;
    outcome
}

/// Reads a file as UTF-8 text; too large, unreadable and non-UTF-8 files become errors.
pub fn read(job: &FileJob, max_size: u64) -> Result<String, FileError> {
    let rel = job.rel.clone();
    let metadata = std::fs::metadata(&job.path).map_err(|err| FileError::io(rel.clone(), err.to_string()))?;
    if metadata.len() > max_size {
        let message = format!("file is {} bytes, over `max-file-size` ({max_size} bytes); not checked", metadata.len());
        return Err(FileError::new(rel, ErrorKind::TooLarge, message));
    }
    let bytes = std::fs::read(&job.path).map_err(|err| FileError::io(rel.clone(), err.to_string()))?;
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        FileError::new(
            rel,
            ErrorKind::InvalidUtf8,
            format!("file is not valid UTF-8 (invalid byte at offset {at}); not checked"),
        )
    })
}
