//! Staff for the register tests: one of each role at store `s1`, their
//! PINs hashed as the hub would, and signing one in.

#![allow(dead_code)]

use shopfloor_domain::staff::hash_pin;
use shopfloor_register::Register;
use shopfloor_store::StoreError;
use shopfloor_store::replica::{ReplicaWriter, StaffRow};

pub const ASSOCIATE: (&str, &str) = ("019c0000-0000-7000-8000-0000000005a1", "1111");
pub const CASHIER: (&str, &str) = ("019c0000-0000-7000-8000-0000000005c1", "1234");
pub const PICKUP: (&str, &str) = ("019c0000-0000-7000-8000-0000000005b1", "3333");
pub const MANAGER: (&str, &str) = ("019c0000-0000-7000-8000-0000000005d1", "9999");
pub const OTHER_MANAGER: (&str, &str) = ("019c0000-0000-7000-8000-0000000005d2", "8888");

/// Writes the five staff members of `store_id` into the replica.
pub fn hire(w: &ReplicaWriter<'_, '_>, store_id: &str) -> Result<(), StoreError> {
    for ((id, pin), name, role) in [
        (ASSOCIATE, "Sam Keller", "associate"),
        (CASHIER, "Jo Brandt", "cashier"),
        (PICKUP, "Kim Novak", "pickup"),
        (MANAGER, "Lena Hoffmann", "manager"),
        (OTHER_MANAGER, "Tom Weber", "manager"),
    ] {
        w.staff(&StaffRow {
            id: id.into(),
            store_id: store_id.into(),
            name: name.into(),
            role,
            pin_hash: hash_pin(pin, &[3; 16]).unwrap(),
            active: true,
        })?;
    }
    Ok(())
}

/// Signs `who` in at `register`.
pub fn sign_in(register: &Register, who: (&str, &str)) {
    register.session().sign_in(who.0, who.1).expect("the test's staff member signs in");
}

/// Store `id` (`Store {code}`, Berlin, EUR).
pub fn store(id: &str, code: &str) -> shopfloor_store::device::StoreInfo {
    shopfloor_store::device::StoreInfo {
        id: id.into(),
        code: code.into(),
        name: format!("Store {code}"),
        city: "Berlin".into(),
        currency: "EUR".into(),
        timezone: "Europe/Berlin".into(),
    }
}

/// An active product with one barcode.
pub fn product(id: &str, name: &str, category: &str, gtin14: &str) -> shopfloor_store::replica::ProductRow {
    shopfloor_store::replica::ProductRow {
        id: id.into(),
        sku: format!("SKU-{id}"),
        name: name.into(),
        brand: "Nordhaus".into(),
        category: category.into(),
        active: true,
        gtin14s: vec![gtin14.into()],
    }
}
