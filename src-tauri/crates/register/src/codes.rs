//! Shopfloor's own codes at the register: checking them against the QR
//! keys the replica holds, opening what a genuine one names, and signing
//! the codes this device draws with its own key. Also the retailer's
//! scanning rules, which come with the replica too.

use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_scan::{KeyId, Keyring, QrContent, ScanRules, Signer, Verifier};
use shopfloor_store::{DeviceDb, code_targets, device, stored_value, sync_state};

use crate::problems::from_store;
use crate::scan_outcome::{OnlineCartView, OrderView, ScanOutcome};
use crate::stored_value::StoredValueView;

/// Checks Shopfloor codes of this device's retailer against the hub's QR
/// keys the replica holds (sync brings them; retired keys are left out). A
/// key of another retailer, or one that is not a valid Ed25519 public key,
/// is skipped, so a code it signed is refused as signed by an unknown key.
pub(crate) fn verifier(db: &DeviceDb) -> Result<Verifier, Problem> {
    let (retailer, keys) = db
        .read(|c| Ok((device::retailer_id(c)?, device::qr_keys(c)?)))
        .map_err(from_store)?;
    let mut keyring = Keyring::new();
    if let Some(retailer) = &retailer {
        for key in keys.into_iter().filter(|k| &k.retailer_id == retailer) {
            if let Ok(public) = <[u8; 32]>::try_from(key.public_key.as_slice()) {
                let _skipped_if_invalid = keyring.insert(KeyId(key.key_id), public);
            }
        }
    }
    let retailer = retailer.and_then(|r| uuid::Uuid::parse_str(&r).ok()).unwrap_or_default();
    Ok(Verifier::new(retailer, keyring))
}

/// The retailer's scanning rules from the hub. Rules this build cannot read
/// (sent by a newer hub, say) leave the defaults, so product barcodes still
/// scan; a price or weight label then reads as a barcode the catalogue does
/// not know, and the reason is logged for IT.
pub(crate) fn scan_rules(db: &DeviceDb) -> Result<ScanRules, Problem> {
    let json = db.read(device::scan_rules_json).map_err(from_store)?;
    let Some(json) = json else { return Ok(ScanRules::default()) };
    Ok(serde_json::from_str(&json).unwrap_or_else(|e| {
        eprintln!("shopfloor: the hub's scanning rules cannot be read, using the defaults: {e}");
        ScanRules::default()
    }))
}

/// This device's signer: its own key, published by the hub at enrolment.
pub(crate) fn device_signer(db: &DeviceDb) -> Result<Signer, Problem> {
    let (key, retailer) = db
        .read(|c| Ok((sync_state::qr_signing_key(c)?, device::retailer_id(c)?)))
        .map_err(from_store)?;
    let retailer = retailer.and_then(|r| uuid::Uuid::parse_str(&r).ok());
    match (key, retailer) {
        (Some((key_id, secret)), Some(retailer)) => Ok(Signer::from_secret_key(retailer, KeyId(key_id), secret)),
        _ => Err(Problem::new(
            ProblemCode::NotSetUp,
            "This device cannot sign codes: it was not enrolled at a hub with a signing key, or it was revoked. Ask IT to enrol it.",
        )),
    }
}

/// Opens what a genuine Shopfloor code names, from the replica.
pub(crate) fn open_code(db: &DeviceDb, store: &device::StoreInfo, content: &QrContent) -> Result<ScanOutcome, Problem> {
    let missing = |what: &str| {
        Problem::new(
            ProblemCode::NotFound,
            format!("This {what} is genuine but not on this device: it may have been erased, or the device has not synced it yet. Try again once the status bar says Online."),
        )
    };
    match content {
        QrContent::LoyaltyCard { account_id } => {
            let card = db.read(|c| code_targets::loyalty_card(c, &account_id.to_string())).map_err(from_store)?;
            Ok(ScanOutcome::Customer { customer: card.ok_or_else(|| missing("loyalty card"))?.into() })
        }
        QrContent::Receipt { order_id } => {
            let order = db.read(|c| code_targets::order(c, &order_id.to_string())).map_err(from_store)?;
            Ok(ScanOutcome::Receipt { order: OrderView::new(order.ok_or_else(|| missing("receipt's order"))?)? })
        }
        QrContent::Pickup { pickup_id, .. } => {
            let pickup = db.read(|c| code_targets::pickup(c, &pickup_id.to_string())).map_err(from_store)?;
            let pickup = pickup.ok_or_else(|| missing("pickup"))?;
            if pickup.store_id != store.id {
                return Err(Problem::new(ProblemCode::NotFound, format!("Pickup {} is to be collected at another store.", pickup.order_number)));
            }
            Ok(ScanOutcome::Pickup { pickup: pickup.into() })
        }
        QrContent::CartHandoff { cart_id, .. } => {
            let cart = db.read(|c| code_targets::online_cart(c, &cart_id.to_string())).map_err(from_store)?;
            Ok(ScanOutcome::OnlineCart { cart: OnlineCartView::new(cart.ok_or_else(|| missing("cart"))?, &store.currency)? })
        }
        QrContent::StoredValueCard { card_id } => {
            let card = db.read(|c| stored_value::card(c, &card_id.to_string())).map_err(from_store)?;
            let card = card.ok_or_else(|| missing("store credit or gift card"))?;
            Ok(ScanOutcome::StoredValue { card: StoredValueView::new(card)? })
        }
    }
}
