//! Text in the PDF's built-in fonts, which read single bytes in the
//! WinAnsi encoding (Windows code page 1252): Latin scripts, the euro sign,
//! typographic quotes and the bullet of a masked card number.
//!
//! Invariant: each character becomes as many bytes as the columns it takes
//! in the fixed-width layout, so the PDF's columns line up like the text's;
//! a character WinAnsi lacks becomes `?` (twice for a wide one).

use unicode_normalization::UnicodeNormalization;
use unicode_width::UnicodeWidthChar;

/// Characters WinAnsi places in 0x80..=0x9F; Latin-1 covers the rest.
const HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// `text` (composed first, so `e` + combining acute is `é`) as WinAnsi bytes.
pub(crate) fn encode(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.nfc() {
        match byte(c) {
            Some(b) => bytes.push(b),
            None => bytes.extend(std::iter::repeat_n(b'?', c.width().unwrap_or(0))),
        }
    }
    bytes
}

fn byte(c: char) -> Option<u8> {
    match u32::from(c) {
        0x20..=0x7E | 0xA0..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => HIGH.iter().find(|(h, _)| *h == c).map(|(_, b)| *b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_table() {
        let table: &[(&str, &[u8])] = &[
            ("TOTAL 9.99 EUR", b"TOTAL 9.99 EUR"),
            ("Zoë", b"Zo\xEB"),
            ("Zoe\u{308}", b"Zo\xEB"),
            ("Visa •••• 4242", b"Visa \x95\x95\x95\x95 4242"),
            ("12 €", b"12 \x80"),
            ("Škoda – “x”", b"\x8Akoda \x96 \x93x\x94"),
            ("山田 A", b"???? A"),
            ("Ω", b"?"),
            ("", b""),
        ];
        for (text, want) in table {
            assert_eq!(encode(text), *want, "{text:?}");
        }
    }
}
