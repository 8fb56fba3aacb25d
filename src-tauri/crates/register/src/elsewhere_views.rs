//! What the stock panel and the endless-aisle form show and send: a
//! product's stock by store (this store always, the others when the hub
//! answers), the order form's input, and an order taken here as it stands.

use serde::{Deserialize, Serialize};
use shopfloor_store::endless_aisle::{AisleOrderRow, AisleProgress, ShipTo};
use specta::Type;

use crate::views::clamp_i32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StoreStockView {
    pub store_id: String,
    pub code: String,
    pub name: String,
    pub city: String,
    /// `None` when not known (the hub could not be asked).
    pub on_hand: Option<i32>,
    /// Whether the store has a price for it; `None` when not known.
    pub sells: Option<bool>,
    /// This device's store.
    pub here: bool,
}

/// Whether the other stores' stock is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OthersState {
    /// The hub answered just now.
    Live,
    /// The hub could not be asked (offline, slow, or refused).
    Unknown,
    /// This device follows no hub: it only knows its own stock.
    NoHub,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StockByStoreView {
    pub product_id: String,
    pub product_name: String,
    /// This store first (its on-hand from the device, always known), then
    /// the others nearest first: same city, then by store code.
    pub stores: Vec<StoreStockView>,
    pub others: OthersState,
    /// Why the other stores' stock is not shown, as a sentence.
    pub others_note: Option<String>,
    /// When the device last reached the hub (RFC 3339), when it is offline.
    pub offline_since: Option<String>,
}

/// A delivery address typed at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AddressInput {
    pub name: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// Two letters, e.g. `DE`.
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FulfilmentInput {
    Ship { address: AddressInput },
    Pickup { store_id: String },
}

/// The endless-aisle form: one product for the open customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OrderElsewhereInput {
    pub product_id: String,
    pub quantity: i32,
    pub customer_id: String,
    pub fulfilment: FulfilmentInput,
}

/// Where an order taken here stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum AisleOrderState {
    /// Journalled here; sent when the device is online.
    Waiting,
    /// The hub accepted it; its order is on the way to this device.
    Accepted,
    /// The hub refused it: see `note`.
    Refused,
    /// The hub's order is on this device (in the customer's orders).
    Placed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AisleOrderView {
    pub order_id: String,
    pub product_name: String,
    pub quantity: i32,
    /// `Pickup at Store S002 (S002)` or `Ship to Ada Lovelace, …`.
    pub destination: String,
    pub ordered_at: String,
    pub state: AisleOrderState,
    /// The hub's order number, once placed.
    pub order_number: Option<String>,
    /// One line for the associate.
    pub note: String,
}

impl From<&AisleOrderRow> for AisleOrderView {
    fn from(r: &AisleOrderRow) -> Self {
        let (state, order_number, note) = match &r.progress {
            AisleProgress::Waiting => (AisleOrderState::Waiting, None, "Ordered — sent to the hub when online.".to_string()),
            AisleProgress::Accepted => {
                (AisleOrderState::Accepted, None, "Sent — the hub accepted it; the order is on its way to this device.".to_string())
            }
            AisleProgress::Refused(why) => (AisleOrderState::Refused, None, format!("Refused by the hub: {why}")),
            AisleProgress::Placed { number, status } => {
                (AisleOrderState::Placed, Some(number.clone()), format!("Order {number} placed ({status})."))
            }
        };
        AisleOrderView {
            order_id: r.order_id.clone(),
            product_name: r.product_name.clone().unwrap_or_else(|| r.product_id.clone()),
            quantity: clamp_i32(r.quantity),
            destination: destination(r.pickup_store_name.as_deref(), r.ship_to.as_ref()),
            ordered_at: r.ordered_at.to_rfc3339(),
            state,
            order_number,
            note,
        }
    }
}

fn destination(pickup_store: Option<&str>, ship_to: Option<&ShipTo>) -> String {
    match (pickup_store, ship_to) {
        (_, Some(a)) => format!("Ship to {}, {}, {} {}, {}", a.name, a.street, a.postcode, a.city, a.country),
        (Some(store), None) => format!("Pickup at {store}"),
        (None, None) => "Pickup at another store".into(),
    }
}
