//! Migrations: a fresh file, an upgrade from an older schema, and files this
//! binary must refuse without touching (newer schema, not a database).

use rusqlite::Connection;
use shopfloor_store::migrations::{LATEST_VERSION, MIGRATIONS};
use shopfloor_store::{DeviceDb, StoreError};

fn sibling_files(path: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_fresh_file_gets_every_migration_with_wal_and_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let db = DeviceDb::open(&path).unwrap();
    let (version, mode, sync): (i64, String, i64) = db
        .read(|c| {
            Ok((
                c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
                c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
                c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    assert_eq!(mode, "wal");
    assert_eq!(sync, 2, "synchronous=FULL");
    for table in ["products", "barcodes", "prices", "stock_movements", "customers", "orders", "pickups", "sales", "outbox", "sync_cursors", "qr_keys"] {
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT count(*) FROM sqlite_schema WHERE name = ?1", [table], |r| r.get(0))?))
            .unwrap();
        assert_eq!(n, 1, "table {table}");
    }
    db.integrity_check().unwrap();
    drop(db);
    // Opening again is a no-op.
    DeviceDb::open(&path).unwrap();
}

#[test]
fn an_older_schema_is_upgraded_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(MIGRATIONS[0].sql).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO products(id, sku, name, brand, category, search_text) VALUES ('p1', 'SKU1', 'Merino Sweater', 'Nordhaus', 'Knitwear', 'merino sweater nordhaus knitwear')",
            [],
        )
        .unwrap();
    }
    let db = DeviceDb::open(&path).unwrap();
    let (version, name): (i64, String) = db
        .read(|c| {
            Ok((
                c.query_row("PRAGMA user_version", [], |r| r.get(0))?,
                c.query_row("SELECT name FROM products WHERE id = 'p1'", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    assert_eq!(name, "Merino Sweater");
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future(x); PRAGMA journal_mode = DELETE;").unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let files_before = sibling_files(&path);
    let err = DeviceDb::open(&path).err().expect("must refuse");
    match &err {
        StoreError::TooNew { found, supported, .. } => {
            assert_eq!((*found, *supported), (LATEST_VERSION + 1, LATEST_VERSION));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("newer Shopfloor") && message.contains("untouched"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file must not change");
    assert_eq!(sibling_files(&path), files_before, "no WAL or journal file is created");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = DeviceDb::open(&path).err().expect("must refuse");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("damaged") && message.contains("device.db"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_damaged_page_is_reported_by_the_integrity_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA page_size = 4096; CREATE TABLE t(x TEXT); CREATE INDEX t_x ON t(x);").unwrap();
        for i in 0..2000 {
            conn.execute("INSERT INTO t VALUES (?1)", [format!("row {i} with some padding to fill pages")]).unwrap();
        }
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let len = bytes.len();
    // Scribble over the middle of the file, past the header and schema.
    for b in &mut bytes[len / 2..len / 2 + 4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    match DeviceDb::open(&path) {
        Err(StoreError::Corrupt { .. }) => {}
        Err(other) => panic!("expected Corrupt, got {other:?}"),
        Ok(db) => assert!(matches!(db.integrity_check(), Err(StoreError::Corrupt { .. }))),
    }
}

#[test]
fn customers_stored_before_migration_7_are_found_by_their_national_number() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("device.db");
    {
        let conn = Connection::open(&path).unwrap();
        for m in MIGRATIONS.iter().take_while(|m| m.version <= 6) {
            conn.execute_batch(m.sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute(
            "INSERT INTO customers(id, first_name, last_name, phone, phone_digits, created_at, search_text)
             VALUES ('c1', 'Ola', 'Nordmann', '+47 412 34 567', '4741234567', '2026-01-01T00:00:00.000Z', 'ola nordmann')",
            [],
        )
        .unwrap();
    }
    let db = DeviceDb::open(&path).unwrap();
    for typed in ["412 34", "+47 412", "0047 4123", "ola"] {
        let hits = db.read(|c| shopfloor_store::customers::search(c, typed, 10)).unwrap();
        assert_eq!(hits.iter().map(|h| h.customer_id.as_str()).collect::<Vec<_>>(), ["c1"], "{typed}");
    }
    // Edits after the migration keep the index right.
    db.write(|tx| Ok(tx.execute("UPDATE customers SET phone = '+47 998 76 543', phone_digits = '4799876543' WHERE id = 'c1'", [])?))
        .unwrap();
    assert!(db.read(|c| shopfloor_store::customers::search(c, "412 34", 10)).unwrap().is_empty());
    assert_eq!(db.read(|c| shopfloor_store::customers::search(c, "998 76", 10)).unwrap().len(), 1);
    db.integrity_check().unwrap();
}
