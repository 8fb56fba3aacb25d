//! Enrolment from the device's side: ask the hub for a token for one store
//! and keep the link, so every later round knows where and who it is.

use std::sync::Arc;

use shopfloor_domain::Clock;
use shopfloor_protocol::EnrolRequest;
use shopfloor_store::sync_state::{self, HubLink, NewHubLink};
use shopfloor_store::DeviceDb;

use crate::client::HubClient;
use crate::engine::Engine;
use crate::error::SyncError;

/// What a person gives to set a device up.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub hub_url: String,
    pub store_code: String,
    pub device_name: String,
    pub enrolment_key: String,
}

/// Enrols this device at the hub and saves the link (token included).
pub async fn enrol(db: Arc<DeviceDb>, enrolment: &Enrolment, clock: Arc<dyn Clock>) -> Result<HubLink, SyncError> {
    let client = HubClient::new(&enrolment.hub_url, None)?;
    // The device's own QR signing key: only the public half leaves it.
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
    let public = ed25519_dalek::SigningKey::from_bytes(&secret).verifying_key().to_bytes();
    let answer = client
        .enrol(&EnrolRequest {
            store_code: enrolment.store_code.clone(),
            device_name: enrolment.device_name.clone(),
            enrolment_key: enrolment.enrolment_key.clone(),
            qr_public_key: Some(hex::encode(public)),
        })
        .await
        .map_err(|e| match e {
            // Before enrolment a 401 means the key, not a revoked device.
            SyncError::Revoked => SyncError::Refused("the hub did not accept the enrolment key".into()),
            other => other,
        })?;
    let hub_url = enrolment.hub_url.trim_end_matches('/').to_string();
    let now = clock.now();
    tokio::task::spawn_blocking(move || {
        db.write(|tx| {
            let link = NewHubLink {
                hub_url: &hub_url,
                token: &answer.token,
                device_id: &answer.device_id,
                store_id: &answer.store_id,
                qr_key: answer.qr_key_id.map(|id| (id, secret)),
            };
            sync_state::save_hub_link(tx, &link, now)
        })?;
        db.read(sync_state::hub_link)?
            .ok_or_else(|| shopfloor_store::StoreError::Invalid("the hub link was not saved".into()))
    })
    .await
    .map_err(|e| SyncError::Local(format!("stopped unexpectedly: {e}")))?
    .map_err(|e| SyncError::Local(e.to_string()))
}

/// The link this device already has, if it was enrolled before.
pub fn saved_link(db: &DeviceDb) -> Result<Option<HubLink>, SyncError> {
    db.read(sync_state::hub_link).map_err(|e| SyncError::Local(e.to_string()))
}

/// An engine that syncs over `link`.
pub fn engine_for(db: Arc<DeviceDb>, link: &HubLink, clock: Arc<dyn Clock>) -> Result<Engine, SyncError> {
    let client = HubClient::new(&link.hub_url, Some(link.token.clone()))?;
    Ok(Engine::new(db, client, link.store_id.clone(), clock))
}
