//! Drawing a code the device issues (a customer's loyalty card, a receipt)
//! as an SVG image a screen shows or a printer prints.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// Why a text cannot be drawn as a QR code (too long for any version).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this text is too long for a QR code: {0}")]
pub struct DrawError(String);

/// The QR code of `text` as a standalone SVG document: medium error
/// correction (survives a scuffed print or a cracked phone screen), a quiet
/// zone of four modules, black on white, at least 200 px wide.
pub fn qr_svg(text: &str) -> Result<String, DrawError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).map_err(|e| DrawError(e.to_string()))?;
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
}
