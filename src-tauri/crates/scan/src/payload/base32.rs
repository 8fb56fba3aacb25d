//! RFC 4648 base32 without padding, the text form of a Shopfloor QR payload.
//!
//! Base32 uses only `A–Z` and `2–7`, all in the QR code's alphanumeric mode
//! (5.5 bits a character instead of 8 in byte mode), so a payload makes a
//! smaller QR than base64 would. Decoding ignores letter case, so a USB
//! scanner typing with Caps Lock on still reads the same bytes; it is strict
//! otherwise: any other character, an impossible length or non-zero unused
//! bits in the last character make it fail, so every distinct text decodes to
//! distinct bytes (up to letter case).

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes `bytes` as upper-case base32 without padding.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity((bytes.len() * 8).div_ceil(5));
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

fn value_of(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a')),
        b'2'..=b'7' => Some(u32::from(c - b'2') + 26),
        _ => None,
    }
}

/// Decodes unpadded base32 (either letter case); `None` if it is not exactly
/// the encoding of some bytes.
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    // 8 characters carry 5 bytes; a tail of 1, 3 or 6 characters cannot end a
    // whole number of bytes.
    if matches!(text.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &c in text {
        buffer = (buffer << 5) | value_of(c)?;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    // The unused low bits of the last character must be zero.
    if buffer != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors_without_padding() {
        let table = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in table {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(decode(encoded).as_deref(), Some(plain.as_bytes()));
            assert_eq!(decode(&encoded.to_lowercase()).as_deref(), Some(plain.as_bytes()));
        }
    }

    #[test]
    fn refuses_what_no_bytes_encode_to() {
        // Non-zero unused bits: "MZ" would be "f" plus stray bits.
        assert_eq!(decode("MZ"), None);
        // Impossible lengths.
        assert_eq!(decode("M"), None);
        assert_eq!(decode("MZX"), None);
        assert_eq!(decode("MZXW6Y"), None);
        // Characters outside the alphabet.
        assert_eq!(decode("MZXW6=="), None);
        assert_eq!(decode("MZ0Q"), None);
        assert_eq!(decode("MZ1Q"), None);
        assert_eq!(decode("MZ8Q"), None);
        assert_eq!(decode("MZ Q"), None);
        assert_eq!(decode("MZXé"), None);
    }

    #[test]
    fn every_byte_string_round_trips() {
        let mut bytes = Vec::new();
        for n in 0..300u32 {
            assert_eq!(decode(&encode(&bytes)).as_deref(), Some(&bytes[..]), "{n}");
            bytes.push((n.wrapping_mul(167) ^ (n >> 3)) as u8);
        }
    }
}
