//! Folding text for search: "Søren Müller" and "soren muller" match.
//! Canonical decomposition drops combining marks (é → e, ü → u); letters
//! that are not composed with a mark (ø, ł, ß, æ…) get their usual Latin
//! transliteration. Both the index and the typed query go through [`fold`].

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_table() {
        let table = [
            ("Søren Müller", "soren muller"),
            ("José Núñez", "jose nunez"),
            ("Łukasz Straße", "lukasz strasse"),
            ("Zoë ÆBLE", "zoe aeble"),
            ("", ""),
            ("12-34", "12-34"),
        ];
        for (text, want) in table {
            assert_eq!(fold(text), want, "{text:?}");
        }
    }
}
