//! What the code means: the neutral model the languages are lowered to, the semantics read from the vocabulary, per-file facts, and the repository view built from them (provider chains, inventory, owner proposals).

pub mod facts;
pub mod inventory;
pub mod model;
pub mod proposal;
pub mod repo;
pub mod semantics;
