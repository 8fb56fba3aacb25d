//! Reading the text a scanner or a person typed into the scan box, through
//! the scan crate: what the register can put in the cart, or a problem in
//! words a cashier can act on.

use chrono::{DateTime, Utc};
use shopfloor_domain::{Gtin, Problem, ProblemCode};
use shopfloor_scan::{QrContent, ScanRules, Scanned, VariableMeasure, Verifier, classify};

/// What a scan asks the register to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartTarget {
    Gtin(Gtin),
    Sku(String),
    /// A price or weight label: the product listed under its lookup GTIN.
    Label(VariableMeasure),
}

/// Where a scan leads: something for the cart, or a genuine Shopfloor code
/// to open (a customer, a receipt, a pickup, a cart, a store-credit or gift
/// card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanTarget {
    Cart(CartTarget),
    Open(QrContent),
}

/// What the signed-in role must be allowed to do for this scan to act.
pub fn action(target: &ScanTarget) -> shopfloor_domain::staff::Action {
    use shopfloor_domain::staff::Action;
    match target {
        ScanTarget::Cart(_) => Action::BuildCart,
        ScanTarget::Open(QrContent::LoyaltyCard { .. }) => Action::FindCustomer,
        ScanTarget::Open(QrContent::Pickup { .. }) => Action::HandlePickups,
        ScanTarget::Open(QrContent::Receipt { .. } | QrContent::CartHandoff { .. }) => Action::BuildCart,
        ScanTarget::Open(QrContent::StoredValueCard { .. }) => Action::TakePayment,
    }
}

/// The target of a scan, or why there is none.
pub fn read(text: &str, rules: &ScanRules, verifier: &Verifier, now: DateTime<Utc>) -> Result<ScanTarget, Problem> {
    match classify(text, rules, verifier, now) {
        Scanned::Product { gtin } => Ok(ScanTarget::Cart(CartTarget::Gtin(gtin))),
        Scanned::VariableMeasure(v) => Ok(ScanTarget::Cart(CartTarget::Label(v))),
        Scanned::Sku(sku) => Ok(ScanTarget::Cart(CartTarget::Sku(sku.as_str().to_string()))),
        Scanned::Shopfloor(payload) => Ok(ScanTarget::Open(payload.content)),
        Scanned::RefusedShopfloor(refusal) => Err(Problem::new(ProblemCode::RefusedCode, refusal.to_string())),
        Scanned::Unknown { reason } => Err(Problem::new(ProblemCode::InvalidScan, with_what_was_read(reason, text))),
    }
}

/// The reason, naming what was read when it is short enough to show.
fn with_what_was_read(reason: impl std::fmt::Display, text: &str) -> String {
    let shown: String = text.chars().filter(|c| !c.is_control()).collect();
    let shown = shown.trim();
    if shown.is_empty() || shown.chars().count() > 32 {
        reason.to_string()
    } else {
        format!("{reason} (read: {shown})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopfloor_scan::Keyring;

    fn read_text(t: &str) -> Result<CartTarget, Problem> {
        let verifier = Verifier::new(uuid::Uuid::nil(), Keyring::new());
        match read(t, &ScanRules::default(), &verifier, "2026-11-23T10:00:00Z".parse().unwrap())? {
            ScanTarget::Cart(target) => Ok(target),
            ScanTarget::Open(content) => panic!("{t:?} opens {content:?}"),
        }
    }

    #[test]
    fn scan_text_table() {
        let ok = ["4006381333931", " 4006381333931 ", "4006381333931\r\n", "\u{1d}036000291452", "96385074", "]E04006381333931"];
        for t in ok {
            assert!(matches!(read_text(t), Ok(CartTarget::Gtin(_))), "{t:?}: {:?}", read_text(t));
        }
        assert_eq!(read_text("SKU-AB12"), Ok(CartTarget::Sku("SKU-AB12".into())));
        let bad = [
            ("", ProblemCode::InvalidScan, "Nothing was scanned"),
            ("4006381333932", ProblemCode::InvalidScan, "check digit"),
            ("40063813339", ProblemCode::InvalidScan, "11 digits"),
            ("abc", ProblemCode::InvalidScan, "Not a barcode"),
            ("SF1.AEAACAMQAAAAAADQ", ProblemCode::RefusedCode, "Shopfloor code"),
        ];
        for (t, code, says) in bad {
            let p = read_text(t).unwrap_err();
            assert_eq!(p.code, code, "{t:?}");
            assert!(p.message.contains(says), "{t:?}: {}", p.message);
        }
        let huge = "x".repeat(10 * 1024);
        let p = read_text(&huge).unwrap_err();
        assert!(p.message.contains("10240 bytes") && p.message.len() < 200, "{}", p.message);
    }
}
