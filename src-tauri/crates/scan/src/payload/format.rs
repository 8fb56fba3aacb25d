//! The text and byte layout of a Shopfloor QR payload, version 1.
//!
//! Text: `SF1.` followed by the payload bytes in base32 (RFC 4648 alphabet,
//! no padding; letter case ignored when reading). Every character is in the QR
//! alphanumeric set, so the hub's QR encoder can use the compact
//! alphanumeric mode. `SF` names Shopfloor, the digits before the dot are the
//! format version; a version this build does not know is refused as such.
//! Ignoring case lets a scanner typing with Caps Lock on still be read.
//!
//! Bytes (all integers big-endian):
//!
//! | offset | size | field |
//! |-------:|-----:|-------|
//! | 0 | 1 | kind: 1 loyalty card, 2 receipt, 3 pickup, 4 cart hand-off, 5 store credit / gift card |
//! | 1 | 2 | key id of the signing key |
//! | 3 | 16 | retailer id (UUID) |
//! | 19 | 4 | issued at: seconds since 2024-01-01T00:00:00Z |
//! | 23 | 4 | expires at: seconds since the same epoch; 0 = never |
//! | 27 | n | content, by kind (below) |
//! | 27+n | 64 | Ed25519 signature |
//!
//! Content: loyalty card: account id (16); receipt: order id (16); pickup:
//! pickup id (16), code length (1, 4–8), code (ASCII `0–9A–Z`); cart
//! hand-off: cart id (16), associate id (16); store credit / gift card: card
//! id (16).
//!
//! The signature covers [`SIGNATURE_CONTEXT`] followed by bytes `0..27+n`, so
//! the version is signed too and no other Ed25519 use of the same key can be
//! replayed as a payload. A loyalty card is 107 bytes, 176 characters: a
//! version 7 QR code (45×45 modules) at error correction M; the longest
//! payload, a cart hand-off (201 characters), is version 8 (49×49).

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

use super::base32;
use super::content::{PickupCode, QrContent, QrKind};
use super::keys::KeyId;
use super::verify::Refusal;

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// What every version-1 payload text starts with (any letter case).
pub const TEXT_PREFIX: &str = "SF1.";

/// Longest payload text read; longer text is refused unread. The longest
/// version-1 payload (a cart hand-off) is 201 characters.
pub const MAX_PAYLOAD_TEXT_LEN: usize = 256;

/// Signed before the payload bytes (domain separation).
pub const SIGNATURE_CONTEXT: &[u8] = b"Shopfloor QR payload v1\n";

/// Unix time of 2024-01-01T00:00:00Z, the epoch of payload times.
const EPOCH_UNIX: i64 = 1_704_067_200;
const HEADER_LEN: usize = 27;
const SIGNATURE_LEN: usize = 64;
const ID_LEN: usize = 16;

/// The fields every payload carries besides its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub key_id: KeyId,
    pub retailer_id: Uuid,
    pub issued_at: u32,
    /// 0: never.
    pub expires_at: u32,
}

/// A payload text split into its parts, not yet verified.
pub(crate) struct Unverified {
    pub header: Header,
    pub content: QrContent,
    /// The bytes the signature covers (without the context).
    pub signed: Vec<u8>,
    pub signature: [u8; SIGNATURE_LEN],
}

/// Seconds since the payload epoch, if `t` is within what 32 bits hold
/// (2024 to 2160). Sub-second parts are dropped.
pub(crate) fn to_wire_time(t: DateTime<Utc>) -> Option<u32> {
    u32::try_from(t.timestamp().checked_sub(EPOCH_UNIX)?).ok()
}

pub(crate) fn from_wire_time(secs: u32) -> DateTime<Utc> {
    // Every u32 is a valid offset from the epoch.
    Utc.timestamp_opt(EPOCH_UNIX + i64::from(secs), 0).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The bytes a signature covers: header and content.
pub(crate) fn signed_bytes(header: &Header, content: &QrContent) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + 2 * ID_LEN + SIGNATURE_LEN);
    out.push(content.kind() as u8);
    out.extend_from_slice(&header.key_id.0.to_be_bytes());
    out.extend_from_slice(header.retailer_id.as_bytes());
    out.extend_from_slice(&header.issued_at.to_be_bytes());
    out.extend_from_slice(&header.expires_at.to_be_bytes());
    match content {
        QrContent::LoyaltyCard { account_id } => out.extend_from_slice(account_id.as_bytes()),
        QrContent::Receipt { order_id } => out.extend_from_slice(order_id.as_bytes()),
        QrContent::Pickup { pickup_id, code } => {
            out.extend_from_slice(pickup_id.as_bytes());
            out.push(code.as_str().len() as u8);
            out.extend_from_slice(code.as_str().as_bytes());
        }
        QrContent::CartHandoff { cart_id, associate_id } => {
            out.extend_from_slice(cart_id.as_bytes());
            out.extend_from_slice(associate_id.as_bytes());
        }
        QrContent::StoredValueCard { card_id } => out.extend_from_slice(card_id.as_bytes()),
    }
    out
}

/// The message Ed25519 signs for these signed bytes.
pub(crate) fn message(signed: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(SIGNATURE_CONTEXT.len() + signed.len());
    m.extend_from_slice(SIGNATURE_CONTEXT);
    m.extend_from_slice(signed);
    m
}

pub(crate) fn to_text(signed: &[u8], signature: &[u8; SIGNATURE_LEN]) -> String {
    let mut bytes = Vec::with_capacity(signed.len() + SIGNATURE_LEN);
    bytes.extend_from_slice(signed);
    bytes.extend_from_slice(signature);
    let mut text = String::from(TEXT_PREFIX);
    text.push_str(&base32::encode(&bytes));
    text
}

/// Whether `text` claims to be a Shopfloor payload of some version: `SF`,
/// then a digit (any letter case). The scan box routes such text to the
/// verifier, so a damaged payload is refused as one rather than called an
/// unknown barcode.
pub fn looks_like_payload(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3 && b[..2].eq_ignore_ascii_case(b"SF") && b[2].is_ascii_digit()
}

/// Splits a payload text into its parts. Work is bounded by
/// [`MAX_PAYLOAD_TEXT_LEN`] whatever the input.
pub(crate) fn parse(text: &str) -> Result<Unverified, Refusal> {
    if text.len() > MAX_PAYLOAD_TEXT_LEN {
        return Err(Refusal::Malformed("far longer than any Shopfloor code"));
    }
    let rest = match text.get(..2) {
        Some(sf) if sf.eq_ignore_ascii_case("SF") => &text[2..],
        _ => return Err(Refusal::Malformed("it does not start with SF")),
    };
    let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || digits > 4 {
        return Err(Refusal::Malformed("no format version after SF"));
    }
    let version: u32 = rest[..digits].parse().map_err(|_| Refusal::Malformed("no format version after SF"))?;
    let rest = &rest[digits..];
    let Some(body) = rest.strip_prefix('.') else {
        return Err(Refusal::Malformed("no dot after the format version"));
    };
    if version != FORMAT_VERSION {
        return Err(Refusal::UnknownVersion(version));
    }
    let bytes = base32::decode(body).ok_or(Refusal::Malformed("characters are missing or damaged"))?;
    if bytes.len() < HEADER_LEN + SIGNATURE_LEN {
        return Err(Refusal::Malformed("too short"));
    }
    let (signed, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let kind = QrKind::from_byte(signed[0]).ok_or(Refusal::UnknownKind(signed[0]))?;
    let header = Header {
        key_id: KeyId(u16::from_be_bytes([signed[1], signed[2]])),
        retailer_id: Uuid::from_bytes(id_at(signed, 3)),
        issued_at: u32::from_be_bytes([signed[19], signed[20], signed[21], signed[22]]),
        expires_at: u32::from_be_bytes([signed[23], signed[24], signed[25], signed[26]]),
    };
    if header.expires_at != 0 && header.expires_at <= header.issued_at {
        return Err(Refusal::Malformed("it expires before it was issued"));
    }
    let body = &signed[HEADER_LEN..];
    let exact = |n: usize| if body.len() == n { Ok(()) } else { Err(Refusal::Malformed("its length does not fit its kind")) };
    let content = match kind {
        QrKind::LoyaltyCard => {
            exact(ID_LEN)?;
            QrContent::LoyaltyCard { account_id: Uuid::from_bytes(id_at(body, 0)) }
        }
        QrKind::Receipt => {
            exact(ID_LEN)?;
            QrContent::Receipt { order_id: Uuid::from_bytes(id_at(body, 0)) }
        }
        QrKind::Pickup => {
            let code_len = body.get(ID_LEN).copied().unwrap_or(0) as usize;
            exact(ID_LEN + 1 + code_len)?;
            let code = std::str::from_utf8(&body[ID_LEN + 1..])
                .ok()
                .and_then(|c| PickupCode::parse(c).ok())
                .filter(|c| c.as_str().as_bytes() == &body[ID_LEN + 1..])
                .ok_or(Refusal::Malformed("its pickup code is not 4 to 8 digits or capital letters"))?;
            QrContent::Pickup { pickup_id: Uuid::from_bytes(id_at(body, 0)), code }
        }
        QrKind::CartHandoff => {
            exact(2 * ID_LEN)?;
            QrContent::CartHandoff {
                cart_id: Uuid::from_bytes(id_at(body, 0)),
                associate_id: Uuid::from_bytes(id_at(body, ID_LEN)),
            }
        }
        QrKind::StoredValueCard => {
            exact(ID_LEN)?;
            QrContent::StoredValueCard { card_id: Uuid::from_bytes(id_at(body, 0)) }
        }
    };
    let mut sig = [0u8; SIGNATURE_LEN];
    sig.copy_from_slice(signature);
    Ok(Unverified { header, content, signed: signed.to_vec(), signature: sig })
}

/// The 16 bytes at `at`; callers have checked the length.
fn id_at(bytes: &[u8], at: usize) -> [u8; ID_LEN] {
    let mut id = [0u8; ID_LEN];
    if let Some(src) = bytes.get(at..at + ID_LEN) {
        id.copy_from_slice(src);
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_times_cover_2024_to_2160_and_nothing_else() {
        let epoch = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(to_wire_time(epoch), Some(0));
        assert_eq!(from_wire_time(0), epoch);
        assert_eq!(to_wire_time(epoch - chrono::Duration::seconds(1)), None);
        let last = from_wire_time(u32::MAX);
        assert_eq!(last.format("%Y").to_string(), "2160");
        assert_eq!(to_wire_time(last), Some(u32::MAX));
        assert_eq!(to_wire_time(last + chrono::Duration::seconds(1)), None);
        assert_eq!(to_wire_time(DateTime::<Utc>::MIN_UTC), None);
        assert_eq!(to_wire_time(DateTime::<Utc>::MAX_UTC), None);
    }

    #[test]
    fn recognises_the_prefix_of_any_version_and_case() {
        for t in ["SF1.ABC", "sf1.abc", "Sf2.X", "SF12.X", "SF1"] {
            assert!(looks_like_payload(t), "{t}");
        }
        for t in ["SF", "SFX.1", "SKU-1", "4006381333931", "", "ＳＦ1"] {
            assert!(!looks_like_payload(t), "{t}");
        }
    }
}
