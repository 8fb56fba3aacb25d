//! What an operator does with the hub's admin key (the enrolment key):
//! revoke a device, erase a customer; and the health answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/admin/devices/{device_id}/revoke`. Revoking twice keeps the
/// first time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RevokeResponse {
    pub device_id: String,
    pub revoked_at: DateTime<Utc>,
}

/// `POST /v1/admin/customers/{customer_id}/erase`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EraseResponse {
    pub customer_id: String,
    /// The feed position of the `erase` change every replica will apply.
    pub position: i64,
}

/// `GET /v1/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` when the hub can read its database.
    pub status: String,
    /// The hub's build version.
    pub version: String,
}

/// `POST /v1/admin/qr-keys/rotate`: the new signing key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QrKeyRotated {
    pub key_id: u16,
}

/// `POST /v1/admin/qr-keys/{key_id}/retire`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QrKeyRetired {
    pub key_id: u16,
    pub retired_at: DateTime<Utc>,
}

/// `PUT /v1/admin/staff/{staff_id}`: adds or changes a staff member of a
/// store. The hub hashes the PIN; the PIN itself is never kept or sent on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffUpsert {
    pub store_id: String,
    pub name: String,
    pub role: crate::StaffRole,
    /// 4 to 8 digits; required for a new staff member, `None` keeps the PIN.
    #[serde(default)]
    pub pin: Option<String>,
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// The answer to a staff upsert (without the PIN hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffSaved {
    pub id: String,
    pub store_id: String,
    pub name: String,
    pub role: crate::StaffRole,
    pub active: bool,
}
