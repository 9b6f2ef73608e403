//! What a run says: the report formats.

pub mod report;
