//! A progress line on standard error for long runs in a terminal: `checking 1234/5665 files`.
//! Silent under `--quiet`, when stderr is not a terminal, and for runs shorter than the
//! delay, so that pre-commit and CI logs stay clean.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::run::engine::Progress;

const DELAY: Duration = Duration::from_millis(400);
const TICK: Duration = Duration::from_millis(100);

/// Draws the progress line until dropped.
pub struct ProgressLine {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressLine {
    pub fn start(progress: Arc<Progress>, quiet: bool) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let stop = stop.clone();
            std::thread::spawn(move || draw(&progress, &stop))
        });
        Self { stop, thread }
    }
}

fn draw(progress: &Progress, stop: &AtomicBool) {
    let started = std::time::Instant::now();
    let mut drawn = false;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        if started.elapsed() < DELAY {
            continue;
        }
        let (done, total) = progress.counts();
        if total > 0 {
            eprint!("\r\x1b[2Kchecking {done}/{}", crate::support::plural::count(total, "file"));
            let _ = std::io::stderr().flush();
            drawn = true;
        }
    }
    if drawn {
        eprint!("\r\x1b[2K");
        let _ = std::io::stderr().flush();
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
