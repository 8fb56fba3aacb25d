//! Stock here and in other stores, and endless aisle: ordering a product
//! for the open customer, for delivery or pickup at another store.
//!
//! Invariant: this store's stock always comes from the device (so it shows
//! offline, with the device's own sales laid over it); the other stores'
//! only from the hub, asked once with a short timeout and no database
//! connection held while waiting. An order is journalled with its outbox
//! event in one transaction after every check passed, so it is never lost
//! and never half written.

use shopfloor_domain::staff::Action;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_store::endless_aisle::{self, AisleFulfilment, AisleOrder, ShipTo, StoreRow};
use shopfloor_store::sync_state::{self, HubLink};
use shopfloor_store::{DeviceDb, catalog};
use shopfloor_sync::SyncError;
use shopfloor_sync::client::HubClient;

use crate::elsewhere_views::{
    AddressInput, AisleOrderView, FulfilmentInput, OrderElsewhereInput, OthersState, StockByStoreView, StoreStockView,
};
use crate::problems::from_store;
use crate::{Register, clamp_i32, current_store};

/// The longest a person waits for the other stores' stock.
pub const HUB_STOCK_TIMEOUT: Duration = Duration::from_secs(2);
/// The most items of one product an order takes (as the web shop).
pub const MAX_ORDER_QUANTITY: i32 = 999;
/// The longest text of one address field.
const MAX_FIELD: usize = 200;

/// What the device knows before asking the hub.
struct LocalStock {
    product_id: String,
    product_name: String,
    here: StoreStockView,
    stores: Vec<StoreRow>,
    link: Option<HubLink>,
}

impl Register {
    /// A product's on-hand here (always, from the device) and in the other
    /// stores (from the hub when it answers within [`HUB_STOCK_TIMEOUT`];
    /// otherwise listed as unknown, with since when the device is offline).
    pub async fn stock_by_store(&self, product_id: String) -> Result<StockByStoreView, Problem> {
        self.session.signed_in()?;
        let id = product_id.clone();
        let local = self.blocking(move |db| local_stock(db, &id)).await?;
        let Some(link) = local.link.clone() else {
            let note = "This device is not connected to a hub, so it only knows its own store's stock.";
            return Ok(unknown_others(local, OthersState::NoHub, note.to_string(), None));
        };
        if link.revoked {
            let note = "Other stores unknown: this device's enrolment was revoked; ask IT to enrol it again.";
            return Ok(unknown_others(local, OthersState::Unknown, note.to_string(), None));
        }
        let client = HubClient::new(&link.hub_url, Some(link.token.clone()));
        let answer = match client {
            Ok(c) => c.stock_by_store(&link.store_id, &product_id, HUB_STOCK_TIMEOUT).await,
            Err(e) => Err(e),
        };
        match answer {
            Ok(found) => Ok(live_others(local, found.stores)),
            Err(e) => {
                let since = link.last_success_at;
                let note = offline_note(&e, since);
                let since = since.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
                Ok(unknown_others(local, OthersState::Unknown, note, since))
            }
        }
    }

    /// Journals an endless-aisle order for the customer (sent to the hub
    /// when online, which places it as a web order). Checks everything it
    /// can on the device first; nothing is written when a check fails.
    pub async fn order_elsewhere(&self, input: OrderElsewhereInput) -> Result<AisleOrderView, Problem> {
        self.session.require(Action::SellElsewhere)?;
        let (order_id, event_id, now) = (self.ids.next().to_string(), self.ids.next().to_string(), self.clock.now());
        let view = self
            .blocking(move |db| {
                let store = current_store(db)?;
                let fulfilment = checked_fulfilment(db, &store.id, &input)?;
                check_product_and_customer(db, &input)?;
                let order = AisleOrder {
                    order_id,
                    store_id: store.id,
                    customer_id: input.customer_id.clone(),
                    product_id: input.product_id.clone(),
                    quantity: i64::from(input.quantity),
                    fulfilment,
                    ordered_at: now,
                };
                db.write(|tx| endless_aisle::record(tx, &order, &event_id)).map_err(from_store)?;
                let rows = db.read(|c| endless_aisle::for_customer(c, &input.customer_id)).map_err(from_store)?;
                rows.iter()
                    .find(|r| r.order_id == order.order_id)
                    .map(AisleOrderView::from)
                    .ok_or_else(|| Problem::new(ProblemCode::Internal, "the order was saved but cannot be read back"))
            })
            .await?;
        if let Some(wake) = &self.wake {
            wake.notify_one();
        }
        Ok(view)
    }

    /// The endless-aisle orders taken on this device for a customer, newest
    /// first, each with where it stands (waiting, accepted, refused, placed).
    pub async fn customer_aisle_orders(&self, customer_id: String) -> Result<Vec<AisleOrderView>, Problem> {
        self.session.require(Action::SeeCustomerDetails)?;
        self.blocking(move |db| {
            let rows = db.read(|c| endless_aisle::for_customer(c, &customer_id)).map_err(from_store)?;
            Ok(rows.iter().map(AisleOrderView::from).collect())
        })
        .await
    }
}

fn local_stock(db: &DeviceDb, product_id: &str) -> Result<LocalStock, Problem> {
    let store = current_store(db)?;
    let (product, stores, link) = db
        .read(|c| {
            Ok((
                catalog::by_id(c, &store.id, product_id)?,
                endless_aisle::stores_nearest(c, &store.id)?,
                sync_state::hub_link(c)?,
            ))
        })
        .map_err(from_store)?;
    let product = product.ok_or_else(|| Problem::new(ProblemCode::NotFound, "That product is no longer in the catalogue."))?;
    let here = StoreStockView {
        store_id: store.id.clone(),
        code: store.code.clone(),
        name: store.name.clone(),
        city: store.city.clone(),
        on_hand: Some(clamp_i32(product.on_hand)),
        sells: Some(product.price.is_some()),
        here: true,
    };
    let stores = stores.into_iter().filter(|s| s.id != store.id).collect();
    Ok(LocalStock { product_id: product.id, product_name: product.name, here, stores, link })
}

fn live_others(local: LocalStock, hub: Vec<shopfloor_protocol::StoreStock>) -> StockByStoreView {
    let mut stores = vec![local.here.clone()];
    stores.extend(hub.into_iter().filter(|s| s.store_id != local.here.store_id).map(|s| StoreStockView {
        store_id: s.store_id,
        code: s.code,
        name: s.name,
        city: s.city,
        on_hand: Some(clamp_i32(s.on_hand)),
        sells: Some(s.sells),
        here: false,
    }));
    StockByStoreView {
        product_id: local.product_id,
        product_name: local.product_name,
        stores,
        others: OthersState::Live,
        others_note: None,
        offline_since: None,
    }
}

fn unknown_others(local: LocalStock, state: OthersState, note: String, since: Option<String>) -> StockByStoreView {
    let mut stores = vec![local.here.clone()];
    stores.extend(local.stores.into_iter().map(|s| StoreStockView {
        store_id: s.id,
        code: s.code,
        name: s.name,
        city: s.city,
        on_hand: None,
        sells: None,
        here: false,
    }));
    StockByStoreView {
        product_id: local.product_id,
        product_name: local.product_name,
        stores,
        others: state,
        others_note: Some(note),
        offline_since: since,
    }
}

/// Why the other stores are unknown, for the panel.
fn offline_note(e: &SyncError, since: Option<DateTime<Utc>>) -> String {
    let since = match since {
        Some(t) => format!(" (offline since {} UTC)", t.format("%Y-%m-%d %H:%M")),
        None => " (not yet in touch with the hub)".to_string(),
    };
    match e {
        SyncError::Unreachable(_) => format!("Other stores unknown: the hub cannot be reached{since}."),
        SyncError::Revoked => "Other stores unknown: the hub no longer accepts this device.".into(),
        other => format!("Other stores unknown: {other}."),
    }
}

/// The fulfilment, checked: a pickup at another store this device knows,
/// or a delivery address with every field.
fn checked_fulfilment(db: &DeviceDb, here: &str, input: &OrderElsewhereInput) -> Result<AisleFulfilment, Problem> {
    if !(1..=MAX_ORDER_QUANTITY).contains(&input.quantity) {
        return Err(invalid(format!("Order 1 to {MAX_ORDER_QUANTITY} items; {} cannot be ordered.", input.quantity)));
    }
    match &input.fulfilment {
        FulfilmentInput::Pickup { store_id } => {
            if store_id == here {
                return Err(invalid("Pickup is at another store; to hand it over here, sell it at the counter."));
            }
            let known = db
                .read(|c| Ok(endless_aisle::stores_nearest(c, here)?.iter().any(|s| &s.id == store_id)))
                .map_err(from_store)?;
            if !known {
                return Err(Problem::new(ProblemCode::NotFound, "That pickup store is not known to this device. Choose a store from the list."));
            }
            Ok(AisleFulfilment::Pickup { store_id: store_id.clone() })
        }
        FulfilmentInput::Ship { address } => Ok(AisleFulfilment::Ship { ship_to: checked_address(address)? }),
    }
}

/// The address trimmed, with the country in capitals; every field needed.
pub fn checked_address(a: &AddressInput) -> Result<ShipTo, Problem> {
    let fields = [("name", &a.name), ("street", &a.street), ("postcode", &a.postcode), ("city", &a.city), ("country", &a.country)];
    for (field, value) in fields {
        if value.trim().is_empty() {
            return Err(invalid(format!("Enter the delivery {field}.")));
        }
        if value.trim().chars().count() > MAX_FIELD {
            return Err(invalid(format!("The delivery {field} is longer than {MAX_FIELD} characters; shorten it.")));
        }
    }
    let country = a.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(invalid(format!("Enter the country as two letters, such as DE (not {:?}).", a.country.trim())));
    }
    Ok(ShipTo {
        name: a.name.trim().into(),
        street: a.street.trim().into(),
        postcode: a.postcode.trim().into(),
        city: a.city.trim().into(),
        country,
    })
}

fn check_product_and_customer(db: &DeviceDb, input: &OrderElsewhereInput) -> Result<(), Problem> {
    let store = current_store(db)?;
    let (product, customer) = db
        .read(|c| Ok((catalog::by_id(c, &store.id, &input.product_id)?, shopfloor_store::profile::customer_exists(c, &input.customer_id)?)))
        .map_err(from_store)?;
    if product.is_none() {
        return Err(Problem::new(ProblemCode::NotFound, "That product is no longer in the catalogue."));
    }
    if input.customer_id.trim().is_empty() {
        return Err(invalid("Open the customer first: an order elsewhere is always for a customer."));
    }
    if !customer {
        return Err(Problem::new(
            ProblemCode::NotFound,
            "That customer is not on this device (erased, or not synced yet). Find the customer again.",
        ));
    }
    Ok(())
}

fn invalid(message: impl Into<String>) -> Problem {
    Problem::new(ProblemCode::InvalidInput, message)
}
