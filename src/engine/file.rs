//! One file, start to finish: read, parse, lower, check, locate findings. Its syntax tree is
//! gone when this returns; only findings, errors and (for files with findings) the text stay.

use std::sync::Arc;

use super::dispatch::{Active, Dispatch};
use crate::config::{Settings, TestCode};
use crate::discovery::FileJob;
use crate::finding::{ErrorKind, FileError, Finding, finalize};
use crate::lang::{self, LowerOptions};
use crate::rules::{FileInfo, PARSE_ERROR};
use crate::semantics::Semantics;
use crate::source::{Lang, SourceFile};

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Kept for the human report's code frames when the file has findings.
    pub source: Option<Arc<SourceFile>>,
    pub parsed: bool,
    pub skipped_test: bool,
}

pub fn check_file(job: &FileJob, settings: &Settings) -> FileOutcome {
    let rel = &job.rel;
    if settings.test_code == TestCode::Skip && settings.is_test_path(rel) {
        return FileOutcome { skipped_test: true, ..FileOutcome::default() };
    }
    let text = match read(job, settings.max_file_size) {
        Ok(text) => text,
        Err(error) => return FileOutcome { errors: vec![error], ..FileOutcome::default() },
    };
    let Some(lang) = Lang::from_path(&job.path) else {
        return FileOutcome::default();
    };
    let active: Vec<Active<'_>> = settings
        .registry
        .iter()
        .filter(|rule| settings.rule_applies(&rule.meta().id, rel))
        .map(|rule| Active { rule, severity: settings.severity_of(&rule.meta().id) })
        .collect();
    let info = FileInfo { path: rel.clone(), lang, owns: settings.concerns.iter().map(|c| c.is_owner(rel)).collect() };
    let sem = Semantics::new(settings.vocab, lang, &settings.concerns);
    let mut dispatch = Dispatch::new(&active, sem, &info);
    let options = LowerOptions {
        lang,
        stub: job.path.extension().is_some_and(|e| e == "pyi"),
        skip_test_code: settings.test_code == TestCode::Skip,
    };
    let parse = lang::lower(&text, options, sem, &mut dispatch);
    let mut outcome = FileOutcome { parsed: true, ..FileOutcome::default() };
    let mut findings = dispatch.findings;
    if let Some(error) = parse.error {
        let more = match parse.more_errors {
            0 => String::new(),
            n => format!(" (and {n} more)"),
        };
        let message = format!("syntax error: {}{more}", error.message);
        outcome.errors.push(FileError::new(rel.clone(), ErrorKind::ParseError, message.clone()));
        if settings.rule_applies(PARSE_ERROR, rel) {
            let finding =
                Finding::new(PARSE_ERROR.into(), settings.severity_of(PARSE_ERROR), rel.clone(), error.span, message);
            findings.push(finding);
        }
    }
    if !findings.is_empty() {
        let source = Arc::new(SourceFile::new(rel.clone(), text));
        finalize(&mut findings, &source);
        outcome.source = Some(source);
    }
    outcome.findings = findings;
    outcome
}

/// Reads a file as UTF-8 text; too large, unreadable and non-UTF-8 files become errors.
fn read(job: &FileJob, max_size: u64) -> Result<String, FileError> {
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
