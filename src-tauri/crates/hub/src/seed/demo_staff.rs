//! Writes every store's demo staff (`shopfloor_seed_records::demo_staff`)
//! as seeding's baseline, without change rows.

use shopfloor_datagen::Dataset;
use shopfloor_seed_records as records;

use crate::storage::Result;
use crate::storage::sqlite::SqliteStorage;
use crate::storage::sqlite::staff;

pub fn seed(hub: &SqliteStorage, data: &Dataset) -> Result<()> {
    let members: Vec<_> = data.stores().flat_map(|s| records::demo_staff(&records::store(&s))).collect();
    let now = hub.now();
    hub.write(|c| members.iter().try_for_each(|m| staff::write_row(c, m, now)))
}
