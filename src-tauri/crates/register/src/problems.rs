//! How the device database's errors read to a person (see the store crate's
//! `From<StoreError> for Problem`).

use shopfloor_domain::Problem;
use shopfloor_store::StoreError;

pub fn from_store(e: StoreError) -> Problem {
    Problem::from(e)
}
