//! Where a scan took the register: a line in the cart, or the thing a
//! genuine Shopfloor code names, opened wherever the person is (a loyalty
//! card opens its customer, a receipt its order, a pickup code its pickup,
//! a hand-off code its cart, a store-credit or gift card its balance).

use serde::Serialize;
use shopfloor_domain::{Currency, Money, Problem, ProblemCode};
use shopfloor_store::code_targets::{LoyaltyCard, NamedLine, OnlineCartRecord, OrderRecord, PickupRecord};
use specta::Type;

use crate::stored_value::StoredValueView;
use crate::views::{CartView, MoneyView};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScanOutcome {
    Cart { cart: CartView },
    Customer { customer: CustomerCardView },
    Receipt { order: OrderView },
    Pickup { pickup: PickupTarget },
    OnlineCart { cart: OnlineCartView },
    /// A store-credit or gift card, with what it holds now.
    StoredValue { card: StoredValueView },
}

/// A customer as the panel beside the sale shows them: who they are, how
/// to reach them, and their loyalty card if they have one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CustomerCardView {
    pub customer_id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub loyalty: Option<LoyaltyView>,
}

impl CustomerCardView {
    /// The card as a role that may not see contact details sees it.
    pub fn without_contact(self) -> CustomerCardView {
        CustomerCardView { email: None, phone: None, ..self }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LoyaltyView {
    pub account_id: String,
    /// The twelve digits printed on the card.
    pub number: String,
    pub tier: String,
    #[specta(type = i32)]
    pub points: i64,
}

impl From<LoyaltyCard> for CustomerCardView {
    fn from(c: LoyaltyCard) -> Self {
        CustomerCardView {
            customer_id: c.customer_id,
            name: format!("{} {}", c.first_name, c.last_name),
            email: c.email,
            phone: c.phone,
            loyalty: Some(LoyaltyView { account_id: c.account_id, number: c.number, tier: c.tier, points: c.points }),
        }
    }
}

impl From<shopfloor_store::customers::CustomerHit> for CustomerCardView {
    fn from(c: shopfloor_store::customers::CustomerHit) -> Self {
        CustomerCardView {
            customer_id: c.customer_id,
            name: format!("{} {}", c.first_name, c.last_name),
            email: c.email,
            phone: c.phone,
            loyalty: c.loyalty.map(|l| LoyaltyView { account_id: l.account_id, number: l.number, tier: l.tier, points: l.points }),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct LineView {
    pub product_id: String,
    pub name: String,
    pub quantity: i32,
    pub unit_price: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OrderView {
    pub order_id: String,
    pub number: String,
    /// `web`, `app` or `store`.
    pub channel: String,
    pub status: String,
    pub placed_at: String,
    pub store_code: Option<String>,
    pub customer_name: Option<String>,
    pub total: MoneyView,
    pub lines: Vec<LineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PickupTarget {
    pub pickup_id: String,
    pub order_number: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct OnlineCartView {
    pub cart_id: String,
    pub channel: String,
    pub status: String,
    pub customer_name: String,
    pub total: MoneyView,
    pub lines: Vec<LineView>,
}

pub(crate) fn currency(code: &str) -> Result<Currency, Problem> {
    Currency::parse(code).map_err(|e| Problem::new(ProblemCode::Internal, e.to_string()))
}

pub(crate) fn line_views(lines: Vec<NamedLine>, currency: Currency) -> Vec<LineView> {
    lines
        .into_iter()
        .map(|l| LineView {
            name: l.name.unwrap_or_else(|| format!("Product {} (not in this store's catalogue)", l.product_id)),
            product_id: l.product_id,
            quantity: l.quantity.clamp(0, i64::from(i32::MAX)) as i32,
            unit_price: Money::new(l.unit_price_minor, currency).into(),
        })
        .collect()
}

impl OrderView {
    pub fn new(o: OrderRecord) -> Result<OrderView, Problem> {
        let currency = currency(&o.currency)?;
        Ok(OrderView {
            order_id: o.id,
            number: o.number,
            channel: o.channel,
            status: o.status.replace('_', " "),
            placed_at: o.placed_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            store_code: o.store_code,
            customer_name: o.customer_name,
            total: Money::new(o.total_minor, currency).into(),
            lines: line_views(o.lines, currency),
        })
    }
}

impl From<PickupRecord> for PickupTarget {
    fn from(p: PickupRecord) -> Self {
        PickupTarget { pickup_id: p.pickup_id, order_number: p.order_number, status: p.status.replace('_', " ") }
    }
}

impl OnlineCartView {
    pub fn new(c: OnlineCartRecord, currency_code: &str) -> Result<OnlineCartView, Problem> {
        let currency = currency(currency_code)?;
        let mut total = Money::zero(currency);
        for l in &c.lines {
            let line = Money::new(l.unit_price_minor, currency).times(l.quantity);
            total = line.and_then(|line| total.checked_add(line)).map_err(|e| Problem::new(ProblemCode::Internal, e.to_string()))?;
        }
        Ok(OnlineCartView {
            cart_id: c.id,
            channel: c.channel,
            status: c.status,
            customer_name: c.customer_name,
            total: total.into(),
            lines: line_views(c.lines, currency),
        })
    }
}

/// A code this device issued: its text and its picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct QrCodeView {
    pub text: String,
    /// A standalone SVG document.
    pub svg: String,
}

impl QrCodeView {
    pub fn drawn(text: String) -> Result<QrCodeView, Problem> {
        let svg = shopfloor_scan::qr_svg(&text).map_err(|e| Problem::new(ProblemCode::Internal, e.to_string()))?;
        Ok(QrCodeView { text, svg })
    }
}
