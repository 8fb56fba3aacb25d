//! The receipt's rows laid out in fixed-width columns, as a receipt
//! printer (and a monospace email) shows them: the plain text and the PDF
//! print these lines.
//!
//! Invariant: no line is wider than the width asked for, except a single
//! right-hand value wider than the whole line (never an amount); every
//! character of every row is kept, wrapped at spaces where it can be.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::rows::{Row, Style};

/// One line of the laid-out receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line {
    Text { text: String, strong: bool },
    /// Where the QR code of this text is drawn (the text follows as lines).
    Qr(String),
}

/// Columns of indent for a detail row.
const DETAIL_INDENT: usize = 2;
/// The narrowest left column beside a right-hand value; narrower, the
/// value goes on a line of its own.
const MIN_LEFT: usize = 10;

/// `rows` as lines of at most `width` columns.
pub(crate) fn lay_out(rows: &[Row], width: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    for row in rows {
        match row {
            Row::Heading(text) => lines.extend(centered(text, width, true)),
            Row::Centered(text) => lines.extend(centered(text, width, false)),
            Row::Rule => lines.push(plain("-".repeat(width), false)),
            Row::Pair { left, right, style } => lines.extend(pair(left, right, *style, width)),
            Row::Qr(code) => {
                lines.push(Line::Qr(code.clone()));
                lines.extend(break_word(code, width).into_iter().map(|l| plain(l, false)));
            }
        }
    }
    lines
}

fn plain(text: String, strong: bool) -> Line {
    Line::Text { text: text.trim_end().to_string(), strong }
}

fn centered(text: &str, width: usize, strong: bool) -> Vec<Line> {
    wrap(text, width)
        .into_iter()
        .map(|l| plain(format!("{}{l}", " ".repeat((width - l.width()) / 2)), strong))
        .collect()
}

fn pair(left: &str, right: &str, style: Style, width: usize) -> Vec<Line> {
    let strong = style == Style::Strong;
    let indent = if style == Style::Detail { DETAIL_INDENT } else { 0 };
    let room = width.saturating_sub(indent).max(1);
    let pad = " ".repeat(indent);
    let right_width = right.width();
    if right_width == 0 {
        return wrap(left, room).into_iter().map(|l| plain(format!("{pad}{l}"), strong)).collect();
    }
    if room >= right_width + 1 + MIN_LEFT {
        let mut lefts = wrap(left, room - right_width - 1).into_iter();
        let first = lefts.next().unwrap_or_default();
        let gap = " ".repeat(room - first.width() - right_width);
        let mut lines = vec![plain(format!("{pad}{first}{gap}{right}"), strong)];
        lines.extend(lefts.map(|l| plain(format!("{pad}{l}"), strong)));
        return lines;
    }
    let mut lines: Vec<Line> = wrap(left, room).into_iter().map(|l| plain(format!("{pad}{l}"), strong)).collect();
    for r in wrap(right, room) {
        lines.push(plain(format!("{pad}{}{r}", " ".repeat(room - r.width())), strong));
    }
    lines
}

/// `text` in lines of at most `width` columns, broken at spaces, and
/// inside a word only when the word alone is wider; always one line or more.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let pieces = break_word(word, width);
        for piece in pieces {
            let needed = if current.is_empty() { piece.width() } else { current.width() + 1 + piece.width() };
            if needed <= width {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&piece);
            } else {
                lines.push(std::mem::take(&mut current));
                current = piece;
            }
        }
    }
    lines.push(current);
    lines
}

/// `word` cut into pieces of at most `width` columns (a character wider
/// than `width` stands alone).
fn break_word(word: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
            used = 0;
        }
        current.push(c);
        used += w;
    }
    if !current.is_empty() || pieces.is_empty() {
        pieces.push(current);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines
            .iter()
            .map(|l| match l {
                Line::Text { text, .. } => text.as_str(),
                Line::Qr(_) => "<qr>",
            })
            .collect()
    }

    fn p(left: &str, right: &str, style: Style) -> Row {
        Row::Pair { left: left.into(), right: right.into(), style }
    }

    #[test]
    fn layout_table() {
        let table: Vec<(Row, Vec<&str>)> = vec![
            (p("Shirt", "9.99 EUR", Style::Plain), vec!["Shirt           9.99 EUR"]),
            (p("Summer sale", "-1.00 EUR", Style::Detail), vec!["  Summer sale  -1.00 EUR"]),
            (
                p("Blue linen shirt with long sleeves", "59.90 EUR", Style::Plain),
                vec!["Blue linen     59.90 EUR", "shirt with", "long sleeves"],
            ),
            (p("2 x 29.95 EUR", "", Style::Detail), vec!["  2 x 29.95 EUR"]),
            (
                p("Customer", "Maximilian von Hohenzollern", Style::Plain),
                vec!["Customer", "          Maximilian von", "            Hohenzollern"],
            ),
            (p("Supercalifragilisticexpialidocious", "1 EUR", Style::Plain), vec!["Supercalifragilist 1 EUR", "icexpialidocious"]),
            (Row::Centered("Berlin".into()), vec!["         Berlin"]),
            (Row::Rule, vec!["------------------------"]),
            (Row::Qr("SF1.ABCDEFGHIJKLMNOPQRSTUVWXYZ".into()), vec!["<qr>", "SF1.ABCDEFGHIJKLMNOPQRST", "UVWXYZ"]),
            (p("山田太郎山田太郎山田", "1 EUR", Style::Plain), vec!["山田太郎山田太郎山 1 EUR", "田"]),
        ];
        for (row, want) in table {
            let lines = lay_out(std::slice::from_ref(&row), 24);
            assert_eq!(texts(&lines), want, "{row:?}");
            for line in &lines {
                if let Line::Text { text, .. } = line {
                    assert!(text.width() <= 24, "{text:?} is wider than 24 columns");
                }
            }
        }
    }

    #[test]
    fn only_the_total_is_strong() {
        let lines = lay_out(&[p("TOTAL", "1.00 EUR", Style::Strong), p("Change", "0.50 EUR", Style::Plain)], 24);
        let strong: Vec<bool> = lines
            .iter()
            .map(|l| matches!(l, Line::Text { strong: true, .. }))
            .collect();
        assert_eq!(strong, [true, false]);
    }
}
