//! Every input a fuzz campaign found to crash ssotlint, kept and run again through the same
//! checks the fuzz targets make (`fuzz/fuzz_targets/common.rs`, included here).
//!
//! Inputs live in `tests/fuzz-regressions/<target>/`, one file each, as libFuzzer wrote them.

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut inputs: Vec<_> = entries
        .map(|entry| entry.unwrap().path())
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()))
        .collect();
    inputs.sort();
    inputs
}

/// Runs `check` on each input of `target` and names the inputs that fail.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let inputs = inputs(target);
    let failed: Vec<&str> = inputs
        .iter()
        .filter(|(_, data)| std::panic::catch_unwind(|| check(data)).is_err())
        .map(|(name, _)| name.as_str())
        .collect();
    assert!(failed.is_empty(), "{target}: these kept inputs fail again: {failed:?}");
    inputs.len()
}

#[test]
fn kept_fuzz_inputs_pass_every_target_check() {
    let replayed = replay("python", |data| common::check_source("fuzz.py", data))
        + replay("rust", |data| common::check_source("fuzz.rs", data))
        + replay("config", common::check_config)
        + replay("suppressions", common::check_suppressions)
        + replay("baseline", common::check_baseline);
    // An emptied or misplaced directory must not pass as "nothing failed".
    assert!(replayed > 0, "no inputs under tests/fuzz-regressions/");
}
