//! Why a scan is not a code: reasons a cashier can act on.

use crate::payload::MAX_PAYLOAD_TEXT_LEN;

/// Why scanned text is none of the codes the scan box knows. The message
/// (`Display`) is written for the person at the device.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
pub enum UnknownReason {
    #[error("Nothing was scanned. Scan the code again, or type the digits under the barcode and press Enter.")]
    Empty,
    #[error("That scan is {bytes} bytes long, far longer than any code. Scan again, one code at a time.")]
    TooLong { bytes: usize },
    #[error("The scan has stray control characters inside it. Scan again; if it keeps happening, check the scanner's settings.")]
    ControlCharacters,
    #[error("Only {digits} digits: too short to be a barcode (8 to 14 digits). Scan again, or type all the digits under the barcode.")]
    TooShort { digits: usize },
    #[error("{digits} digits is not a barcode length (8, 12, 13 or 14). A digit is missing or extra: scan again, or type the digits under the barcode.")]
    WrongLength { digits: usize },
    #[error("The check digit is wrong (a misread or mistyped digit). Rescan, or type the digits again.")]
    BadCheckDigit,
    #[error("The price check digit on this label is wrong (a misread or damaged label). Rescan; if it fails again, weigh or price the item by hand.")]
    BadPriceCheckDigit,
    #[error("This GS1 code has no product number (application identifier 01). Scan the item's other barcode.")]
    Gs1WithoutGtin,
    #[error("Not a barcode, SKU or Shopfloor code this device knows. Check what was scanned, or search for the item by name.")]
    NotRecognised,
}

// Keeps the messages honest: the scan limit is above any payload.
const _: () = assert!(crate::scan_input::MAX_SCAN_BYTES > MAX_PAYLOAD_TEXT_LEN);
