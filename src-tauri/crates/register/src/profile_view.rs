//! The customer profile as the associate's screen shows it: contact and
//! consent, sizes and preferences, the live online carts priced at this
//! store, the purchase history of every channel, and suggestions with the
//! reason for each.

use serde::Serialize;
use shopfloor_domain::{Money, Problem};
use shopfloor_store::profile::{CartHere, HistoryOrder, ProfileRecord};
use shopfloor_store::recommendations::Recommendation;
use specta::Type;

use crate::profile::CustomerDetailsView;
use crate::scan_outcome::{CustomerCardView, LineView, LoyaltyView, currency, line_views};
use crate::views::{MoneyView, clamp_i32};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProfileView {
    pub customer: CustomerCardView,
    /// `YYYY-MM-DD`.
    pub customer_since: String,
    /// Contact, consents, sizes, preferences and notes, with this device's
    /// unconfirmed edits laid over the hub's.
    pub details: CustomerDetailsView,
    /// Live online carts, newest first.
    pub online_carts: Vec<ProfileCartView>,
    /// The web shop wishlist, newest first.
    pub wishlist: Vec<WishView>,
    /// Newest first.
    pub orders: Vec<HistoryOrderView>,
    /// Every order of the customer, of which `orders` are the newest.
    pub order_count: i32,
    /// The signed-in role may see the name and loyalty card only: contact,
    /// notes, carts, wishlist and history were left out (in Rust, not hidden).
    pub restricted: bool,
}

impl ProfileView {
    /// The profile as a role without [`Action::SeeCustomerDetails`] gets it.
    ///
    /// [`Action::SeeCustomerDetails`]: shopfloor_domain::staff::Action::SeeCustomerDetails
    pub fn restricted(self) -> ProfileView {
        let d = self.details;
        ProfileView {
            customer: self.customer.without_contact(),
            customer_since: self.customer_since,
            details: CustomerDetailsView {
                customer_id: d.customer_id,
                email: None,
                phone: None,
                consent_email: d.consent_email,
                consent_sms: d.consent_sms,
                sizes: Default::default(),
                preferences: Default::default(),
                pending_fields: Vec::new(),
                notes: Vec::new(),
            },
            online_carts: Vec::new(),
            wishlist: Vec::new(),
            orders: Vec::new(),
            order_count: 0,
            restricted: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProfileCartView {
    pub cart_id: String,
    pub channel: String,
    pub updated_at: String,
    pub lines: Vec<ProfileCartLineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProfileCartLineView {
    pub line_no: i32,
    pub product_id: String,
    pub name: String,
    pub quantity: i32,
    /// What the online cart says it costs.
    pub online_unit_price: MoneyView,
    /// What it costs in this store; `None` when the store does not sell it.
    pub store_unit_price: Option<MoneyView>,
    pub on_hand: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WishView {
    pub product_id: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub added_on: String,
    /// This store's price; `None` when the store does not sell it.
    pub price: Option<MoneyView>,
    pub on_hand: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HistoryOrderView {
    pub order_id: String,
    /// `None` for a sale made here that the hub has not numbered yet.
    pub number: Option<String>,
    /// `web`, `app` or `store`.
    pub channel: String,
    /// Where, in words: `web, shipped`, `store S001`, `pickup at S003`.
    pub where_text: String,
    pub status: String,
    pub placed_at: String,
    /// `None` for an endless-aisle order the web shop has not priced yet.
    pub total: Option<MoneyView>,
    /// Made here and not yet confirmed by the hub.
    pub pending: bool,
    pub lines: Vec<LineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RecommendationView {
    pub product_id: String,
    pub name: String,
    pub price: MoneyView,
    pub on_hand: i32,
    /// Why it is suggested, e.g. `Bought with Trail Boot by 12 customers`.
    pub reason: String,
}

impl ProfileView {
    pub fn new(p: ProfileRecord, details: CustomerDetailsView, store_currency: &str) -> Result<ProfileView, Problem> {
        let c = p.customer;
        let customer = CustomerCardView {
            customer_id: c.id,
            name: format!("{} {}", c.first_name, c.last_name),
            email: details.email.clone(),
            phone: details.phone.clone(),
            loyalty: p.loyalty.map(|l| LoyaltyView { account_id: l.account_id, number: l.number, tier: l.tier, points: l.points }),
        };
        Ok(ProfileView {
            customer,
            customer_since: c.created_at.format("%Y-%m-%d").to_string(),
            details,
            online_carts: p.online_carts.into_iter().map(|k| cart_view(k, store_currency)).collect::<Result<_, _>>()?,
            wishlist: p
                .wishlist
                .into_iter()
                .map(|w| WishView {
                    name: w.name.unwrap_or_else(|| format!("Product {} (not in this store's catalogue)", w.product_id)),
                    product_id: w.product_id,
                    added_on: w.added_at.format("%Y-%m-%d").to_string(),
                    price: w.store_price.map(MoneyView::from),
                    on_hand: clamp_i32(w.on_hand),
                })
                .collect(),
            orders: p.orders.into_iter().map(order_view).collect::<Result<_, _>>()?,
            order_count: clamp_i32(p.order_count),
            restricted: false,
        })
    }
}

fn cart_view(k: CartHere, store_currency: &str) -> Result<ProfileCartView, Problem> {
    let cur = currency(store_currency)?;
    Ok(ProfileCartView {
        cart_id: k.id,
        channel: k.channel,
        updated_at: k.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        lines: k
            .lines
            .into_iter()
            .map(|l| ProfileCartLineView {
                line_no: clamp_i32(l.line_no),
                name: l.name.unwrap_or_else(|| format!("Product {} (not in this store's catalogue)", l.product_id)),
                product_id: l.product_id,
                quantity: clamp_i32(l.quantity),
                online_unit_price: Money::new(l.online_unit_price_minor, cur).into(),
                store_unit_price: l.store_price.map(MoneyView::from),
                on_hand: clamp_i32(l.on_hand),
            })
            .collect(),
    })
}

fn order_view(o: HistoryOrder) -> Result<HistoryOrderView, Problem> {
    let cur = currency(&o.currency)?;
    let store = o.store_code.as_deref().unwrap_or("?");
    let where_text = match (o.channel.as_str(), o.fulfilment.as_str()) {
        (_, "pickup") => format!("{}, pickup at {store}", o.channel),
        ("store", _) => format!("store {store}"),
        (channel, "ship") => format!("{channel}, for delivery"),
        (channel, _) => channel.to_string(),
    };
    let status = o.pickup_status.as_deref().unwrap_or(&o.status).replace('_', " ");
    Ok(HistoryOrderView {
        order_id: o.id,
        number: o.number,
        channel: o.channel,
        where_text,
        status,
        placed_at: o.placed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        total: o.total_minor.map(|t| Money::new(t, cur).into()),
        pending: o.pending,
        lines: line_views(o.lines, cur),
    })
}

impl RecommendationView {
    /// `None` for a product without a price here (never suggested).
    pub fn new(r: Recommendation) -> Option<RecommendationView> {
        let price = r.product.price?;
        let who = if r.baskets == 1 { "another order".to_string() } else { format!("{} other orders", r.baskets) };
        Some(RecommendationView {
            product_id: r.product.id,
            reason: format!("Bought with {} in {who}", r.bought_with),
            name: r.product.name,
            price: price.into(),
            on_hand: clamp_i32(r.product.on_hand),
        })
    }
}
