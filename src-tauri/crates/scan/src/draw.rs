//! Drawing a code the device issues (a customer's loyalty card, a receipt)
//! as an SVG image a screen shows or a printer prints, or as a matrix of
//! modules for a renderer of its own (a receipt's PDF).
//!
//! Invariant: every drawing of a text is the same QR code (one error
//! correction level, chosen here).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Why a text cannot be drawn as a QR code (too long for any version).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this text is too long for a QR code: {0}")]
pub struct DrawError(String);

/// The QR code of `text`: medium error correction (survives a scuffed
/// print or a cracked phone screen).
fn qr_code(text: &str) -> Result<QrCode, DrawError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| DrawError(e.to_string()))
}

/// The modules of a QR code, without its quiet zone: `width` × `width`,
/// row by row from the top left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Modules per side (the quiet zone of four modules a reader needs
    /// around the code is not counted).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module in column `x`, row `y` is dark; outside the code,
    /// false.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }
}

/// The QR code of `text` (the same code [`qr_svg`] draws) as a matrix of
/// modules.
pub fn qr_matrix(text: &str) -> Result<QrMatrix, DrawError> {
    let code = qr_code(text)?;
    let dark = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
    Ok(QrMatrix { width: code.width(), dark })
}

/// The QR code of `text` as a standalone SVG document: medium error
/// correction (survives a scuffed print or a cracked phone screen), a quiet
/// zone of four modules, black on white, at least 200 px wide.
pub fn qr_svg(text: &str) -> Result<String, DrawError> {
    let code = qr_code(text)?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_and_refuses_what_no_qr_code_holds() {
        let svg = qr_svg("SF1.ABCDEFGH").unwrap();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("#000000"), "{svg}");
        assert!(qr_svg(&"x".repeat(5_000)).is_err());
    }

    #[test]
    fn the_matrix_is_the_code_the_svg_draws() {
        let m = qr_matrix("SF1.ABCDEFGH").unwrap();
        assert_eq!(m.width(), 21, "a short text fits version 1");
        // The finder pattern's corner modules are dark, the module past the
        // edge is not.
        assert!(m.is_dark(0, 0) && m.is_dark(20, 0) && m.is_dark(0, 20));
        assert!(!m.is_dark(21, 0) && !m.is_dark(0, 21));
        let svg = qr_svg("SF1.ABCDEFGH").unwrap();
        let dark = (0..21).flat_map(|y| (0..21).map(move |x| (x, y))).filter(|&(x, y)| m.is_dark(x, y)).count();
        assert_eq!(svg.matches('M').count(), dark, "one path square per dark module");
        assert!(qr_matrix(&"x".repeat(5_000)).is_err());
    }
}
