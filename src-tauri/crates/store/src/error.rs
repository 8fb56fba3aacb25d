use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the device database {path} is damaged ({detail}); restore it from the hub by re-enrolling this device, or ask IT to replace the file")]
    Corrupt { path: String, detail: String },
    #[error("the device database {path} was written by a newer Shopfloor (schema {found}, this app knows up to {supported}); update Shopfloor on this device. The file was left untouched")]
    TooNew { path: String, found: i64, supported: i64 },
    #[error("the disk of this device is full or read-only, so nothing was saved; free some space and try again")]
    Full,
    #[error("{0} was not found")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("stored data could not be read: {0}")]
    Decode(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) | Some(ErrorCode::ReadOnly) => StoreError::Full,
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                StoreError::Corrupt { path: String::from("in use"), detail: e.to_string() }
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Decode(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How the device database's errors read to a person at the boundary.
impl From<StoreError> for shopfloor_domain::Problem {
    fn from(e: StoreError) -> Self {
        use shopfloor_domain::ProblemCode;
        let code = match &e {
            StoreError::Corrupt { .. } => ProblemCode::DatabaseCorrupt,
            StoreError::TooNew { .. } => ProblemCode::DatabaseTooNew,
            StoreError::Full => ProblemCode::StorageFull,
            StoreError::NotFound(_) => ProblemCode::NotFound,
            StoreError::Invalid(_) => ProblemCode::InvalidInput,
            StoreError::Sqlite(_) | StoreError::Decode(_) => ProblemCode::Internal,
        };
        let message = match &e {
            StoreError::NotFound(what) => format!("{} was not found; it may have been removed already.", capitalise(what)),
            StoreError::Invalid(why) => format!("{}.", capitalise(why)),
            _ => format!("{}.", capitalise(&e.to_string())),
        };
        shopfloor_domain::Problem::new(code, message)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
