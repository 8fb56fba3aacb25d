//! The receipt as one self-contained HTML page for the webview's print
//! dialog: inline CSS sized for 80 mm receipt paper, the QR code as inline
//! SVG, no external resource of any kind.
//!
//! Invariant: every text is HTML-escaped (the template escapes whatever it
//! is given); the only markup not written here is the SVG that
//! `shopfloor_scan::qr_svg` draws.

use maud::{DOCTYPE, Markup, PreEscaped, html as markup};

use crate::model::Receipt;
use crate::rows::{Row, Style, rows};

const STYLE: &str = r#"
@page { size: 80mm auto; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
.receipt { width: 80mm; margin: 0 auto; padding: 4mm;
  font: 11px/1.35 "DejaVu Sans Mono", "Liberation Mono", "Courier New", monospace; }
h1 { font-size: 15px; margin: 0 0 1mm; text-align: center; overflow-wrap: anywhere; }
.center { text-align: center; margin: 0; overflow-wrap: anywhere; }
.row { display: flex; justify-content: space-between; gap: 2ch; }
.row .left { overflow-wrap: anywhere; }
.row .right { white-space: nowrap; text-align: right; }
.detail { padding-left: 2ch; font-size: 10px; }
.strong { font-weight: bold; font-size: 13px; margin: 0.5mm 0; }
hr { border: 0; border-top: 1px dashed #000; margin: 1.5mm 0; }
.qr { text-align: center; margin-top: 2mm; }
.qr svg { width: 40mm; height: auto; }
.code { font-size: 8px; text-align: center; word-break: break-all; margin: 1mm 0 0; }
@media screen { html { background: #e8e8e8; } .receipt { background: #fff; margin: 4mm auto; } }
"#;

/// The receipt as a complete HTML document.
pub fn html(receipt: &Receipt) -> String {
    let page = markup! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Receipt " (receipt.reference) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main.receipt {
                    @for row in rows(receipt) { (row_markup(&row)) }
                }
            }
        }
    };
    page.into_string()
}

fn row_markup(row: &Row) -> Markup {
    match row {
        Row::Heading(text) => markup! { h1 { (text) } },
        Row::Centered(text) => markup! { p.center { (text) } },
        Row::Rule => markup! { hr; },
        Row::Pair { left, right, style } => {
            let class = match style {
                Style::Plain => "row",
                Style::Detail => "row detail",
                Style::Strong => "row strong",
            };
            markup! {
                div class=(class) {
                    span.left { (left) }
                    @if !right.is_empty() { span.right { (right) } }
                }
            }
        }
        Row::Qr(code) => markup! {
            div.qr role="img" aria-label="Receipt QR code" {
                @if let Some(svg) = inline_svg(code) { (PreEscaped(svg)) }
            }
            p.code { (code) }
        },
    }
}

/// The QR code of `code` as an `<svg>` element to put inside HTML (the
/// standalone document's XML declaration dropped); `None` when the text is
/// too long for a QR code (the text is still printed).
fn inline_svg(code: &str) -> Option<String> {
    let svg = shopfloor_scan::qr_svg(code).ok()?;
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}
