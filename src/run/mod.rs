//! A run: the engine that checks files in parallel and assembles the outcome (applying inline suppressions), and the baseline.

pub mod baseline;
pub mod engine;
