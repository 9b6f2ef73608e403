//! The baseline reader, and applying what it read to a run's outcome.

#![no_main]

mod common;

use ssotlint::baseline::Baseline;
use ssotlint::engine;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(baseline) = Baseline::parse("baseline.json", text) else { return };
    let setup = &*common::SETUP;
    let source = "import os\nA = os.environ['DATABASE_URL']\nB = os.environ['DATABASE_URL']\n";
    let mut outcome = engine::run_text(&setup.settings, "app.py", source.to_owned(), Some(&setup.prefilter));
    let stats = baseline.apply(&mut outcome, &setup.settings);
    assert!(stats.matched <= 2);
});
