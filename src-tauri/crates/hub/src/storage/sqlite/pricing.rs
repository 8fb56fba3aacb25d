//! What the hub prices with and hands to devices: promotions, each store's
//! tax policy and the retailer's loyalty programme. The web shop's price
//! book is made here, for the same engine the registers use
//! (`shopfloor_domain::pricing`).
//!
//! The web shop sells as no store: only promotions without a store apply.
//! Its tax policy is the pickup store's, or for a shipped order the
//! retailer's first store by code (the web shop sells from that country).
//!
//! Invariant: every write is checked first (a promotion's rule is read by
//! the domain's own parser) and appends the changed record to the feed in
//! the same transaction.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_domain::pricing::{self as domain, PriceBook, PromotionRule, PromotionText, read_promotions};
use shopfloor_protocol::{LoyaltyProgramme, Promotion, Record, Retailer, Store, TaxPolicy};

use super::text::{parse_time, time_text};
use super::{feed, rows, snapshot};
use crate::storage::{Result, StorageError};

pub fn domain_tax(t: &TaxPolicy) -> domain::TaxPolicy {
    domain::TaxPolicy {
        prices_include_tax: t.prices_include_tax,
        standard_rate_bp: t.standard_rate_bp,
        category_rates_bp: t.category_rates_bp.clone(),
    }
}

pub fn domain_loyalty(l: &LoyaltyProgramme) -> domain::LoyaltyProgramme {
    domain::LoyaltyProgramme {
        points_per_major_unit: l.points_per_major_unit,
        point_value_minor: l.point_value_minor,
        min_redeem_points: l.min_redeem_points,
        tier_multiplier_bp: l.tier_multiplier_bp.clone(),
    }
}

/// The promotions of no store live at `now`, rules read (unreadable ones
/// skipped with their reasons).
fn web_promotions(c: &Connection, now: DateTime<Utc>) -> Result<(Vec<domain::Promotion>, Vec<domain::SkippedPromotion>)> {
    let mut stmt = c.prepare_cached(
        "SELECT id, name, kind, rule_json, starts_at, ends_at FROM promotions
         WHERE store_id IS NULL AND starts_at <= ?1 AND ends_at > ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![time_text(now)], |r| {
        Ok(PromotionText {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: r.get(2)?,
            rule_json: r.get(3)?,
            store_id: None,
            starts_at: parse_time(4, &r.get::<_, String>(4)?)?,
            ends_at: parse_time(5, &r.get::<_, String>(5)?)?,
        })
    })?;
    Ok(read_promotions(rows.collect::<rusqlite::Result<Vec<_>>>()?))
}

/// The store whose tax policy a web order uses.
fn web_tax_store(c: &Connection, pickup_store: Option<&str>) -> Result<Option<Store>> {
    let id = match pickup_store {
        Some(id) => Some(id.to_string()),
        None => c.prepare_cached("SELECT id FROM stores ORDER BY code LIMIT 1")?.query_row([], |r| r.get(0)).optional()?,
    };
    match id {
        Some(id) => snapshot::store(c, &id),
        None => Ok(None),
    }
}

/// What the web shop prices an order with at `now`.
pub fn web_price_book(c: &Connection, pickup_store: Option<&str>, now: DateTime<Utc>) -> Result<PriceBook> {
    let (promotions, skipped) = web_promotions(c, now)?;
    let tax = web_tax_store(c, pickup_store)?.map(|s| domain_tax(&s.tax)).unwrap_or_default();
    let loyalty = snapshot::retailer(c)?.map(|r| domain_loyalty(&r.loyalty)).unwrap_or_default();
    Ok(PriceBook { store_id: None, promotions, skipped, tax, loyalty })
}

/// Replaces a store's tax policy; devices get it with the store record.
pub fn set_tax_policy(c: &Connection, store_id: &str, tax: &TaxPolicy) -> Result<Store> {
    let Some(store) = snapshot::store(c, store_id)? else {
        return Err(StorageError::NotFound(format!("the hub has no store {store_id:?}")));
    };
    let store = Store { tax: tax.clone(), ..store };
    rows::put_store(c, &store)?;
    feed::append_upsert(c, Record::Store(store.clone()))?;
    Ok(store)
}

/// Replaces the retailer's loyalty programme; devices get it with the
/// retailer record.
pub fn set_loyalty(c: &Connection, programme: &LoyaltyProgramme) -> Result<Retailer> {
    let Some(retailer) = snapshot::retailer(c)? else {
        return Err(StorageError::Refused("the hub holds no retailer yet; seed it first".into()));
    };
    if programme.point_value_minor < 0 || programme.min_redeem_points < 0 {
        return Err(StorageError::Refused(
            "a loyalty programme's point value and minimum redemption cannot be negative".into(),
        ));
    }
    let retailer = Retailer { loyalty: programme.clone(), ..retailer };
    rows::put_retailer(c, &retailer)?;
    feed::append_upsert(c, Record::Retailer(retailer.clone()))?;
    Ok(retailer)
}

/// Adds or replaces a promotion, refusing one devices could not price with.
pub fn put_promotion(c: &Connection, p: &Promotion) -> Result<()> {
    if p.id.is_empty() || p.id.len() > 64 || p.name.trim().is_empty() {
        return Err(StorageError::Refused("a promotion needs an id (up to 64 characters) and a name".into()));
    }
    PromotionRule::parse(&p.kind, &p.rule_json)
        .map_err(|why| StorageError::Refused(format!("promotion {:?} cannot be used: {why}", p.name)))?;
    if p.starts_at >= p.ends_at {
        return Err(StorageError::Refused(format!("promotion {:?} ends before it starts", p.name)));
    }
    if let Some(store_id) = &p.store_id
        && snapshot::store(c, store_id)?.is_none()
    {
        return Err(StorageError::Refused(format!("the hub has no store {store_id:?} to run the promotion at")));
    }
    let moved: Option<Option<String>> = c
        .prepare_cached("SELECT store_id FROM promotions WHERE id = ?1")?
        .query_row(params![p.id], |r| r.get(0))
        .optional()?;
    if let Some(before) = moved
        && before != p.store_id
    {
        return Err(StorageError::Refused(format!(
            "promotion {:?} runs at another store; end it and make a new one instead of moving it",
            p.name
        )));
    }
    rows::put_promotion(c, p)?;
    feed::append_upsert(c, Record::Promotion(p.clone()))?;
    Ok(())
}
