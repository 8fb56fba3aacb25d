//! What a receipt says, in order: one list of rows that the text, the PDF
//! and the HTML each lay out their own way.
//!
//! Invariant: every amount in a row is one the [`Receipt`] was given,
//! written by `Money::display`; every text from people is cleaned of
//! control and bidirectional-override characters, so it cannot break a
//! row or forge one.

use shopfloor_domain::Money;

use crate::local_time::local_time;
use crate::model::{Receipt, ReceiptLine, Tender};

/// One row of the receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Row {
    /// The store's name, large and centred.
    Heading(String),
    Centered(String),
    /// A text on the left and an amount or value on the right (may be empty).
    Pair { left: String, right: String, style: Style },
    /// A separating line.
    Rule,
    /// The QR code of this text, then the text itself.
    Qr(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    /// Under the row before it, indented and smaller.
    Detail,
    /// The total: bold and larger.
    Strong,
}

/// The rows of `receipt`, top to bottom.
pub(crate) fn rows(receipt: &Receipt) -> Vec<Row> {
    let mut rows = header(receipt);
    rows.push(Row::Rule);
    for line in &receipt.lines {
        rows.extend(sale_line(line));
    }
    rows.push(Row::Rule);
    rows.extend(totals(receipt));
    rows.push(Row::Rule);
    rows.extend(payment(receipt));
    if let Some(loyalty) = receipt.loyalty {
        rows.push(Row::Rule);
        rows.push(pair("Points earned", loyalty.earned.to_string(), Style::Plain));
        if loyalty.redeemed != 0 {
            rows.push(pair("Points redeemed", loyalty.redeemed.to_string(), Style::Plain));
        }
        rows.push(pair("Points balance", loyalty.balance.to_string(), Style::Plain));
    }
    rows.push(Row::Rule);
    rows.push(Row::Qr(clean(&receipt.qr_text)));
    rows.push(Row::Centered(format!("Sale {}", receipt.sale_id)));
    rows
}

fn header(r: &Receipt) -> Vec<Row> {
    let mut rows = vec![
        Row::Heading(clean(&r.store.name)),
        Row::Centered(format!("{} · {}", clean(&r.store.code), clean(&r.store.city))),
        Row::Rule,
        pair("Receipt", clean(&r.reference), Style::Plain),
        pair("Date", local_time(r.completed_at, &r.time_zone), Style::Plain),
        pair("Register", clean(&r.register), Style::Plain),
        pair("Served by", clean(&r.staff), Style::Plain),
    ];
    if let Some(customer) = &r.customer {
        rows.push(pair("Customer", clean(customer), Style::Plain));
    }
    rows
}

fn sale_line(line: &ReceiptLine) -> Vec<Row> {
    let mut rows = vec![money_pair(&line.name, line.line_total, Style::Plain)];
    match &line.note {
        Some(note) => rows.push(pair(note, String::new(), Style::Detail)),
        None if line.quantity != 1 => {
            rows.push(pair(&format!("{} x {}", line.quantity, line.unit_price.display()), String::new(), Style::Detail));
        }
        None => {}
    }
    rows.extend(line.discounts.iter().map(|d| money_pair(&d.label, d.amount, Style::Detail)));
    rows
}

fn totals(r: &Receipt) -> Vec<Row> {
    let mut rows = vec![money_pair("Subtotal", r.subtotal, Style::Plain)];
    rows.extend(r.order_discounts.iter().map(|d| money_pair(&d.label, d.amount, Style::Plain)));
    if !r.prices_include_tax {
        rows.extend(r.taxes.iter().map(|t| money_pair(&t.label, t.amount, Style::Plain)));
    }
    rows.push(money_pair("TOTAL", r.total, Style::Strong));
    if r.prices_include_tax {
        rows.extend(r.taxes.iter().map(|t| money_pair(&format!("incl. {}", t.label), t.amount, Style::Detail)));
    }
    if !r.discounts_total.is_zero() {
        rows.push(money_pair("Total discounts", r.discounts_total, Style::Plain));
    }
    rows
}

fn payment(r: &Receipt) -> Vec<Row> {
    let mut rows: Vec<Row> = r.tenders.iter().flat_map(tender).collect();
    if !r.change.is_zero() {
        rows.push(money_pair("Change", r.change, Style::Plain));
    }
    rows
}

fn tender(t: &Tender) -> Vec<Row> {
    let mut rows = vec![money_pair(&t.kind, t.amount, Style::Plain)];
    if let Some(detail) = &t.detail {
        rows.push(pair(detail, String::new(), Style::Detail));
    }
    rows
}

fn money_pair(left: &str, amount: Money, style: Style) -> Row {
    pair(left, amount.display(), style)
}

fn pair(left: &str, right: String, style: Style) -> Row {
    Row::Pair { left: clean(left), right, style }
}

/// `text` with every control character (newline, tab, escape…) and every
/// bidirectional embedding, override or isolate character made a space,
/// and spaces at either end trimmed.
pub(crate) fn clean(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_control() || is_bidi_control(c) { ' ' } else { c })
        .collect();
    cleaned.trim().to_string()
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_table() {
        let table = [
            ("Anna", "Anna"),
            ("  Anna  ", "Anna"),
            ("Shirt\nTOTAL 0.00 EUR", "Shirt TOTAL 0.00 EUR"),
            ("a\tb\rc\u{1b}[2Jd", "a b c [2Jd"),
            ("evil\u{202E}gpj.exe", "evil gpj.exe"),
            ("Zoë Ørsted 山田", "Zoë Ørsted 山田"),
            ("", ""),
        ];
        for (input, want) in table {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }
}
