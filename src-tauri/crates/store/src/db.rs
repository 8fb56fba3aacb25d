//! Opening the device database and running work on it.
//!
//! Two connections: one writer (every write transaction is `IMMEDIATE`) and
//! one reader (`query_only`), so the register keeps answering lookups while
//! sync writes a large batch. Both are plain blocking calls; async callers run
//! them on a blocking thread and never hold a connection across `.await`.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::error::{Result, StoreError};
use crate::migrations::{self, LATEST_VERSION};

pub struct DeviceDb {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

impl DeviceDb {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// A file that is not a database, is damaged, or was written by a newer
    /// binary is refused with a message saying so, before anything is written.
    pub fn open(path: impl AsRef<Path>) -> Result<DeviceDb> {
        let path = path.as_ref().to_path_buf();
        let shown = path.display().to_string();
        check_existing(&path).map_err(|e| with_path(e, &shown))?;
        let mut writer = open_connection(&path, OpenFlags::default()).map_err(|e| with_path(e, &shown))?;
        migrations::migrate(&mut writer).map_err(|e| with_path(e, &shown))?;
        let reader = open_connection(&path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| with_path(e, &shown))?;
        reader.pragma_update(None, "query_only", true)?;
        Ok(DeviceDb { path, writer: Mutex::new(writer), reader: Mutex::new(reader) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` inside one `IMMEDIATE` transaction; commits if it returns
    /// `Ok`, rolls back otherwise.
    pub fn write<R>(&self, work: impl FnOnce(&Transaction<'_>) -> Result<R>) -> Result<R> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| self.err(e.into()))?;
        let out = work(&tx).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e.into()))?;
        Ok(out)
    }

    /// Runs read-only `work` on the reader connection.
    pub fn read<R>(&self, work: impl FnOnce(&Connection) -> Result<R>) -> Result<R> {
        let conn = lock(&self.reader);
        work(&conn).map_err(|e| self.err(e))
    }

    /// `PRAGMA integrity_check`: `Ok(())` or the problems SQLite found.
    pub fn integrity_check(&self) -> Result<()> {
        self.read(|c| {
            let mut stmt = c.prepare("PRAGMA integrity_check")?;
            let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            if rows == ["ok"] {
                Ok(())
            } else {
                Err(StoreError::Corrupt { path: String::new(), detail: rows.join("; ") })
            }
        })
    }

    fn err(&self, e: StoreError) -> StoreError {
        with_path(e, &self.path.display().to_string())
    }
}

fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock leaves SQLite consistent (an open
    // transaction is rolled back when dropped), so the connection is usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn with_path(e: StoreError, path: &str) -> StoreError {
    match e {
        StoreError::Corrupt { detail, .. } => StoreError::Corrupt { path: path.to_string(), detail },
        other => other,
    }
}

/// Reads the schema version of an existing file without writing to it.
fn check_existing(path: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    if meta.len() == 0 {
        return Ok(());
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    let found = migrations::user_version(&conn)?;
    // Reading the schema catches a file that is not a database at all.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
    if found > LATEST_VERSION {
        return Err(StoreError::TooNew { path: path.display().to_string(), found, supported: LATEST_VERSION });
    }
    Ok(())
}

fn open_connection(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Invalid(format!("the database could not switch to WAL (it is in {mode} mode)")));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    Ok(conn)
}
