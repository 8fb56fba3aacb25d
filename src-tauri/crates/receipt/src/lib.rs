//! The receipt of a completed sale, three ways: printable HTML for the
//! webview's print dialog ([`html`]), a PDF ([`pdf`]) and email-ready plain
//! text ([`text`]), each with the receipt's signed QR code, from one plain
//! [`Receipt`] the register fills from the sale.
//!
//! Invariants:
//! - A receipt shows exactly the amounts it is given; it never computes
//!   money (no sums, no tax, no change). What it shows, and in which order,
//!   is decided once (module `rows`), so the three forms never disagree.
//! - Every text from people (store, staff, customer, product names) is
//!   shown as text: HTML-escaped in the HTML, a literal string in the PDF,
//!   and with control characters blanked everywhere, so a name can neither
//!   inject markup nor forge a line of the receipt.
//! - Nothing here panics or fails on any receipt: a QR text too long for a
//!   QR code leaves the code's text printed without its picture, and an
//!   unknown time zone shows the time in UTC, saying so.

mod columns;
mod html;
mod local_time;
mod model;
mod pdf;
mod rows;
mod text;
mod win_ansi;

pub use html::html;
pub use model::{Discount, Loyalty, Receipt, ReceiptLine, StoreHeader, TaxLine, Tender};
pub use pdf::pdf;
pub use text::{TEXT_WIDTH, text};
