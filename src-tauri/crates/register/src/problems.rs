//! How the device database's errors read to a person.

use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_store::StoreError;

pub fn from_store(e: StoreError) -> Problem {
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
    Problem::new(code, message)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
