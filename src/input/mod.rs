//! What is read, and whether it is worth parsing: discovery of files and projects, the lexers, the prefilter, focus and the nesting guard, and the inline suppressions written in comments.

pub mod discovery;
pub mod focus;
pub mod lexer;
pub mod nesting;
pub mod prefilter;
pub mod projects;
pub mod suppress;
