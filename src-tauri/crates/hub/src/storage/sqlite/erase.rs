//! Erasing a customer: their rows (notes and profile edit clocks too) and
//! their past changes go, their store-credit and gift cards stop naming
//! them (the money stays), and one `erase` change tells every replica to do
//! the same. Carts parked for them stay parked without them, sent again.

use rusqlite::{Connection, params};
use shopfloor_protocol::{ChangeOp, Record};

use super::{feed, parked_carts, rows};
use crate::storage::{Result, StorageError};

pub fn erase_customer(c: &Connection, customer_id: &str) -> Result<i64> {
    if !rows::customer_exists(c, customer_id)? {
        return Err(StorageError::NotFound(format!(
            "the hub has no customer {customer_id:?}"
        )));
    }
    let parked = parked_carts::open_for_customer(c, customer_id)?;
    for sql in [
        "DELETE FROM changes WHERE customer_id = ?1",
        "DELETE FROM endless_aisle_orders WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?1)",
        "DELETE FROM pickups WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?1)",
        "DELETE FROM order_return_lines WHERE return_id IN
            (SELECT id FROM order_returns WHERE customer_id = ?1
             OR order_id IN (SELECT id FROM orders WHERE customer_id = ?1))",
        "DELETE FROM order_returns WHERE customer_id = ?1 OR order_id IN (SELECT id FROM orders WHERE customer_id = ?1)",
        "DELETE FROM order_lines WHERE order_id IN (SELECT id FROM orders WHERE customer_id = ?1)",
        "DELETE FROM orders WHERE customer_id = ?1",
        "DELETE FROM cart_handoffs WHERE cart_id IN (SELECT id FROM online_carts WHERE customer_id = ?1)",
        "DELETE FROM online_cart_lines WHERE cart_id IN (SELECT id FROM online_carts WHERE customer_id = ?1)",
        "DELETE FROM online_carts WHERE customer_id = ?1",
        "DELETE FROM loyalty_accounts WHERE customer_id = ?1",
        "DELETE FROM wishlist_items WHERE customer_id = ?1",
        "DELETE FROM customer_notes WHERE customer_id = ?1",
        "DELETE FROM customer_field_clocks WHERE customer_id = ?1",
        "DELETE FROM customers WHERE id = ?1",
        "UPDATE parked_carts SET customer_id = NULL, online_cart_id = NULL WHERE customer_id = ?1",
    ] {
        c.prepare_cached(sql)?.execute(params![customer_id])?;
    }
    // Their earlier upserts named the customer and went with the changes.
    for id in parked {
        feed::append_upsert(c, Record::ParkedCart(parked_carts::by_id(c, &id)?))?;
    }
    super::stored_value::unlink_customer(c, customer_id)?;
    feed::append(
        c,
        feed::GLOBAL,
        None,
        &ChangeOp::Erase {
            customer_id: customer_id.to_string(),
        },
    )
}
