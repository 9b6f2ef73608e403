//! How many threads a run uses. `--threads N` is a wish: `0` (or no flag) means one thread
//! per core, and any number is capped where more threads cannot make the run faster.

use std::num::NonZeroUsize;

/// At most this many threads per core. The work is CPU-bound (parsing and walking the
/// trees; reading the bytes is a small part of it), so threads beyond the cores only take
/// turns, and each checking thread reserves a large stack for deeply nested code: 1,000
/// threads made the 23-file demo take 13.7 s and 100,000 never finished. A few per core
/// still let a walk over a slow network file system overlap its waits.
const PER_CORE: usize = 4;

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, NonZeroUsize::get)
}

/// Threads for a pool of unknown size (the walk): the wish, capped at `PER_CORE` per core.
pub fn capped(requested: Option<usize>) -> usize {
    match requested {
        None | Some(0) => cores(),
        Some(n) => n.min(PER_CORE * cores()),
    }
}

/// Threads for `items` pieces of work: [`capped`], and no more than the items (a thread
/// without work costs its start and its stack), and at least one.
pub fn for_items(requested: Option<usize>, items: usize) -> usize {
    capped(requested).min(items).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_or_nothing_means_every_core_and_large_wishes_are_capped() {
        assert_eq!(capped(None), cores());
        assert_eq!(capped(Some(0)), cores());
        assert_eq!(capped(Some(1)), 1);
        assert_eq!(capped(Some(100_000)), PER_CORE * cores());
        assert_eq!(for_items(Some(100_000), 3), 3);
        assert_eq!(for_items(None, 0), 1);
    }
}
