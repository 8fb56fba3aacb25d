//! The pickup counter's rules (buy online, pick up in store), shared by the
//! device that picks and hands over and by the hub that applies the events:
//! which step may follow which, what a pick and a hand-over must add up to,
//! the stock movements each makes, what is refunded, and the hold window.
//!
//! Invariant: the device and the hub compute the same movements and the
//! same refunds from the same event, so the device's overlay rows are
//! replaced one for one by the hub's (ids `{event_id}/{n}`, n = position
//! in the list + 1), and no unit is ever refunded twice: every refund of a
//! line is a share of its total by [`unit_share`].

use chrono::{DateTime, Duration, Utc};

/// Where a pickup stands. `PickedUp`, `Cancelled` and `Expired` are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    New,
    Picking,
    Ready,
    PickedUp,
    Cancelled,
    Expired,
}

impl Stage {
    pub fn parse(word: &str) -> Option<Stage> {
        Some(match word {
            "new" => Stage::New,
            "picking" => Stage::Picking,
            "ready" => Stage::Ready,
            "picked_up" => Stage::PickedUp,
            "cancelled" => Stage::Cancelled,
            "expired" => Stage::Expired,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Picking => "picking",
            Stage::Ready => "ready",
            Stage::PickedUp => "picked_up",
            Stage::Cancelled => "cancelled",
            Stage::Expired => "expired",
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, Stage::PickedUp | Stage::Cancelled | Stage::Expired)
    }
}

/// A step at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    StartPicking,
    MarkReady,
    HandOver,
    /// The hub only: the customer cancelled online, or the hold expired.
    Cancel,
}

/// Whether `step` may be taken from `stage`, or why not (a sentence).
pub fn allowed(stage: Stage, step: Step) -> Result<(), String> {
    use Stage::*;
    let ok = match step {
        Step::StartPicking => matches!(stage, New | Picking),
        Step::MarkReady => matches!(stage, New | Picking),
        Step::HandOver => stage == Ready,
        Step::Cancel => !stage.is_final(),
    };
    if ok {
        return Ok(());
    }
    Err(match (stage, step) {
        (PickedUp, _) => "This order was already handed over.".to_string(),
        (Cancelled, _) => "This order was cancelled; put its items back on the shelf.".to_string(),
        (Expired, _) => "This order expired (not collected in time); put its items back on the shelf.".to_string(),
        (Ready, Step::StartPicking | Step::MarkReady) => "This order is already picked and ready.".to_string(),
        (New | Picking, Step::HandOver) => "This order is not picked yet: pick it and mark it ready first.".to_string(),
        _ => format!("This order is {}; that step does not apply.", stage.as_str()),
    })
}

/// An order line as bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderedLine {
    pub line_no: i64,
    pub product_id: String,
    pub quantity: i64,
    /// What the customer paid for the whole line.
    pub line_total_minor: i64,
}

/// One line as picked: `picked + unavailable + substitute.1 == quantity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    pub line_no: i64,
    pub picked: i64,
    pub unavailable: i64,
    /// Product and units given instead of units of the ordered product.
    pub substitute: Option<(String, i64)>,
}

/// One picked product at the hand-over (`product_id` is the ordered
/// product or the line's substitute).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handed {
    pub line_no: i64,
    pub product_id: String,
    pub handed: i64,
    pub refused: i64,
}

/// A change of this store's stock that a step makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub product_id: String,
    pub kind: MoveKind,
    /// Signed: a release is positive, a reservation negative.
    pub quantity: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveKind {
    Reservation,
    Release,
}

/// The share of `line_total` that `units` more units of a line of
/// `quantity` units are worth, when `already` units of it were refunded
/// before. Shares of every unit add up to the line total exactly (the
/// rounding never gives away or keeps a cent).
pub fn unit_share(line_total: i64, quantity: i64, already: i64, units: i64) -> i64 {
    if quantity <= 0 || units <= 0 {
        return 0;
    }
    let upto = |n: i64| (i128::from(line_total) * i128::from(n.clamp(0, quantity)) / i128::from(quantity)) as i64;
    upto(already + units) - upto(already)
}

fn line<'a>(ordered: &'a [OrderedLine], line_no: i64) -> Result<&'a OrderedLine, String> {
    ordered
        .iter()
        .find(|l| l.line_no == line_no)
        .ok_or_else(|| format!("The order has no line {line_no}."))
}

/// Checks a whole pick: every order line once, and each line's units add
/// up to what was ordered.
pub fn check_picks(ordered: &[OrderedLine], picks: &[Pick]) -> Result<(), String> {
    for o in ordered {
        let n = picks.iter().filter(|p| p.line_no == o.line_no).count();
        if n != 1 {
            return Err(format!("Line {} must be picked exactly once (it is listed {n} times).", o.line_no));
        }
    }
    for p in picks {
        let o = line(ordered, p.line_no)?;
        let substituted = p.substitute.as_ref().map_or(0, |s| s.1);
        if p.picked < 0 || p.unavailable < 0 || substituted < 0 {
            return Err(format!("Line {}: quantities cannot be negative.", p.line_no));
        }
        if let Some((product, q)) = &p.substitute {
            if *q == 0 || product == &o.product_id {
                return Err(format!("Line {}: a substitute is another product, at least one unit.", p.line_no));
            }
        }
        let total = p.picked + p.unavailable + substituted;
        if total != o.quantity {
            return Err(format!(
                "Line {}: {} picked, {} unavailable and {} substituted make {total}, but {} were ordered.",
                p.line_no, p.picked, p.unavailable, substituted, o.quantity
            ));
        }
    }
    Ok(())
}

/// The stock movements of marking an order ready: unavailable units and
/// substituted units of the ordered product are released; the substitute
/// is reserved. In line order.
pub fn ready_moves(ordered: &[OrderedLine], picks: &[Pick]) -> Vec<Move> {
    let mut moves = Vec::new();
    for o in ordered {
        let Some(p) = picks.iter().find(|p| p.line_no == o.line_no) else { continue };
        let substituted = p.substitute.as_ref().map_or(0, |s| s.1);
        let released = p.unavailable + substituted;
        if released > 0 {
            moves.push(Move { product_id: o.product_id.clone(), kind: MoveKind::Release, quantity: released });
        }
        if let Some((product, q)) = &p.substitute {
            moves.push(Move { product_id: product.clone(), kind: MoveKind::Reservation, quantity: -q });
        }
    }
    moves
}

/// What marking ready refunds: the unavailable units (substituted units
/// are not refunded: the customer gets the substitute at the line's price).
pub fn ready_refund(ordered: &[OrderedLine], picks: &[Pick]) -> i64 {
    ordered
        .iter()
        .filter_map(|o| {
            let p = picks.iter().find(|p| p.line_no == o.line_no)?;
            Some(unit_share(o.line_total_minor, o.quantity, 0, p.unavailable))
        })
        .sum()
}

/// What is on the counter of one line after picking: (product, units).
fn on_counter(o: &OrderedLine, p: &Pick) -> Vec<(String, i64)> {
    let mut v = vec![(o.product_id.clone(), p.picked)];
    if let Some((product, q)) = &p.substitute {
        v.push((product.clone(), *q));
    }
    v
}

/// Checks a hand-over: every picked product listed once with `handed +
/// refused` equal to what was picked of it, and something changes hands or
/// is refused.
pub fn check_handover(ordered: &[OrderedLine], picks: &[Pick], handed: &[Handed]) -> Result<(), String> {
    for h in handed {
        line(ordered, h.line_no)?;
        if h.handed < 0 || h.refused < 0 {
            return Err(format!("Line {}: quantities cannot be negative.", h.line_no));
        }
    }
    for o in ordered {
        let Some(p) = picks.iter().find(|p| p.line_no == o.line_no) else {
            return Err(format!("Line {} was never picked.", o.line_no));
        };
        for (product, units) in on_counter(o, p) {
            let listed: Vec<&Handed> =
                handed.iter().filter(|h| h.line_no == o.line_no && h.product_id == product).collect();
            let (h, r) = listed.iter().fold((0, 0), |(h, r), x| (h + x.handed, r + x.refused));
            if listed.len() > 1 || h + r != units {
                return Err(format!(
                    "Line {}: {units} of product {product} were picked; hand over or refuse each of them once \
                     ({h} handed and {r} refused).",
                    o.line_no
                ));
            }
        }
    }
    for h in handed {
        let o = line(ordered, h.line_no)?;
        let p = picks.iter().find(|p| p.line_no == h.line_no);
        let known = p.is_some_and(|p| on_counter(o, p).iter().any(|(prod, _)| prod == &h.product_id));
        if !known {
            return Err(format!("Line {}: product {} was not picked for it.", h.line_no, h.product_id));
        }
    }
    Ok(())
}

/// The stock movements of a hand-over: refused units go back on the shelf
/// (their reservation is released). Handed units keep their reservation:
/// it becomes the sale.
pub fn handover_moves(handed: &[Handed]) -> Vec<Move> {
    handed
        .iter()
        .filter(|h| h.refused > 0)
        .map(|h| Move { product_id: h.product_id.clone(), kind: MoveKind::Release, quantity: h.refused })
        .collect()
}

/// What a hand-over refunds: each refused unit's share of its line, after
/// the units refunded when the order was marked ready.
pub fn handover_refund(ordered: &[OrderedLine], picks: &[Pick], handed: &[Handed]) -> i64 {
    ordered
        .iter()
        .map(|o| {
            let already = picks.iter().find(|p| p.line_no == o.line_no).map_or(0, |p| p.unavailable);
            let refused: i64 = handed.iter().filter(|h| h.line_no == o.line_no).map(|h| h.refused).sum();
            unit_share(o.line_total_minor, o.quantity, already, refused)
        })
        .sum()
}

/// When a ready order expires, and when its customer is reminded (never
/// before it was ready).
pub fn hold_window(ready_at: DateTime<Utc>, hold_days: i64, reminder_hours_before: i64) -> (DateTime<Utc>, DateTime<Utc>) {
    let expires = ready_at + Duration::days(hold_days.max(1));
    let remind = (expires - Duration::hours(reminder_hours_before.max(0))).max(ready_at);
    (expires, remind)
}

/// Whether what the person collecting says matches the order: the last 4
/// digits of the order number, or the whole order number (case, spaces and
/// dashes ignored).
pub fn order_code_matches(order_number: &str, told: &str) -> bool {
    let fold = |s: &str| s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect::<String>();
    let told = fold(told);
    if told.is_empty() {
        return false;
    }
    if told == fold(order_number) {
        return true;
    }
    let digits: String = order_number.chars().filter(char::is_ascii_digit).collect();
    told.len() == 4 && digits.len() >= 4 && digits.ends_with(&told)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ordered() -> Vec<OrderedLine> {
        vec![
            OrderedLine { line_no: 1, product_id: "shirt".into(), quantity: 3, line_total_minor: 1000 },
            OrderedLine { line_no: 2, product_id: "cap".into(), quantity: 1, line_total_minor: 1500 },
        ]
    }

    fn pick(line_no: i64, picked: i64, unavailable: i64, substitute: Option<(&str, i64)>) -> Pick {
        Pick { line_no, picked, unavailable, substitute: substitute.map(|(p, q)| (p.to_string(), q)) }
    }

    fn hand(line_no: i64, product: &str, handed: i64, refused: i64) -> Handed {
        Handed { line_no, product_id: product.into(), handed, refused }
    }

    #[test]
    fn unit_shares_add_up_to_the_line_total() {
        for (total, qty) in [(1000, 3), (1, 3), (999, 7), (0, 2), (-300, 4)] {
            let each: i64 = (0..qty).map(|k| unit_share(total, qty, k, 1)).sum();
            assert_eq!(each, total, "{total}/{qty}");
            assert_eq!(unit_share(total, qty, 0, qty), total);
        }
        assert_eq!(unit_share(1000, 3, 0, 1), 333);
        assert_eq!(unit_share(1000, 3, 1, 1), 333);
        assert_eq!(unit_share(1000, 3, 2, 1), 334);
        assert_eq!(unit_share(1000, 3, 3, 1), 0, "nothing is left to refund");
        assert_eq!(unit_share(1000, 0, 0, 1), 0);
    }

    #[test]
    fn steps_follow_the_counter_and_final_stages_refuse_everything() {
        let table = [
            (Stage::New, Step::StartPicking, true),
            (Stage::New, Step::MarkReady, true),
            (Stage::New, Step::HandOver, false),
            (Stage::Picking, Step::MarkReady, true),
            (Stage::Ready, Step::MarkReady, false),
            (Stage::Ready, Step::HandOver, true),
            (Stage::Ready, Step::Cancel, true),
            (Stage::PickedUp, Step::Cancel, false),
            (Stage::Cancelled, Step::HandOver, false),
            (Stage::Expired, Step::HandOver, false),
        ];
        for (stage, step, ok) in table {
            assert_eq!(allowed(stage, step).is_ok(), ok, "{stage:?} {step:?}");
        }
        assert!(allowed(Stage::Cancelled, Step::HandOver).unwrap_err().contains("cancelled"));
        for s in ["new", "picking", "ready", "picked_up", "cancelled", "expired"] {
            assert_eq!(Stage::parse(s).unwrap().as_str(), s);
        }
        assert_eq!(Stage::parse("lost"), None);
    }

    #[test]
    fn a_pick_must_account_for_every_ordered_unit_once() {
        let o = ordered();
        assert!(check_picks(&o, &[pick(1, 3, 0, None), pick(2, 1, 0, None)]).is_ok());
        assert!(check_picks(&o, &[pick(1, 1, 1, Some(("shirt-m", 1))), pick(2, 0, 1, None)]).is_ok());
        assert!(check_picks(&o, &[pick(1, 3, 0, None)]).unwrap_err().contains("Line 2"));
        assert!(check_picks(&o, &[pick(1, 2, 0, None), pick(2, 1, 0, None)]).unwrap_err().contains("3 were ordered"));
        assert!(check_picks(&o, &[pick(1, 3, 0, None), pick(2, 1, 0, None), pick(1, 3, 0, None)]).is_err());
        assert!(check_picks(&o, &[pick(1, 2, 0, Some(("shirt", 1))), pick(2, 1, 0, None)]).is_err());
        assert!(check_picks(&o, &[pick(1, 4, -1, None), pick(2, 1, 0, None)]).is_err());
        assert!(check_picks(&o, &[pick(1, 3, 0, None), pick(2, 1, 0, None), pick(9, 0, 0, None)]).is_err());
    }

    #[test]
    fn marking_ready_releases_what_is_not_coming_and_refunds_only_the_unavailable() {
        let o = ordered();
        let picks = [pick(1, 1, 1, Some(("shirt-m", 1))), pick(2, 0, 1, None)];
        assert_eq!(
            ready_moves(&o, &picks),
            vec![
                Move { product_id: "shirt".into(), kind: MoveKind::Release, quantity: 2 },
                Move { product_id: "shirt-m".into(), kind: MoveKind::Reservation, quantity: -1 },
                Move { product_id: "cap".into(), kind: MoveKind::Release, quantity: 1 },
            ]
        );
        assert_eq!(ready_refund(&o, &picks), 333 + 1500);
        assert!(ready_moves(&o, &[pick(1, 3, 0, None), pick(2, 1, 0, None)]).is_empty());
    }

    #[test]
    fn a_hand_over_lists_every_picked_product_and_refunds_refused_units_after_the_unavailable() {
        let o = ordered();
        let picks = [pick(1, 1, 1, Some(("shirt-m", 1))), pick(2, 1, 0, None)];
        let handed = [hand(1, "shirt", 1, 0), hand(1, "shirt-m", 0, 1), hand(2, "cap", 1, 0)];
        assert!(check_handover(&o, &picks, &handed).is_ok());
        assert_eq!(handover_moves(&handed), vec![Move { product_id: "shirt-m".into(), kind: MoveKind::Release, quantity: 1 }]);
        // The unavailable unit took 333; the refused substitute is the next unit.
        assert_eq!(handover_refund(&o, &picks, &handed), 333);
        let everything_refused = [hand(1, "shirt", 0, 1), hand(1, "shirt-m", 0, 1), hand(2, "cap", 0, 1)];
        assert_eq!(
            ready_refund(&o, &picks) + handover_refund(&o, &picks, &everything_refused),
            1000 + 1500,
            "never more than was paid"
        );
        assert!(check_handover(&o, &picks, &[hand(1, "shirt", 1, 0), hand(2, "cap", 1, 0)]).is_err(), "substitute missing");
        assert!(check_handover(&o, &picks, &[hand(1, "shirt", 1, 1), hand(1, "shirt-m", 1, 0), hand(2, "cap", 1, 0)]).is_err());
        assert!(check_handover(&o, &picks, &[hand(1, "shirt", 1, 0), hand(1, "shirt-m", 1, 0), hand(2, "hat", 1, 0)]).is_err());
    }

    #[test]
    fn an_order_code_is_the_numbers_last_four_digits_or_the_whole_number() {
        for (number, told, ok) in [
            ("W-01234", "1234", true),
            ("W-01234", " 12-34 ", true),
            ("W-01234", "w-01234", true),
            ("W-01234", "0123", false),
            ("W-01234", "234", false),
            ("W-01234", "", false),
            ("W-12", "0012", false),
        ] {
            assert_eq!(order_code_matches(number, told), ok, "{number} {told:?}");
        }
    }

    #[test]
    fn the_hold_window_ends_after_the_store_s_days_and_reminds_before() {
        let ready = "2026-11-24T10:00:00Z".parse().unwrap();
        let (expires, remind) = hold_window(ready, 5, 24);
        assert_eq!(expires, "2026-11-29T10:00:00Z".parse::<DateTime<Utc>>().unwrap());
        assert_eq!(remind, "2026-11-28T10:00:00Z".parse::<DateTime<Utc>>().unwrap());
        let (_, early) = hold_window(ready, 1, 48);
        assert_eq!(early, ready, "never reminded before it was ready");
    }
}
