//! The PDF receipt: a well-formed file whose text lines are the plain
//! text's, with the total in bold and a QR code, drawn as squares, that
//! reads back as exactly the receipt's code.

mod support;

use shopfloor_receipt::{pdf, text};
use support::{QR_TEXT, decode_qr, paint, receipt};

/// Points to pixels when drawing the page for rqrr.
const SCALE: f32 = 4.0;

/// Checks the file's frame: header, cross-reference table (each object's
/// offset lands on that object), trailer, end marker.
fn assert_well_formed(file: &[u8]) {
    assert!(file.starts_with(b"%PDF-"), "header");
    assert!(file.trim_ascii_end().ends_with(b"%%EOF"), "end marker");
    let at = |offset: usize| String::from_utf8_lossy(&file[offset..(offset + 40).min(file.len())]).into_owned();
    let startxref = file.windows(9).rposition(|w| w == b"startxref").expect("startxref");
    let start: usize = at(startxref + 9).split_whitespace().next().unwrap().parse().unwrap();
    assert!(at(start).starts_with("xref\n0 "), "startxref points at the table: {:?}", at(start));
    let table = String::from_utf8_lossy(&file[start..]).into_owned();
    let count: usize = table.lines().nth(1).unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    assert!(count >= 8, "catalog, pages, page, two fonts, content, info");
    for (i, entry) in table.lines().skip(3).take(count - 1).enumerate() {
        assert!(entry.trim_end().ends_with(" n"), "{entry:?}");
        let offset: usize = entry[..10].parse().unwrap();
        assert!(at(offset).starts_with(&format!("{} 0 obj", i + 1)), "object {} at {offset}: {:?}", i + 1, at(offset));
    }
    assert!(table.contains("trailer") && table.contains("/Root 1 0 R") && table.contains("/Info 7 0 R"));
}

/// The text lines the page shows, top to bottom, each with whether it is
/// set in the bold font; strings decoded from WinAnsi.
fn shown_lines(file: &[u8]) -> Vec<(String, bool)> {
    let mut bold = false;
    let mut lines = Vec::new();
    for op in file.split(|b| *b == b'\n') {
        if op.ends_with(b" Tf") {
            bold = op.starts_with(b"/F2");
        }
        if let Some(operand) = op.strip_suffix(b" Tj") {
            lines.push((win_ansi(&string_operand(operand)), bold));
        }
    }
    lines
}

/// A literal `(…)` or hexadecimal `<…>` string's bytes.
fn string_operand(operand: &[u8]) -> Vec<u8> {
    if let Some(hex) = operand.strip_prefix(b"<").and_then(|h| h.strip_suffix(b">")) {
        let hex = std::str::from_utf8(hex).unwrap();
        return (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    }
    let inner = operand.strip_prefix(b"(").and_then(|l| l.strip_suffix(b")")).expect("a string operand");
    let mut bytes = Vec::new();
    let mut escaped = false;
    for &b in inner {
        match (escaped, b) {
            (false, b'\\') => escaped = true,
            (true, b'n') => (bytes.push(b'\n'), escaped = false).1,
            (true, b'r') => (bytes.push(b'\r'), escaped = false).1,
            (true, b't') => (bytes.push(b'\t'), escaped = false).1,
            (_, b) => (bytes.push(b), escaped = false).1,
        }
    }
    bytes
}

/// WinAnsi bytes as text: Latin-1, with the few high characters the
/// fixture uses.
fn win_ansi(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80 => '€',
            0x95 => '•',
            b => char::from(b),
        })
        .collect()
}

/// The page drawn as pixels: only its filled rectangles (`x y w h re`).
fn rasterize(file: &[u8]) -> image::GrayImage {
    let body = String::from_utf8_lossy(file);
    let media = body.split("/MediaBox [").nth(1).unwrap();
    let media: Vec<f32> = media[..media.find(']').unwrap()].split_whitespace().map(|n| n.parse().unwrap()).collect();
    let (width, height) = (media[2], media[3]);
    let rects: Vec<(f32, f32, f32, f32)> = body
        .lines()
        .filter_map(|l| l.strip_suffix(" re"))
        .map(|r| {
            let n: Vec<f32> = r.split(' ').map(|x| x.parse().unwrap()).collect();
            (n[0] * SCALE, (height - n[1] - n[3]) * SCALE, n[2] * SCALE, n[3] * SCALE)
        })
        .collect();
    assert!(rects.len() > 50, "the QR code's squares: {}", rects.len());
    paint((width * SCALE) as u32, (height * SCALE) as u32, &rects)
}

#[test]
fn the_file_is_a_well_formed_pdf_one_receipt_wide() {
    let file = pdf(&receipt());
    assert_well_formed(&file);
    let body = String::from_utf8_lossy(&file);
    assert!(body.contains("/MediaBox [0 0 226.77 "), "80 mm wide");
    assert!(body.contains("/BaseFont /Courier") && body.contains("/BaseFont /Courier-Bold"));
    assert!(body.contains("/Encoding /WinAnsiEncoding"));
    assert!(body.contains("/Title (Receipt R-20260301-0042)"));
    assert!(!body.contains("/Filter"), "content left uncompressed");
}

#[test]
fn the_pdf_shows_the_plain_texts_lines_and_the_total_in_bold() {
    let r = receipt();
    let lines = shown_lines(&pdf(&r));
    let expected: Vec<String> = text(&r).lines().filter(|l| *l != "Receipt code, for returns:").map(String::from).collect();
    let shown: Vec<&String> = lines.iter().map(|(l, _)| l).collect();
    assert_eq!(shown, expected.iter().collect::<Vec<_>>());
    let bold: Vec<&str> = lines.iter().filter(|(_, b)| *b).map(|(l, _)| l.trim()).collect();
    assert_eq!(bold, ["Shopfloor Berlin Mitte", "TOTAL                            94.09 EUR"]);
    assert!(String::from_utf8_lossy(&pdf(&r)).contains("(TOTAL                            94.09 EUR) Tj"));
}

#[test]
fn names_with_string_delimiters_are_shown_as_typed() {
    let mut r = receipt();
    r.lines[2].name = "Socks (2) pair) \\ (odd".into();
    r.staff = "Zoë Ørsted 山田".into();
    let file = pdf(&r);
    assert_well_formed(&file);
    let shown: Vec<String> = shown_lines(&file).into_iter().map(|(l, _)| l).collect();
    assert!(shown.contains(&"Socks (2) pair) \\ (odd            7.99 EUR".to_string()), "{shown:#?}");
    assert!(shown.contains(&"Served by                  Zoë Ørsted ????".to_string()), "{shown:#?}");
}

#[test]
fn the_qr_code_reads_back_as_exactly_the_receipt_code() {
    assert_eq!(decode_qr(rasterize(&pdf(&receipt()))), vec![QR_TEXT.to_string()]);
}

#[test]
fn a_code_too_long_for_a_qr_code_leaves_its_text_and_no_squares() {
    let mut r = receipt();
    r.qr_text = "X".repeat(5_000);
    let file = pdf(&r);
    assert_well_formed(&file);
    let body = String::from_utf8_lossy(&file);
    assert!(!body.lines().any(|l| l.ends_with(" re")));
    assert_eq!(shown_lines(&file).iter().filter(|(l, _)| l == &"X".repeat(42)).count(), 5_000 / 42);
}
