//! A sale's loyalty points: the account's balance moves by what the sale
//! earned less what it spent, in the sale's transaction.
//!
//! Invariant: the balance changes only with the sale that moved it (so at
//! most once per sale), and the account's new record reaches the feed with it.

use rusqlite::{Connection, OptionalExtension, params};
use shopfloor_protocol::{LoyaltyAccount, Record, SaleLoyalty};

use super::feed;
use super::push::Rejection;
use crate::storage::Result;

pub fn apply_sale_points(c: &Connection, points: &SaleLoyalty) -> Result<std::result::Result<(), Rejection>> {
    if points.earned < 0 || points.redeemed < 0 {
        return Ok(Err("A sale cannot earn or spend negative loyalty points; it was not recorded.".into()));
    }
    let account: Option<LoyaltyAccount> = c
        .prepare_cached("SELECT id, customer_id, number, tier, points FROM loyalty_accounts WHERE id = ?1")?
        .query_row(params![points.account_id], |r| {
            Ok(LoyaltyAccount { id: r.get(0)?, customer_id: r.get(1)?, number: r.get(2)?, tier: r.get(3)?, points: r.get(4)? })
        })
        .optional()?;
    // An erased customer's account is gone: the sale stands without points.
    let Some(mut account) = account else { return Ok(Ok(())) };
    account.points = account.points.saturating_add(points.earned).saturating_sub(points.redeemed);
    c.prepare_cached("UPDATE loyalty_accounts SET points = ?2 WHERE id = ?1")?.execute(params![account.id, account.points])?;
    feed::append_upsert(c, Record::LoyaltyAccount(account))?;
    Ok(Ok(()))
}
