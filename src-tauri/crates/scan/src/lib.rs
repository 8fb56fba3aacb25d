//! Shopfloor's scan box, headless: turns any scanned or typed text, camera
//! frame or picked image into a typed code — a product (EAN-13, UPC-A,
//! EAN-8, GTIN-14, GS1 element strings), a variable-measure price or weight
//! label under the retailer's rules, an internal SKU, or one of Shopfloor's
//! own signed QR payloads (loyalty card, receipt, pickup, cart hand-off,
//! store credit / gift card) — or says, in words a cashier can act on, why
//! it is none of them.
//!
//! Invariants:
//! - Nothing here panics on any input, and the work per input is bounded
//!   (scan text over [`MAX_SCAN_BYTES`], payload text over
//!   [`MAX_PAYLOAD_TEXT_LEN`] and images over [`DecodeLimits`] are refused
//!   unread; image decoding runs under a time budget with panics contained).
//! - A Shopfloor payload is returned only if its signature verifies under a
//!   key in this retailer's keyring, it names this retailer, and it has not
//!   expired at the `now` passed in.
//! - The wall clock is never read: times come in as `DateTime<Utc>`. Money
//!   is in integer minor units, weights in grams.
//!
//! Entry points: [`classify`] for text, [`decode_frame`] and
//! [`decode_image_file`] for images (their texts then go to [`classify`]),
//! [`read_picture`] and [`read_camera_frame`] for the scan box (the first
//! code's text, or a `Problem`),
//! [`Signer::issue`] on the hub and [`Verifier::verify`] on devices.
//!
//! Feature `corpus` (tests and benchmarks only): the generated QR decode
//! corpus, in `corpus`.

mod classify;
#[cfg(feature = "corpus")]
pub mod corpus;
mod draw;
mod first_code;
mod gtin_scan;
mod image;
pub mod payload;
mod price_check;
mod scan_input;
mod sku;
mod unknown;
pub mod variable_measure;

pub use draw::{DrawError, QrMatrix, qr_matrix, qr_svg};
pub use classify::{ScanRules, Scanned, classify};
pub use first_code::{CAMERA_FRAME_LIMITS, read_camera_frame, read_picture};
pub use image::{DecodeError, DecodeLimits, LumaFrame, decode_frame, decode_image_file};
pub use payload::{
    IssueError, KeyError, KeyId, Keyring, MAX_PAYLOAD_TEXT_LEN, PickupCode, PickupCodeError, QrContent, QrKind, QrPayload,
    Refusal, Signer, Verifier,
};
pub use scan_input::MAX_SCAN_BYTES;
pub use sku::{Sku, SkuPattern, SkuPatternData};
pub use unknown::UnknownReason;
pub use variable_measure::{
    Measure, MeasuredValue, PrefixRule, RulesError, VariableMeasure, VariableMeasureRules, VariableMeasureRulesData,
};
