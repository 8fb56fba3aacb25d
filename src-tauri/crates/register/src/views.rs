//! What the Register screen shows, as typed values that cross to the UI.
//! Integer amounts are sent as JSON numbers (exact below 2^53).

use chrono::{DateTime, Utc};
use serde::Serialize;
use shopfloor_domain::{CartLine, Currency, Money, Problem, ProblemCode, price_cart};
use shopfloor_store::catalog::ProductInfo;
use shopfloor_store::device::StoreInfo;
use shopfloor_store::draft_cart::DraftLine;
use shopfloor_store::journal::OutboxStats;
use specta::Type;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct MoneyView {
    // Sent as a plain JSON number: exact for any amount below 2^53 minor units.
    #[specta(type = i32)]
    pub minor: i64,
    pub currency: String,
    /// Written out for people, e.g. `12.50 EUR`.
    pub display: String,
}

impl From<Money> for MoneyView {
    fn from(m: Money) -> Self {
        MoneyView { minor: m.minor, currency: m.currency.code().to_string(), display: m.display() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CartLineView {
    pub line_id: String,
    pub product_id: String,
    pub name: String,
    pub gtin13: Option<String>,
    pub quantity: i32,
    pub unit_price: MoneyView,
    pub line_total: MoneyView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    pub total: MoneyView,
    pub units: i32,
    /// The line the last action added to, to highlight it.
    pub last_added_line_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProductHit {
    pub product_id: String,
    pub name: String,
    pub brand: String,
    pub category: String,
    pub gtin13: Option<String>,
    /// `None` when this store does not sell it.
    pub price: Option<MoneyView>,
    pub on_hand: i32,
}

impl From<&ProductInfo> for ProductHit {
    fn from(p: &ProductInfo) -> Self {
        ProductHit {
            product_id: p.id.clone(),
            name: p.name.clone(),
            brand: p.brand.clone(),
            category: p.category.clone(),
            gtin13: p.gtin14.as_deref().map(gtin13),
            price: p.price.map(MoneyView::from),
            on_hand: clamp_i32(p.on_hand),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StoreView {
    pub id: String,
    pub code: String,
    pub name: String,
    pub currency: String,
}

impl From<&StoreInfo> for StoreView {
    fn from(s: &StoreInfo) -> Self {
        StoreView { id: s.id.clone(), code: s.code.clone(), name: s.name.clone(), currency: s.currency.clone() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// No hub is configured: the device works on its local data only.
    LocalOnly,
    Online,
    Offline,
    /// The hub refused this device's token: syncing has stopped.
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct SyncView {
    pub state: SyncState,
    pub waiting_events: i32,
    pub oldest_waiting_secs: Option<i32>,
    pub last_success_at: Option<String>,
    /// One line for the status bar.
    pub message: String,
}

impl SyncView {
    pub fn local_only(stats: &OutboxStats, now: DateTime<Utc>) -> SyncView {
        let waiting = clamp_i32(stats.pending);
        let oldest = stats.oldest_pending_at.map(|t| clamp_i32((now - t).num_seconds().max(0)));
        let message = if waiting == 0 {
            "Local data only (no hub connected)".to_string()
        } else {
            format!("Local data only (no hub connected) · {waiting} events waiting")
        };
        SyncView { state: SyncState::LocalOnly, waiting_events: waiting, oldest_waiting_secs: oldest, last_success_at: None, message }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegisterView {
    pub store: StoreView,
    pub cart: CartView,
    pub sync: SyncView,
}

/// Prices the draft cart into its view.
pub fn cart(lines: &[DraftLine], currency: &str, added: Option<String>) -> Result<CartView, Problem> {
    let currency = Currency::parse(currency).map_err(|e| Problem::new(ProblemCode::Internal, e.to_string()))?;
    let priced: Vec<CartLine> = lines
        .iter()
        .map(|l| CartLine { unit_price: l.unit_price.unwrap_or(Money::zero(currency)), quantity: l.quantity })
        .collect();
    let totals = price_cart(&priced, currency).map_err(|e| Problem::new(ProblemCode::InvalidInput, format!("The cart cannot be totalled: {e}.")))?;
    let views = lines
        .iter()
        .zip(priced.iter().zip(totals.line_totals.iter()))
        .map(|(l, (p, total))| CartLineView {
            line_id: l.id.clone(),
            product_id: l.product_id.clone(),
            name: l.name.clone(),
            gtin13: l.gtin14.as_deref().map(gtin13),
            quantity: clamp_i32(l.quantity),
            unit_price: p.unit_price.into(),
            line_total: (*total).into(),
        })
        .collect();
    Ok(CartView { lines: views, total: totals.total.into(), units: clamp_i32(totals.units), last_added_line_id: added })
}

fn gtin13(gtin14: &str) -> String {
    gtin14.strip_prefix('0').unwrap_or(gtin14).to_string()
}

fn clamp_i32(v: i64) -> i32 {
    v.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}
