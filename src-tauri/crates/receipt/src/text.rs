//! The receipt as email-ready plain text: fixed-width columns (read in a
//! monospace font), the receipt code the QR carries written out, no markup.

use crate::columns::{Line, lay_out};
use crate::model::Receipt;
use crate::rows::rows;

/// Columns of the plain-text receipt (and of the PDF's lines): what an
/// 80 mm receipt printer prints in its standard font.
pub const TEXT_WIDTH: usize = 42;

/// The receipt as plain text, lines of at most [`TEXT_WIDTH`] columns
/// ending in `\n`.
pub fn text(receipt: &Receipt) -> String {
    let mut out = String::new();
    for line in lay_out(&rows(receipt), TEXT_WIDTH) {
        match line {
            Line::Text { text, .. } => {
                out.push_str(&text);
                out.push('\n');
            }
            Line::Qr(_) => out.push_str("Receipt code, for returns:\n"),
        }
    }
    out
}
