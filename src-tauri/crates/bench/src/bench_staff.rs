//! The staff member a benchmark acts as. Reference hubs seeded before
//! staff existed have none, so the benchmark puts its own into the device's
//! replica (one row, as the hub's feed would) and signs in.
//!
//! Invariant: a benchmark runs the real role checks; it never bypasses them.

use shopfloor_register::Register;
use shopfloor_store::DeviceDb;
use shopfloor_store::replica::{ReplicaWriter, StaffRow};

use crate::hub_device::Error;

/// (id, name, role) of a benchmark staff member.
pub type BenchStaff = (&'static str, &'static str, &'static str);

/// Sees whole customer profiles (the clienteling benchmark).
pub const ASSOCIATE: BenchStaff = ("019c0000-0000-7000-8000-00000000be01", "Benchmark associate", "associate");
/// Takes payment (the checkout benchmark).
pub const CASHIER: BenchStaff = ("019c0000-0000-7000-8000-00000000be02", "Benchmark cashier", "cashier");

const PIN: &str = "2468";

pub fn sign_in(db: &DeviceDb, register: &Register, (id, name, role): BenchStaff) -> Result<(), Error> {
    let store_id = db.read(|c| shopfloor_store::device::current(c))?.ok_or("the device is not set up")?.store.id;
    let pin_hash = shopfloor_domain::staff::hash_pin(PIN, &[9; 16]).map_err(|p| p.message)?;
    db.write(|tx| {
        ReplicaWriter::new(tx).staff(&StaffRow { id: id.into(), store_id, name: name.into(), role, pin_hash, active: true })
    })?;
    register.session().sign_in(id, PIN).map_err(|p| p.message)?;
    Ok(())
}
