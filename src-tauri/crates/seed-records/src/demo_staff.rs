//! Every seeded store's demo staff: one of each role and a second manager
//! (so a manager's own request can be approved by another), with the PINs
//! the README lists. Ids and PIN salts are derived from the store's id, so
//! the hub's seed and a demo device's agree. A real retailer sets its staff
//! through `PUT /v1/admin/staff/{id}`.

use sha2::{Digest, Sha256};
use shopfloor_protocol::{StaffMember, StaffRole, Store};

/// Name, role and PIN of each demo staff member of every store.
pub const DEMO_STAFF: &[(&str, StaffRole, &str)] = &[
    ("Sam Keller", StaffRole::Associate, "1111"),
    ("Jo Brandt", StaffRole::Cashier, "1234"),
    ("Kim Novak", StaffRole::Pickup, "3333"),
    ("Lena Hoffmann", StaffRole::Manager, "9999"),
    ("Tom Weber", StaffRole::Manager, "8888"),
];

/// The demo staff of `store`, their PINs hashed.
pub fn demo_staff(store: &Store) -> Vec<StaffMember> {
    DEMO_STAFF
        .iter()
        .enumerate()
        .map(|(i, (name, role, pin))| {
            let seed: [u8; 32] = Sha256::digest(format!("demo staff {} {i}", store.id)).into();
            let millis = uuid::Uuid::parse_str(&store.id)
                .ok()
                .and_then(|u| u.get_timestamp())
                .map(|t| t.to_unix())
                .map_or(0, |(secs, nanos)| secs * 1000 + u64::from(nanos) / 1_000_000);
            let random: [u8; 10] = seed[..10].try_into().expect("10 bytes");
            let id = uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid();
            let salt: [u8; 16] = seed[16..].try_into().expect("16 bytes");
            StaffMember {
                id: id.to_string(),
                store_id: store.id.clone(),
                name: name.to_string(),
                role: *role,
                pin_hash: shopfloor_domain::staff::hash_pin(pin, &salt).expect("demo PINs are 4 digits"),
                active: true,
            }
        })
        .collect()
}
