//! Random draws: streams derived from the seed, and picks from plain and weighted lists.
//!
//! Each province draws from a stream of its own, so that its rows do not depend on the others'.
//! Within a stream every draw moves all that follow: changing how one is made changes the
//! dataset of a seed, which `tests/integration/generate.rs` pins.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// SplitMix64's output function: spreads nearby seeds and stream numbers far apart.
fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random stream `stream` of `seed`.
pub(crate) fn stream_rng(seed: u64, stream: u64) -> StdRng {
    StdRng::seed_from_u64(splitmix64(seed ^ splitmix64(stream)))
}

/// One of `items`, each as likely.
pub(crate) fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// One of `items`, each as likely as its weight says.
pub(crate) fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &items[items.len() - 1].0
}

/// Removes and returns a random element.
pub(crate) fn take_random<T>(rng: &mut StdRng, items: &mut Vec<T>) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        let index = rng.random_range(0..items.len());
        Some(items.swap_remove(index))
    }
}

/// The index of a weighted pick (see [`weighted`]).
pub(crate) fn weighted_index<T>(rng: &mut StdRng, items: &[(T, u32)]) -> usize {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (index, (_, weight)) in items.iter().enumerate() {
        if roll < *weight {
            return index;
        }
        roll -= weight;
    }
    items.len() - 1
}
