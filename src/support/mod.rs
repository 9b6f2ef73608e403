//! Shared by every stage: source text and positions, paths, patterns, globs, words, plurals, threads, hashing and the user-facing errors.

pub mod errors;
pub mod globs;
pub mod hashing;
pub mod paths;
pub mod pattern;
pub mod plural;
pub mod source;
pub mod threads;
pub mod words;
