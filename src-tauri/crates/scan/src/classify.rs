//! The scan box: any scanned or typed text to a typed code.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use shopfloor_domain::Gtin;

use crate::gtin_scan;
use crate::payload::{QrPayload, Refusal, Verifier, looks_like_payload};
use crate::scan_input::{self, GS};
use crate::sku::{Sku, SkuPattern};
use crate::unknown::UnknownReason;
use crate::variable_measure::{VariableMeasure, VariableMeasureRules};

/// What a scan is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// A product barcode (EAN-13, UPC-A, EAN-8, GTIN-14 or the GTIN of a GS1
    /// element string); its GTIN-14 (`gtin.gtin14()`) is the product key.
    Product { gtin: Gtin },
    /// A price or weight label under the retailer's variable-measure rules.
    VariableMeasure(VariableMeasure),
    /// An internal SKU.
    Sku(Sku),
    /// A genuine, unexpired Shopfloor QR payload of this retailer.
    Shopfloor(QrPayload),
    /// Text that claims to be a Shopfloor payload (`SF` and a digit) but was
    /// refused: forged, altered, expired, another retailer's, …
    RefusedShopfloor(Refusal),
    /// None of the above.
    Unknown { reason: UnknownReason },
}

/// The retailer's scanning rules, as the hub sends them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ScanRules {
    pub variable_measure: VariableMeasureRules,
    pub sku: SkuPattern,
}

/// Reads `text` as the scan box does; never panics, and refuses text over
/// [`MAX_SCAN_BYTES`](crate::MAX_SCAN_BYTES) unread.
///
/// In order: the text is cleaned (surrounding whitespace and control
/// characters, a scanner's prefix and suffix and an AIM symbology
/// identifier are removed; other control characters inside are refused);
/// text starting
/// `SF` and a digit is a Shopfloor payload, checked by `verifier` at `now`;
/// a GS1 element string with AI 01 or 8 to 14 digits is a GTIN (a
/// variable-measure one if `rules` cover its prefix); text matching the SKU
/// pattern is an SKU; anything else is unknown, with a reason.
pub fn classify(text: &str, rules: &ScanRules, verifier: &Verifier, now: DateTime<Utc>) -> Scanned {
    let scan = match scan_input::clean(text) {
        Ok(s) => s,
        Err(reason) => return Scanned::Unknown { reason },
    };
    if looks_like_payload(scan.body) {
        return match verifier.verify(scan.body, now) {
            Ok(p) => Scanned::Shopfloor(p),
            Err(r) => Scanned::RefusedShopfloor(r),
        };
    }
    let gtin = match gtin_scan::read_gs1(&scan) {
        None if scan.gs1_symbology => Some(Err(UnknownReason::Gs1WithoutGtin)),
        None => gtin_scan::read_digits(&scan),
        found => found,
    };
    match gtin {
        Some(Ok(gtin)) => match rules.variable_measure.read(&gtin) {
            Some(Ok(vm)) => Scanned::VariableMeasure(vm),
            Some(Err(reason)) => Scanned::Unknown { reason },
            None => Scanned::Product { gtin },
        },
        Some(Err(reason)) => Scanned::Unknown { reason },
        None => {
            if let Some(sku) = rules.sku.read(scan.body) {
                return Scanned::Sku(sku);
            }
            let reason = if scan.gs1 {
                UnknownReason::Gs1WithoutGtin
            } else if scan.body.contains(GS) {
                UnknownReason::ControlCharacters
            } else {
                UnknownReason::NotRecognised
            };
            Scanned::Unknown { reason }
        }
    }
}
