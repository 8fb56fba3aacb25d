//! Customers enrolled at a store: a device's `customer_enrolled` event
//! becomes the customer and their loyalty account, sent to every store.
//!
//! Invariant: the details pass the same checks as on the device
//! (`shopfloor_domain::enrolment`), and a loyalty number is never given to
//! two accounts: a number already taken is replaced by a free one.

use rand::Rng;
use rusqlite::{Connection, params};
use shopfloor_domain::enrolment::{self, Typed, is_loyalty_number};
use shopfloor_protocol::{Conflict, Customer, CustomerEnrolled, LoyaltyAccount, Record};

use super::{feed, rows};
use crate::storage::{Device, Result};

type Applied = std::result::Result<Vec<Conflict>, String>;

/// The tier every new account starts in.
pub const FIRST_TIER: &str = "member";

pub fn apply(c: &Connection, device: &Device, e: &CustomerEnrolled) -> Result<Applied> {
    if e.store_id != device.store_id {
        return Ok(Err(format!(
            "This enrolment was made for store {}, but this device is enrolled for store {}; the customer was not made.",
            e.store_id, device.store_id
        )));
    }
    let typed = Typed {
        first_name: &e.first_name,
        last_name: &e.last_name,
        email: e.email.as_deref().unwrap_or(""),
        phone: e.phone.as_deref().unwrap_or(""),
        consent_email: e.consent_email,
        consent_sms: e.consent_sms,
    };
    let new = match enrolment::check(&typed) {
        Ok(new) => new,
        Err(why) => return Ok(Err(format!("The customer was not enrolled: {why}"))),
    };
    let ids_ok = uuid::Uuid::parse_str(&e.customer_id).is_ok() && uuid::Uuid::parse_str(&e.loyalty_account_id).is_ok();
    if !ids_ok || rows::customer_exists(c, &e.customer_id)? || account_exists(c, &e.loyalty_account_id)? {
        return Ok(Err(format!(
            "Customer {} (account {}) is not a new pair of UUIDs; the customer was not enrolled again.",
            e.customer_id, e.loyalty_account_id
        )));
    }
    if !is_loyalty_number(&e.loyalty_number) {
        return Ok(Err(format!("{} is not a loyalty card number; the customer was not enrolled.", e.loyalty_number)));
    }
    let customer = Customer {
        id: e.customer_id.clone(),
        first_name: new.first_name,
        last_name: new.last_name,
        email: new.email,
        phone_digits: new.phone.as_ref().map(|p| p.digits.clone()),
        phone: new.phone.map(|p| p.display),
        created_at: e.enrolled_at,
        consent_email: new.consent_email,
        consent_sms: new.consent_sms,
        sizes_json: "{}".into(),
        preferences_json: "{}".into(),
        field_clocks: Default::default(),
    };
    let account = LoyaltyAccount {
        id: e.loyalty_account_id.clone(),
        customer_id: e.customer_id.clone(),
        number: free_number(c, &e.loyalty_number)?,
        tier: FIRST_TIER.into(),
        points: 0,
    };
    rows::put_customer(c, &customer)?;
    rows::put_loyalty(c, &account)?;
    feed::append_upsert(c, Record::Customer(customer))?;
    feed::append_upsert(c, Record::LoyaltyAccount(account))?;
    Ok(Ok(Vec::new()))
}

fn account_exists(c: &Connection, account_id: &str) -> Result<bool> {
    Ok(c.prepare_cached("SELECT EXISTS(SELECT 1 FROM loyalty_accounts WHERE id = ?1)")?
        .query_row(params![account_id], |r| r.get(0))?)
}

fn number_taken(c: &Connection, number: &str) -> Result<bool> {
    Ok(c.prepare_cached("SELECT EXISTS(SELECT 1 FROM loyalty_accounts WHERE number = ?1)")?
        .query_row(params![number], |r| r.get(0))?)
}

/// `wanted` if no account has it, else a free number of the same shape.
fn free_number(c: &Connection, wanted: &str) -> Result<String> {
    let mut candidate = wanted.to_string();
    while number_taken(c, &candidate)? {
        candidate = enrolment::loyalty_number(uuid::Uuid::from_u128(rand::rng().random()));
    }
    Ok(candidate)
}
