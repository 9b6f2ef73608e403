//! The Rust adapter and every rule, on arbitrary text.

#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::check_source("fuzz.rs", data));
