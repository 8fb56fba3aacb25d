//! Spreading an order-level amount over lines in proportion to weights, by
//! the largest remainder method.
//!
//! Invariant: the pieces add up to the amount exactly; with an amount no
//! larger than the sum of the weights, no piece is larger than its weight
//! and a zero weight gets nothing.

/// Splits `amount` (≥ 0) over `weights` (each ≥ 0) in proportion: every
/// part first gets `floor(amount × weight / total)`, then the minor units
/// left go one each to the parts with the largest remainders (ties: the
/// earlier part). All-zero weights (or none) take nothing: the amount must
/// then be zero, and the parts are all zero.
pub fn spread(amount: i64, weights: &[i64]) -> Vec<i64> {
    let total: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if total == 0 || amount <= 0 {
        return vec![0; weights.len()];
    }
    let amount = i128::from(amount);
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let share = amount * i128::from((*w).max(0));
        parts.push(share / total);
        remainders.push((share % total, i));
    }
    let mut left = amount - parts.iter().sum::<i128>();
    // Largest remainder first; the earlier part first among equals.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left <= 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    // Each part is at most the amount, which fits in i64.
    parts.into_iter().map(|p| p as i64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_table() {
        // (amount, weights, parts)
        let table: &[(i64, &[i64], &[i64])] = &[
            (100, &[1, 1, 1], &[34, 33, 33]),
            (100, &[1, 1, 1, 1, 1, 1], &[17, 17, 17, 17, 16, 16]),
            // 10 over 3:7 is 3:7 exactly.
            (10, &[3, 7], &[3, 7]),
            // 1000 over 1999/3998/1999: 250, 500, 250.
            (1000, &[1999, 3998, 1999], &[250, 500, 250]),
            // 5 over 10/20/30: 0.833, 1.667, 2.5 → the largest remainders
            // (0.833, 0.667) get the two units left: 1, 2, 2.
            (5, &[10, 20, 30], &[1, 2, 2]),
            // Not the first parts: the largest remainder wins (0.9 beats 0.1).
            (2, &[1, 9], &[0, 2]),
            (1, &[1, 9], &[0, 1]),
            (1, &[9, 1], &[1, 0]),
            (0, &[5, 5], &[0, 0]),
            (7, &[0, 7, 0], &[0, 7, 0]),
            (3, &[0, 0], &[0, 0]),
            (3, &[], &[]),
            (i64::MAX, &[i64::MAX, i64::MAX], &[i64::MAX / 2 + 1, i64::MAX / 2]),
        ];
        for (amount, weights, parts) in table {
            assert_eq!(spread(*amount, weights), parts.to_vec(), "{amount} over {weights:?}");
        }
    }

    #[test]
    fn pieces_add_up_and_never_exceed_their_weight() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..2_000 {
            let weights: Vec<i64> = (0..1 + next(8)).map(|_| next(5) as i64 * next(100_000) as i64).collect();
            let total: i64 = weights.iter().sum();
            let amount = if total == 0 { 0 } else { next(total as u64 + 1) as i64 };
            let parts = spread(amount, &weights);
            assert_eq!(parts.iter().sum::<i64>(), amount, "{amount} over {weights:?}");
            for (p, w) in parts.iter().zip(&weights) {
                assert!(*p >= 0 && p <= w, "{amount} over {weights:?}: {parts:?}");
            }
        }
    }
}
