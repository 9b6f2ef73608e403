//! The inline suppression parser, in Python and Rust comments.

#![no_main]

use ssotlint::source::{Lang, SourceFile};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for (name, lang) in [("fuzz.py", Lang::Python), ("fuzz.rs", Lang::Rust)] {
        let source = SourceFile::new(name.into(), text.to_owned());
        for suppression in ssotlint::suppress::parse(&source, lang) {
            let _ = suppression.covers("direct-env-read", 1);
        }
    }
});
