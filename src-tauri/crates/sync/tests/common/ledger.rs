//! The invariants, read straight from the two SQLite files: every event
//! applied at the hub exactly once, stock equal to the unit on both sides,
//! the replica equal to the hub's store scope, and the cursor at a point
//! where everything before it is applied and nothing after it.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, params};
use shopfloor_protocol::{ChangeOp, Record};

/// A connection that only reads (`query_only`), to a database another
/// connection or process may be writing.
pub fn reader(path: &Path) -> Connection {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    c.busy_timeout(Duration::from_secs(5)).expect("busy timeout");
    c.pragma_update(None, "query_only", true).expect("query_only");
    c
}

/// On-hand by the rule both sides share: the last count plus every
/// movement strictly after it. Works on either database.
pub fn on_hand(c: &Connection, store_id: &str, product_id: &str) -> i64 {
    c.query_row(
        "WITH last_count AS (
            SELECT occurred_at, quantity FROM stock_movements
            WHERE store_id = ?1 AND product_id = ?2 AND kind = 'count'
            ORDER BY occurred_at DESC, id DESC LIMIT 1)
         SELECT coalesce((SELECT quantity FROM last_count), 0)
              + coalesce((SELECT sum(quantity) FROM stock_movements
                          WHERE store_id = ?1 AND product_id = ?2 AND kind <> 'count'
                            AND occurred_at > coalesce((SELECT occurred_at FROM last_count), '')), 0)",
        params![store_id, product_id],
        |r| r.get(0),
    )
    .expect("on-hand")
}

fn strings(c: &Connection, sql: &str, store_id: &str) -> Vec<String> {
    let mut stmt = c.prepare(sql).unwrap_or_else(|e| panic!("{e}: {sql}"));
    let n = stmt.column_count();
    let render = |r: &rusqlite::Row<'_>| -> rusqlite::Result<String> {
        let mut cells = Vec::with_capacity(n);
        for i in 0..n {
            cells.push(match r.get_ref(i)? {
                ValueRef::Null => "NULL".to_string(),
                ValueRef::Integer(v) => v.to_string(),
                ValueRef::Real(v) => v.to_string(),
                ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
            });
        }
        Ok(cells.join("|"))
    };
    let rows =
        if stmt.parameter_count() == 0 { stmt.query_map([], render) } else { stmt.query_map([store_id], render) };
    rows.and_then(|r| r.collect()).unwrap_or_else(|e| panic!("{e}: {sql}"))
}

/// What a store's replica holds, table by table; the same SQL reads the
/// hub's database (its columns have the same names). Stock movements are
/// compared by id, kind, quantity and time; a device's own unconfirmed
/// movement is one the hub does not have yet.
const SCOPE: &[(&str, &str)] = &[
    ("retailer", "SELECT id, name, currency, loyalty_json FROM retailer ORDER BY id"),
    ("stores", "SELECT id, code, name, city, currency, timezone, tax_policy_json FROM stores ORDER BY id"),
    ("products", "SELECT id, sku, name, brand, category, active FROM products ORDER BY id"),
    ("barcodes", "SELECT gtin14, product_id FROM barcodes ORDER BY gtin14"),
    (
        "prices",
        "SELECT product_id, store_id, amount_minor, currency FROM prices WHERE store_id = ?1 ORDER BY product_id",
    ),
    (
        "stock",
        "SELECT id, product_id, kind, quantity, occurred_at, source_id FROM stock_movements WHERE store_id = ?1 ORDER BY id",
    ),
    (
        "customers",
        "SELECT id, first_name, last_name, email, phone, phone_digits, created_at, consent_email, consent_sms,
                sizes_json, preferences_json FROM customers ORDER BY id",
    ),
    ("loyalty", "SELECT id, customer_id, number, tier, points FROM loyalty_accounts ORDER BY id"),
    ("carts", "SELECT id, customer_id, channel, status, updated_at FROM online_carts ORDER BY id"),
    (
        "cart lines",
        "SELECT cart_id, line_no, product_id, quantity, unit_price_minor FROM online_cart_lines ORDER BY cart_id, line_no",
    ),
    (
        "orders",
        "SELECT id, number, customer_id, channel, store_id, fulfilment, status, placed_at, total_minor, currency
         FROM orders WHERE customer_id IS NOT NULL OR store_id IS NULL OR store_id = ?1 ORDER BY id",
    ),
    (
        "order lines",
        "SELECT l.order_id, l.line_no, l.product_id, l.quantity, l.unit_price_minor, l.line_total_minor
         FROM order_lines l JOIN orders o ON o.id = l.order_id
         WHERE o.customer_id IS NOT NULL OR o.store_id IS NULL OR o.store_id = ?1 ORDER BY l.order_id, l.line_no",
    ),
    (
        "pickups",
        "SELECT id, order_id, store_id, status, ready_at, expires_at FROM pickups WHERE store_id = ?1 ORDER BY id",
    ),
    (
        "promotions",
        "SELECT id, name, kind, rule_json, store_id, starts_at, ends_at FROM promotions
         WHERE store_id IS NULL OR store_id = ?1 ORDER BY id",
    ),
    (
        "stored-value cards",
        "SELECT id, number, kind, currency, customer_id, issued_at, active FROM stored_value_cards ORDER BY id",
    ),
    (
        "stored-value movements",
        "SELECT id, card_id, kind, amount_minor, occurred_at, source_id, store_id FROM stored_value_movements ORDER BY id",
    ),
];

/// The device's replica equals the hub's store scope, table by table.
pub fn assert_replica_matches(hub: &Connection, device: &Connection, store_id: &str) {
    for (table, sql) in SCOPE {
        let (h, d) = (strings(hub, sql, store_id), strings(device, sql, store_id));
        if h != d {
            let hs: BTreeSet<_> = h.iter().collect();
            let ds: BTreeSet<_> = d.iter().collect();
            let missing: Vec<_> = hs.difference(&ds).take(3).collect();
            let extra: Vec<_> = ds.difference(&hs).take(3).collect();
            panic!(
                "the replica's {table} differ from the hub's: {} rows at the hub, {} on the device; \
                 missing on the device (first 3): {missing:?}; only on the device (first 3): {extra:?}",
                h.len(),
                d.len()
            );
        }
    }
}

/// Event ids the hub applied from this device.
pub fn applied_at_hub(hub: &Connection, device_id: &str) -> BTreeSet<String> {
    let mut stmt = hub.prepare("SELECT event_id FROM applied_events WHERE device_id = ?1").unwrap();
    stmt.query_map([device_id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// After a device synced everything: each of its events applied at the hub
/// exactly once (one idempotency row, one order per sale, one ledger row
/// per sale line, nothing from any other event id), its outbox answered,
/// no unconfirmed movement left, and on-hand equal for every product.
pub fn assert_in_step(hub: &Connection, device: &Connection, device_id: &str, store_id: &str) {
    let outbox: Vec<(String, String)> = {
        let mut stmt = device.prepare("SELECT event_id, state FROM outbox ORDER BY seq").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<rusqlite::Result<_>>().unwrap()
    };
    let states: BTreeSet<&str> = outbox.iter().map(|(_, s)| s.as_str()).collect();
    assert!(states.is_subset(&BTreeSet::from(["applied", "duplicate"])), "outbox states {states:?}");
    let sent: BTreeSet<String> = outbox.into_iter().map(|(id, _)| id).collect();
    assert_eq!(applied_at_hub(hub, device_id), sent, "the hub applied exactly the device's events");

    // One hub order per device sale, with the sale's total.
    let sales = strings(device, "SELECT id, total_minor FROM sales WHERE store_id = ?1 ORDER BY id", store_id);
    let orders = strings(
        hub,
        "SELECT id, total_minor FROM orders WHERE channel = 'store' AND store_id = ?1 AND placed_at > '2026-03-03' ORDER BY id",
        store_id,
    );
    assert_eq!(orders, sales, "one hub order per device sale");

    // One ledger row per sale line, under the event id, quantity negated.
    let lines = strings(
        device,
        "SELECT o.event_id || '/' || l.line_no, -l.quantity FROM outbox o
         JOIN sales s ON s.id = json_extract(o.payload_json, '$.id')
         JOIN sale_lines l ON l.sale_id = s.id WHERE s.store_id = ?1 ORDER BY 1",
        store_id,
    );
    let movements = strings(
        hub,
        "SELECT m.id, m.quantity FROM stock_movements m
         WHERE m.store_id = ?1 AND m.kind = 'sale' AND m.occurred_at > '2026-03-03' ORDER BY 1",
        store_id,
    );
    assert_eq!(movements, lines, "one hub sale movement per device sale line");

    let local = strings(device, "SELECT id FROM stock_movements WHERE origin = 'local'", store_id);
    assert!(local.is_empty(), "movements the hub never confirmed: {local:?}");

    let products = strings(hub, "SELECT id FROM products ORDER BY id", store_id);
    for p in &products {
        assert_eq!(on_hand(device, store_id, p), on_hand(hub, store_id, p), "on-hand of {p} at {store_id}");
    }
}

/// The feed positions of changes in a store's scope, with their ops, in
/// `(after, upto]`.
pub fn scope_changes(hub: &Connection, store_id: &str, after: i64, upto: i64) -> Vec<(i64, ChangeOp)> {
    let mut stmt = hub
        .prepare(
            "SELECT position, op_json FROM changes WHERE scope IN ('*', ?1) AND position > ?2 AND position <= ?3
             ORDER BY position",
        )
        .unwrap();
    stmt.query_map(params![store_id, after, upto], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .unwrap()
        .map(|row| {
            let (p, json) = row.unwrap();
            (p, serde_json::from_str(&json).unwrap())
        })
        .collect()
}

/// The newest feed position in a store's scope (0 when empty).
pub fn scope_head(hub: &Connection, store_id: &str) -> i64 {
    hub.query_row("SELECT coalesce(max(position), 0) FROM changes WHERE scope IN ('*', ?1)", [store_id], |r| r.get(0))
        .unwrap()
}

/// The newest feed position (0 when empty).
pub fn feed_head(hub: &Connection) -> i64 {
    hub.query_row("SELECT coalesce(max(position), 0) FROM changes", [], |r| r.get(0)).unwrap()
}

/// The cursor never skips a change and never runs ahead: of the stock
/// movements the feed added in `(base, head]`, the device holds exactly
/// those at or before its cursor.
pub fn assert_cursor_exact(hub: &Connection, device: &Connection, store_id: &str, base: i64) {
    let cursor: i64 = device
        .query_row("SELECT cursor FROM sync_cursors WHERE scope = 'store_feed'", [], |r| r.get::<_, String>(0))
        .map(|t| t.parse().unwrap())
        .unwrap_or(base);
    let head = feed_head(hub);
    assert!(cursor <= head, "the cursor {cursor} is past the hub's feed head {head}");
    let held: BTreeSet<String> =
        strings(device, "SELECT id FROM stock_movements WHERE store_id = ?1 AND origin = 'hub'", store_id)
            .into_iter()
            .collect();
    for (position, op) in scope_changes(hub, store_id, base, head) {
        if let ChangeOp::Upsert { record: Record::StockMovement(m) } = op {
            assert_eq!(
                held.contains(&m.id),
                position <= cursor,
                "movement {} at feed position {position}, device cursor {cursor}",
                m.id
            );
        }
    }
}

/// Everything sync may change on a device, as text: the replica's store
/// scope, the outbox, the cursor and the device row.
pub fn device_fingerprint(device: &Connection, store_id: &str) -> Vec<Vec<String>> {
    let mut all: Vec<Vec<String>> = SCOPE.iter().map(|(_, sql)| strings(device, sql, store_id)).collect();
    for sql in [
        "SELECT event_id, state, answer FROM outbox ORDER BY seq",
        "SELECT scope, cursor FROM sync_cursors ORDER BY scope",
        "SELECT device_id, store_id FROM device",
        "SELECT id FROM stock_movements WHERE origin = 'local' ORDER BY id",
        "SELECT count(*) FROM conflicts",
    ] {
        all.push(strings(device, sql, store_id));
    }
    all
}
