//! Durability under SIGKILL: a child process commits sales in a loop and is
//! killed at random moments, about 1,000 commits in all. Afterwards the file
//! passes `PRAGMA integrity_check`, every sale the child saw committed is
//! there, and every sale is whole (lines, tenders, stock movements, outbox
//! row) or absent.
//!
//! A custom harness: the same binary is the parent (the test) and, when
//! `SHOPFLOOR_DURABILITY_CHILD` names a database, the child.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use rand::Rng;
use shopfloor_domain::{Currency, IdSource, Money, SystemClock};
use shopfloor_store::device::{self, StoreInfo};
use shopfloor_store::journal::{self, Sale, SaleLine, Tender, TenderKind};
use shopfloor_store::replica::{PriceRow, ProductRow, ReplicaWriter};
use shopfloor_store::DeviceDb;

const CHILD_VAR: &str = "SHOPFLOOR_DURABILITY_CHILD";
const TARGET_COMMITS: usize = 1_000;
const TIME_LIMIT: Duration = Duration::from_secs(120);
const LINES_PER_SALE: i64 = 3;

fn main() {
    if let Ok(path) = std::env::var(CHILD_VAR) {
        child(&path);
        return;
    }
    parent();
    println!("durability: 1 passed, 0 failed");
}

fn child(path: &str) {
    let db = DeviceDb::open(path).expect("child opens the database");
    let ids = IdSource::new(Arc::new(SystemClock));
    let mut out = std::io::stdout().lock();
    loop {
        let sale = make_sale(&ids);
        let event_id = ids.next().to_string();
        db.write(|tx| journal::record_sale(tx, &sale, &event_id)).expect("sale commits");
        // Reported only after the commit returned: the parent may count on it.
        use std::io::Write;
        writeln!(out, "{}", sale.id).and_then(|_| out.flush()).expect("stdout");
    }
}

fn make_sale(ids: &IdSource) -> Sale {
    let lines: Vec<SaleLine> = (0..LINES_PER_SALE)
        .map(|i| SaleLine {
            product_id: "p1".into(),
            gtin14: Some("04006381333931".into()),
            name: "Test sweater".into(),
            quantity: i + 1,
            unit_price_minor: 1999,
            line_total_minor: 1999 * (i + 1),
            discount_minor: 0,
            tax_minor: 0,
            promotion_ids: Vec::new(),
        })
        .collect();
    let total = lines.iter().map(|l| l.line_total_minor).sum();
    let sale_id = ids.next().to_string();
    Sale {
        id: sale_id,
        store_id: "s1".into(),
        customer_id: None,
        completed_at: Utc::now(),
        currency: Currency::EUR,
        total_minor: total,
        tenders: vec![Tender { id: ids.next().to_string(), kind: TenderKind::Cash, amount_minor: total, reference: None, last4: None, auth_code: None }],
        lines,
        online_cart_id: None,
        staff_id: None,
        prices_include_tax: true,
        discount_minor: 0,
        tax_minor: 0,
        change_minor: 0,
        loyalty: None,
    }
}

fn set_up(path: &std::path::Path) {
    let db = DeviceDb::open(path).expect("open");
    db.write(|tx| {
        let w = ReplicaWriter::new(tx);
        w.store(&StoreInfo {
            id: "s1".into(),
            code: "S001".into(),
            name: "Test store".into(),
            city: "Berlin".into(),
            currency: "EUR".into(),
            timezone: "Europe/Berlin".into(),
        })?;
        w.product(&ProductRow {
            id: "p1".into(),
            sku: "SKU1".into(),
            name: "Test sweater".into(),
            brand: "Test".into(),
            category: "Knitwear".into(),
            active: true,
            gtin14s: vec!["04006381333931".into()],
        })?;
        w.price(&PriceRow { product_id: "p1".into(), store_id: "s1".into(), amount: Money::new(1999, Currency::EUR) })?;
        device::assign(tx, "d1", "s1")
    })
    .expect("seed");
}

fn parent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("device.db");
    set_up(&path);
    let exe = std::env::current_exe().expect("own path");
    let mut rng = rand::rng();
    let started = Instant::now();
    let mut confirmed: HashSet<String> = HashSet::new();
    let mut kills = 0;
    while confirmed.len() < TARGET_COMMITS && started.elapsed() < TIME_LIMIT {
        let mut child = Command::new(&exe)
            .env(CHILD_VAR, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("child stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(5..120)));
        child.kill().expect("SIGKILL the child");
        child.wait().expect("reap");
        kills += 1;
        confirmed.extend(reader.join().expect("reader thread"));
    }
    assert!(
        confirmed.len() >= TARGET_COMMITS,
        "only {} commits in {:?} over {kills} kills",
        confirmed.len(),
        TIME_LIMIT
    );

    let db = DeviceDb::open(&path).expect("reopen after kills");
    db.integrity_check().expect("PRAGMA integrity_check is ok");
    let problems: Vec<String> = db
        .read(|c| {
            let mut bad = Vec::new();
            let mut stmt = c.prepare(
                "SELECT s.id,
                    (SELECT count(*) FROM sale_lines l WHERE l.sale_id = s.id),
                    (SELECT count(*) FROM tenders t WHERE t.sale_id = s.id),
                    (SELECT count(*) FROM stock_movements m WHERE m.source_id = s.id),
                    (SELECT count(*) FROM outbox o WHERE o.kind = 'sale_completed' AND json_extract(o.payload_json, '$.id') = s.id)
                 FROM sales s",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?))
            })?;
            for row in rows {
                let (id, lines, tenders, moves, outbox) = row?;
                if (lines, tenders, moves, outbox) != (LINES_PER_SALE, 1, LINES_PER_SALE, 1) {
                    bad.push(format!("sale {id}: {lines} lines, {tenders} tenders, {moves} movements, {outbox} outbox rows"));
                }
            }
            let orphans: i64 = c.query_row(
                "SELECT count(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = json_extract(o.payload_json, '$.id'))",
                [],
                |r| r.get(0),
            )?;
            if orphans > 0 {
                bad.push(format!("{orphans} outbox rows without their sale"));
            }
            Ok(bad)
        })
        .expect("read back");
    assert!(problems.is_empty(), "half-written sales: {problems:#?}");
    let present: HashSet<String> = db
        .read(|c| {
            let mut stmt = c.prepare("SELECT id FROM sales")?;
            let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<HashSet<String>>>()?;
            Ok(ids)
        })
        .expect("sale ids");
    let lost: Vec<&String> = confirmed.difference(&present).collect();
    assert!(lost.is_empty(), "{} sales the child saw committed are gone, e.g. {:?}", lost.len(), lost.first());
    println!(
        "durability: {} confirmed commits ({} in the file) over {kills} SIGKILLs in {:.1}s; integrity ok",
        confirmed.len(),
        present.len(),
        started.elapsed().as_secs_f64()
    );
}
