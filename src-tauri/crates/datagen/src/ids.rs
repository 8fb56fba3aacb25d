//! Per-record randomness, ids and times.
//!
//! Every record draws from its own ChaCha8 stream whose 32-byte key is
//! `(seed, kind, a, b)` (`a` and `b` are the record's index or indexes), so a
//! record never depends on the records made before it, and distinct records
//! can never share a stream. Numbers are drawn only through [`Draw`], which
//! uses nothing but the ChaCha8 output (no `rand` distributions), so the
//! records depend on the ChaCha8 stream alone.

use chrono::{DateTime, Utc};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

pub(crate) const MS_MINUTE: i64 = 60_000;
pub(crate) const MS_HOUR: i64 = 60 * MS_MINUTE;
pub(crate) const MS_DAY: i64 = 24 * MS_HOUR;
pub(crate) const MS_YEAR: i64 = 365 * MS_DAY;

/// Which kind of record a stream belongs to. The numbers are part of the
/// output's definition: never renumber them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Retailer = 1,
    Store = 2,
    StoreZone = 3,
    Product = 4,
    ProductDetail = 5,
    Price = 6,
    Stock = 7,
    Customer = 8,
    Cart = 9,
    Order = 10,
    Pickup = 11,
    Measured = 12,
    Promotion = 13,
}

/// A record's random stream.
pub(crate) struct Draw(ChaCha8Rng);

impl Draw {
    pub(crate) fn new(seed: u64, kind: Kind, a: u64, b: u64) -> Draw {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..16].copy_from_slice(&(kind as u64).to_le_bytes());
        key[16..24].copy_from_slice(&a.to_le_bytes());
        key[24..].copy_from_slice(&b.to_le_bytes());
        Draw(ChaCha8Rng::from_seed(key))
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (Lemire's method, unbiased); 0 when `n` is 0.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next()) * u128::from(n);
        if (m as u64) < n {
            let threshold = n.wrapping_neg() % n;
            while (m as u64) < threshold {
                m = u128::from(self.next()) * u128::from(n);
            }
        }
        (m >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below(hi - lo + 1)
    }

    /// True `pct` times in a hundred.
    pub(crate) fn percent(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    /// One item of a fixed, non-empty list.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// An index into `weights`, chosen in proportion to them.
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < u64::from(*w) {
                return i;
            }
            x -= u64::from(*w);
        }
        weights.len().saturating_sub(1)
    }

    /// An index in `0..n` skewed toward 0 (the product of two uniforms):
    /// best sellers, regular customers.
    pub(crate) fn skewed(&mut self, n: u64) -> u64 {
        let x = u128::from(self.below(n));
        let y = u128::from(self.below(n));
        (x * y / u128::from(n.max(1))) as u64
    }

    /// A UUIDv7 for the instant `ms`, its other 74 bits from this stream.
    pub(crate) fn id(&mut self, ms: i64) -> Uuid {
        let mut bytes = [0u8; 10];
        self.0.fill_bytes(&mut bytes);
        uuid::Builder::from_unix_timestamp_millis(ms.max(0) as u64, &bytes).into_uuid()
    }

    /// The instant of record `i` of `n` spread over `[start, start + span)`:
    /// record `i` lies in its own slot, so times never decrease with `i`.
    pub(crate) fn slot(&mut self, start: i64, span: i64, n: u64, i: u64) -> i64 {
        let (lo, hi) = slot_bounds(start, span, n, i);
        lo + self.below((hi - lo) as u64) as i64
    }
}

/// The `[lo, hi)` milliseconds of slot `i` of `n` over `[start, start + span)`.
pub(crate) fn slot_bounds(start: i64, span: i64, n: u64, i: u64) -> (i64, i64) {
    let n = i128::from(n.max(1));
    let span = i128::from(span.max(0));
    let i = i128::from(i);
    let lo = i128::from(start) + span * i / n;
    let hi = i128::from(start) + span * (i + 1) / n;
    let clamp = |x: i128| x.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
    (clamp(lo), clamp(hi.max(lo)))
}

/// How many of `n` records spread over `[start, start + span)` lie wholly
/// before `t` (their slot ends at or before `t`).
pub(crate) fn slots_before(start: i64, span: i64, n: u64, t: i64) -> u64 {
    if span <= 0 {
        return if t >= start { n } else { 0 };
    }
    let elapsed = i128::from(t) - i128::from(start);
    if elapsed <= 0 {
        return 0;
    }
    let k = elapsed * i128::from(n) / i128::from(span);
    k.min(i128::from(n)) as u64
}

/// The instant `ms` milliseconds after the Unix epoch.
pub(crate) fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// `x ↦ (x·a + b) mod m`: a bijection on `0..m` when `gcd(a, m) = 1`. Makes
/// index-derived numbers (barcodes, loyalty and phone numbers) unique without
/// looking sequential.
pub(crate) fn scramble(x: u64, a: u64, b: u64, m: u64) -> u64 {
    ((u128::from(x % m) * u128::from(a) + u128::from(b)) % u128::from(m)) as u64
}

/// A well-mixed 64-bit value from the seed and a salt (SplitMix64's
/// finaliser), for offsets that should differ between seeds.
pub(crate) fn mix(seed: u64, salt: u64) -> u64 {
    let mut z = seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The smallest number from `near` up that is coprime to `m` (1 if `m` ≤ 1).
pub(crate) fn coprime_from(near: u64, m: u64) -> u64 {
    let mut s = near.max(1);
    while gcd(s, m) != 1 {
        s += 1;
    }
    s
}

pub(crate) fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_partition_the_span() {
        let (start, span, n) = (1_000, 10_000, 7);
        let mut prev_hi = start;
        for i in 0..n {
            let (lo, hi) = slot_bounds(start, span, n, i);
            assert_eq!(lo, prev_hi);
            assert!(hi > lo);
            prev_hi = hi;
        }
        assert_eq!(prev_hi, start + span);
        // The records wholly before t are exactly those whose slot ends by t.
        for t in (start - 5..start + span + 5).step_by(37) {
            let k = slots_before(start, span, n, t);
            for i in 0..n {
                let (_, hi) = slot_bounds(start, span, n, i);
                assert_eq!(i < k, hi <= t, "t={t} i={i} k={k}");
            }
        }
    }

    #[test]
    fn below_stays_in_range_and_scramble_is_a_bijection() {
        let mut d = Draw::new(1, Kind::Order, 2, 3);
        for n in [1u64, 2, 3, 10, 1_000, u64::MAX] {
            for _ in 0..200 {
                assert!(d.below(n) < n);
            }
        }
        assert_eq!(d.below(0), 0);
        let m = 1_000;
        let mut seen = vec![false; m as usize];
        for x in 0..m {
            let y = scramble(x, 7_654_321, 17, m) as usize;
            assert!(!seen[y]);
            seen[y] = true;
        }
    }
}
