//! This device's completed sales read back from the journal: for the
//! receipt, reprinted or sent as a PDF.
//!
//! Invariant: reads only; a sale reads back exactly as it was journalled.

use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::Currency;

use crate::error::{Result, StoreError};
use crate::journal::{Sale, SaleLine, SaleLoyalty, Tender, TenderKind};
use crate::time;

/// The sale `id` as journalled here, or `None`.
pub fn sale(conn: &Connection, id: &str) -> Result<Option<Sale>> {
    let head = conn
        .prepare_cached(
            "SELECT store_id, customer_id, completed_at, total_minor, currency, online_cart_id, staff_id, discount_minor, tax_minor,
                    change_minor, prices_include_tax
             FROM sales WHERE id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                (r.get::<_, i64>(7)?, r.get::<_, i64>(8)?, r.get::<_, i64>(9)?, r.get::<_, bool>(10)?),
            ))
        })
        .optional()?;
    let Some((store_id, customer_id, completed_at, total_minor, currency, online_cart_id, staff_id, (discount, tax, change, prices_include_tax))) =
        head
    else {
        return Ok(None);
    };
    let lines = lines(conn, id)?;
    Ok(Some(Sale {
        id: id.to_string(),
        store_id,
        customer_id,
        completed_at: time::from_text(&completed_at)?,
        currency: Currency::parse(&currency).map_err(|e| StoreError::Decode(e.to_string()))?,
        total_minor,
        lines,
        tenders: tenders(conn, id)?,
        online_cart_id,
        staff_id,
        prices_include_tax,
        discount_minor: discount,
        tax_minor: tax,
        change_minor: change,
        loyalty: conn
            .prepare_cached("SELECT account_id, earned, redeemed FROM loyalty_movements WHERE sale_id = ?1")?
            .query_row(params![id], |r| Ok(SaleLoyalty { account_id: r.get(0)?, earned: r.get(1)?, redeemed: r.get(2)? }))
            .optional()?,
    }))
}

fn lines(conn: &Connection, sale_id: &str) -> Result<Vec<SaleLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, gtin14, name, quantity, unit_price_minor, line_total_minor, discount_minor, tax_minor
         FROM sale_lines WHERE sale_id = ?1 ORDER BY line_no",
    )?;
    let rows = stmt.query_map(params![sale_id], |r| {
        Ok(SaleLine {
            product_id: r.get(0)?,
            gtin14: r.get(1)?,
            name: r.get(2)?,
            quantity: r.get(3)?,
            unit_price_minor: r.get(4)?,
            line_total_minor: r.get(5)?,
            discount_minor: r.get(6)?,
            tax_minor: r.get(7)?,
            promotion_ids: Vec::new(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn tenders(conn: &Connection, sale_id: &str) -> Result<Vec<Tender>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, kind, amount_minor, reference, last4, auth_code FROM tenders WHERE sale_id = ?1 ORDER BY rowid")?;
    let rows = stmt.query_map(params![sale_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, kind, amount_minor, reference, last4, auth_code) = row?;
        let kind = TenderKind::parse(&kind).ok_or_else(|| StoreError::Decode(format!("tender kind {kind:?}")))?;
        out.push(Tender { id, kind, amount_minor, reference, last4, auth_code });
    }
    Ok(out)
}
