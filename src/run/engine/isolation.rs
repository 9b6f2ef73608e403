//! A panic stays with the file, or the rule on a file, that caused it: it becomes an
//! `internal-error` entry, the run goes on, and the exit code says something went wrong.
//!
//! The process-wide panic hook is the binary's to install (`install_panic_hook`); it keeps
//! the default report for panics outside isolated work and, inside it, records message and
//! location for the error entry instead of printing over the user's output.
//!
//! For tests, `SSOTLINT_INJECT_PANIC=TARGET@WHERE` makes a run panic on purpose: TARGET is
//! a rule id or `parser`, WHERE a path suffix of the file to panic on, or `repository` for a
//! rule's repository-wide pass.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::OnceLock;

thread_local! {
    /// Whether this thread is running isolated work.
    static ISOLATED: Cell<bool> = const { Cell::new(false) };
    /// The last panic of this thread's isolated work, with its location.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records panics of isolated work instead of printing them; any other panic is reported
/// as before.
pub fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if ISOLATED.with(Cell::get) {
            let location = info.location().map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()));
            let message = format!("{}{}", payload_text(info.payload()), location.unwrap_or_default());
            LAST_PANIC.with(|last| *last.borrow_mut() = Some(message));
        } else {
            default(info);
        }
    }));
}

/// Runs `work`, turning a panic into its message (and location, with the hook installed).
pub fn isolated<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = ISOLATED.with(|isolated| isolated.replace(true));
    let result = catch(work);
    ISOLATED.with(|isolated| isolated.set(outer));
    result
}

/// Like [`isolated`], inside work that already is.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(work))
        .map_err(|payload| LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_else(|| payload_text(&*payload)))
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic with a non-text payload".to_owned())
}

/// A panic requested through `SSOTLINT_INJECT_PANIC`.
#[derive(Debug)]
pub struct InjectedPanic {
    pub target: String,
    pub place: String,
}

/// The requested panic, read once per process.
pub fn injected_panic() -> Option<&'static InjectedPanic> {
    static INJECTED: OnceLock<Option<InjectedPanic>> = OnceLock::new();
    INJECTED
        .get_or_init(|| {
            let value = std::env::var("SSOTLINT_INJECT_PANIC").ok()?;
            let (target, place) = value.split_once('@')?;
            Some(InjectedPanic { target: target.to_owned(), place: place.to_owned() })
        })
        .as_ref()
}

/// The injected panic's target (a rule id or `parser`) if it is meant for file `rel`.
pub fn injected_for_file(rel: &str) -> Option<&'static str> {
    injected_panic().filter(|p| p.place != "repository" && rel.ends_with(&p.place)).map(|p| p.target.as_str())
}

/// Whether rule `id`'s repository-wide pass is to panic.
pub fn injected_for_repository(id: &str) -> bool {
    injected_panic().is_some_and(|p| p.place == "repository" && p.target == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_the_thread_goes_on() {
        let result: Result<(), String> = isolated(|| panic!("boom {}", 42));
        assert_eq!(result.unwrap_err(), "boom 42");
        let result: Result<(), String> = isolated(|| std::panic::panic_any(7_u8));
        assert_eq!(result.unwrap_err(), "panic with a non-text payload");
        assert_eq!(isolated(|| 5).unwrap(), 5);
        assert!(!ISOLATED.with(Cell::get));
    }
}
