//! "Bought together": what to suggest to a customer from other customers'
//! orders. The rule, in words a store can repeat to a customer:
//!
//! 1. Take every order of *other* customers that contains something this
//!    customer bought (a "basket").
//! 2. Every other product in those baskets is a candidate; its score is the
//!    number of baskets it appears in together with something the customer
//!    bought. A product appearing twice in one basket counts once.
//! 3. Never suggest what the customer already bought (or has in their cart:
//!    the caller puts those in `owned`).
//! 4. Highest score first; ties by product id, so the answer is the same on
//!    every device. Each suggestion names the owned product it was most often
//!    bought with (ties: the smallest id), which is the explanation shown.
//!
//! Invariant: pure and deterministic — the same owned set and baskets give
//! the same list in the same order, whatever order the baskets come in.

use std::collections::{BTreeMap, BTreeSet};

/// One suggested product and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub product_id: String,
    /// How many baskets held it together with something the customer bought.
    pub baskets: u32,
    /// The customer's product it was most often bought with.
    pub bought_with: String,
}

/// Ranks every candidate (see the module header); the caller filters what
/// the store cannot sell and takes as many as it shows.
pub fn bought_together(owned: &BTreeSet<String>, baskets: &[Vec<String>]) -> Vec<Suggestion> {
    // candidate → (baskets it is in, owned product → baskets shared with it)
    let mut tally: BTreeMap<&str, (u32, BTreeMap<&str, u32>)> = BTreeMap::new();
    for basket in baskets {
        let items: BTreeSet<&str> = basket.iter().map(String::as_str).collect();
        let anchors: Vec<&str> = items.iter().copied().filter(|p| owned.contains(*p)).collect();
        if anchors.is_empty() {
            continue;
        }
        for candidate in items.iter().copied().filter(|p| !owned.contains(*p)) {
            let (count, with) = tally.entry(candidate).or_default();
            *count += 1;
            for anchor in &anchors {
                *with.entry(anchor).or_default() += 1;
            }
        }
    }
    let mut out: Vec<Suggestion> = tally
        .into_iter()
        .map(|(product, (count, with))| Suggestion {
            product_id: product.to_string(),
            baskets: count,
            bought_with: strongest(&with).to_string(),
        })
        .collect();
    out.sort_by(|a, b| b.baskets.cmp(&a.baskets).then_with(|| a.product_id.cmp(&b.product_id)));
    out
}

/// The anchor shared most often; the smallest id among equals.
fn strongest<'a>(with: &BTreeMap<&'a str, u32>) -> &'a str {
    let mut best: Option<(&str, u32)> = None;
    for (anchor, n) in with {
        if best.is_none_or(|(_, m)| *n > m) {
            best = Some((anchor, *n));
        }
    }
    best.map(|(a, _)| a).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn baskets(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter().map(|b| b.iter().map(|s| s.to_string()).collect()).collect()
    }

    fn ranked(s: &[Suggestion]) -> Vec<(&str, u32, &str)> {
        s.iter().map(|x| (x.product_id.as_str(), x.baskets, x.bought_with.as_str())).collect()
    }

    /// A small shop: the customer bought boots and socks. Other customers'
    /// orders say wax goes with boots (3 baskets), laces with boots (1) and
    /// socks (1), and a scarf was only ever bought with a hat.
    #[test]
    fn hand_made_orders_give_the_expected_suggestions() {
        let owned = set(&["boots", "socks"]);
        let orders = baskets(&[
            &["boots", "wax"],
            &["boots", "wax", "laces"],
            &["wax", "boots", "boots"],
            &["socks", "laces"],
            &["socks", "insoles", "boots"],
            &["hat", "scarf"],
            &["wax"],
        ]);
        assert_eq!(
            ranked(&bought_together(&owned, &orders)),
            vec![("wax", 3, "boots"), ("laces", 2, "boots"), ("insoles", 1, "boots")]
        );
    }

    #[test]
    fn nothing_owned_or_no_shared_basket_suggests_nothing() {
        let orders = baskets(&[&["a", "b"], &["c"]]);
        assert!(bought_together(&set(&[]), &orders).is_empty());
        assert!(bought_together(&set(&["z"]), &orders).is_empty());
    }

    #[test]
    fn what_the_customer_owns_is_never_suggested() {
        let owned = set(&["a", "b"]);
        let out = bought_together(&owned, &baskets(&[&["a", "b"], &["a", "b", "c"]]));
        assert_eq!(ranked(&out), vec![("c", 1, "a")]);
    }

    #[test]
    fn a_product_twice_in_a_basket_counts_once() {
        let out = bought_together(&set(&["a"]), &baskets(&[&["a", "x", "x", "x"]]));
        assert_eq!(ranked(&out), vec![("x", 1, "a")]);
    }

    #[test]
    fn the_explanation_is_the_most_shared_anchor() {
        let owned = set(&["a", "b"]);
        let out = bought_together(&owned, &baskets(&[&["b", "x"], &["b", "x"], &["a", "x"]]));
        assert_eq!(ranked(&out), vec![("x", 3, "b")]);
    }

    #[test]
    fn basket_order_does_not_change_the_answer() {
        let owned = set(&["a", "b"]);
        let mut orders = baskets(&[&["a", "x"], &["b", "y"], &["a", "y", "z"], &["b", "x"], &["a", "w"]]);
        let first = bought_together(&owned, &orders);
        orders.reverse();
        assert_eq!(bought_together(&owned, &orders), first);
        assert_eq!(ranked(&first), vec![("x", 2, "a"), ("y", 2, "a"), ("w", 1, "a"), ("z", 1, "a")]);
    }
}
