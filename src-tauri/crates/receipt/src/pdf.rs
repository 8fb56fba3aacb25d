//! The receipt as a PDF: one page as wide as 80 mm receipt paper and as
//! long as the receipt, the same fixed-width lines as the plain text in the
//! built-in Courier fonts (nothing embedded), and the QR code drawn as
//! filled squares from its module matrix.
//!
//! Invariant: the PDF prints the laid-out lines and nothing else; its
//! content is left uncompressed, so what it says can be checked in its
//! bytes.

use chrono::{Datelike, Timelike};
use pdf_writer::{Content, Date, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use shopfloor_scan::{QrMatrix, qr_matrix};

use crate::columns::{Line, lay_out};
use crate::model::Receipt;
use crate::rows::rows;
use crate::text::TEXT_WIDTH;
use crate::win_ansi;

/// 80 mm in points.
const PAGE_WIDTH: f32 = 226.77;
const FONT_SIZE: f32 = 8.0;
/// Courier's advance is 600/1000 of the font size.
const CHAR_WIDTH: f32 = FONT_SIZE * 0.6;
const LEADING: f32 = 10.0;
/// From a line's bottom to its baseline (room for descenders).
const BASELINE_RISE: f32 = 2.5;
const MARGIN: f32 = 14.0;
/// The QR code's side with its quiet zone: 40 mm.
const QR_SIDE: f32 = 113.39;
/// Space above and below the QR code.
const QR_GAP: f32 = 3.0;
/// Modules of quiet zone on each side of a QR code.
const QUIET_ZONE: usize = 4;

const CATALOG: Ref = Ref::new(1);
const PAGES: Ref = Ref::new(2);
const PAGE: Ref = Ref::new(3);
const REGULAR: Ref = Ref::new(4);
const BOLD: Ref = Ref::new(5);
const CONTENT: Ref = Ref::new(6);
const INFO: Ref = Ref::new(7);
const REGULAR_NAME: Name<'static> = Name(b"F1");
const BOLD_NAME: Name<'static> = Name(b"F2");

/// The receipt as the bytes of a PDF file.
pub fn pdf(receipt: &Receipt) -> Vec<u8> {
    let blocks: Vec<Block> = lay_out(&rows(receipt), TEXT_WIDTH).into_iter().map(Block::from).collect();
    let height = MARGIN * 2.0 + blocks.iter().map(Block::height).sum::<f32>();
    let content = draw(&blocks, height);

    let mut pdf = Pdf::new();
    pdf.catalog(CATALOG).pages(PAGES);
    pdf.pages(PAGES).kids([PAGE]).count(1);
    let mut page = pdf.page(PAGE);
    page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, height));
    page.parent(PAGES);
    page.contents(CONTENT);
    page.resources().fonts().pair(REGULAR_NAME, REGULAR).pair(BOLD_NAME, BOLD);
    page.finish();
    pdf.type1_font(REGULAR).base_font(Name(b"Courier")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(BOLD).base_font(Name(b"Courier-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.stream(CONTENT, &content);
    let title = format!("Receipt {}", crate::rows::clean(&receipt.reference));
    let at = receipt.completed_at;
    let date = Date::new(u16::try_from(at.year()).unwrap_or(0))
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second().min(59) as u8)
        .utc_offset_hour(0);
    pdf.document_info(INFO).title(TextStr(&title)).creator(TextStr("Shopfloor")).creation_date(date);
    pdf.finish()
}

/// A laid-out line, with the QR code's matrix made ready.
enum Block {
    Text { bytes: Vec<u8>, strong: bool },
    /// `None` when the text is too long for a QR code: nothing is drawn.
    Qr(Option<QrMatrix>),
}

impl From<Line> for Block {
    fn from(line: Line) -> Self {
        match line {
            Line::Text { text, strong } => Block::Text { bytes: win_ansi::encode(&text), strong },
            Line::Qr(code) => Block::Qr(qr_matrix(&code).ok()),
        }
    }
}

impl Block {
    fn height(&self) -> f32 {
        match self {
            Block::Text { .. } => LEADING,
            Block::Qr(Some(_)) => QR_SIDE + 2.0 * QR_GAP,
            Block::Qr(None) => 0.0,
        }
    }
}

/// The page's content stream: the blocks top to bottom on a page `height` tall.
fn draw(blocks: &[Block], height: f32) -> Vec<u8> {
    let mut content = Content::new();
    let left = (PAGE_WIDTH - TEXT_WIDTH as f32 * CHAR_WIDTH) / 2.0;
    let mut top = height - MARGIN;
    for block in blocks {
        match block {
            Block::Text { bytes, strong } => {
                let font = if *strong { BOLD_NAME } else { REGULAR_NAME };
                content.begin_text();
                content.set_font(font, FONT_SIZE);
                content.set_text_matrix([1.0, 0.0, 0.0, 1.0, left, top - LEADING + BASELINE_RISE]);
                content.show(Str(bytes));
                content.end_text();
            }
            Block::Qr(Some(matrix)) => draw_qr(&mut content, matrix, top - QR_GAP),
            Block::Qr(None) => {}
        }
        top -= block.height();
    }
    content.finish().to_vec()
}

/// `matrix` as black squares, centred, its quiet zone's top edge at `top`;
/// each run of dark modules in a row is one rectangle.
fn draw_qr(content: &mut Content, matrix: &QrMatrix, top: f32) {
    let n = matrix.width();
    let module = QR_SIDE / (n + 2 * QUIET_ZONE) as f32;
    let x0 = (PAGE_WIDTH - QR_SIDE) / 2.0 + QUIET_ZONE as f32 * module;
    let y0 = top - QUIET_ZONE as f32 * module;
    content.set_fill_gray(0.0);
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if !matrix.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && matrix.is_dark(x, y) {
                x += 1;
            }
            let bottom = y0 - (y + 1) as f32 * module;
            content.rect(x0 + start as f32 * module, bottom, (x - start) as f32 * module, module);
        }
    }
    content.fill_nonzero();
}
