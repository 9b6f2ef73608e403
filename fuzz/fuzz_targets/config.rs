//! The configuration and rule-pack loaders: the input is written as `ssotlint.toml`,
//! `pyproject.toml`, or a rule pack named by a fixed configuration, as its first byte picks.

#![no_main]

mod common;

use std::sync::LazyLock;

use ssotlint::config::{Overrides, Settings};

static DIRS: LazyLock<[std::path::PathBuf; 3]> =
    LazyLock::new(|| [common::scratch_dir("config"), common::scratch_dir("pyproject"), common::scratch_dir("pack")]);

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let dir = &DIRS[usize::from(pick % 3)];
    let file = match pick % 3 {
        0 => "ssotlint.toml",
        1 => "pyproject.toml",
        _ => {
            std::fs::write(dir.join("ssotlint.toml"), "rule-packs = [\"pack.toml\"]\n").expect("write");
            "pack.toml"
        }
    };
    std::fs::write(dir.join(file), rest).expect("write");
    if let Err(error) = Settings::load(dir, &Overrides::default()) {
        // The error must render as the command line shows it: span, code frame, help.
        assert!(!ssotlint::report::render_error(&error, false).is_empty());
    }
});
