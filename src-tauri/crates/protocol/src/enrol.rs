//! Enrolment: a device asks for a token for one store, showing the hub's
//! enrolment key.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /v1/devices/enrol`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    /// The store the device will serve, e.g. `S001`.
    #[schema(example = "S001")]
    pub store_code: String,
    /// A name a person recognises, e.g. "Register 2".
    pub device_name: String,
    /// The hub's enrolment key, as configured by the operator.
    pub enrolment_key: String,
    /// The public half of the Ed25519 key the device signs the QR codes it
    /// prints with (64 hex digits); the secret stays on the device.
    #[serde(default)]
    pub qr_public_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EnrolResponse {
    pub device_id: String,
    pub store_id: String,
    pub store_code: String,
    /// The device's bearer token. The hub keeps only its hash: it is shown
    /// once, here.
    pub token: String,
    /// The key id the hub gave the device's QR signing key (devices learn
    /// its public half through sync like the hub's own keys).
    #[serde(default)]
    pub qr_key_id: Option<u16>,
}
