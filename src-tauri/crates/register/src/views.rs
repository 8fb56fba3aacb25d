//! What the Register screen shows, as typed values that cross to the UI.
//! Integer amounts are sent as JSON numbers (exact below 2^53).

use chrono::{DateTime, Utc};
use serde::Serialize;
use shopfloor_domain::pricing::DiscountSource;
use shopfloor_domain::{Currency, Money, Problem, ProblemCode, Rounding};
use shopfloor_store::catalog::ProductInfo;
use shopfloor_store::device::StoreInfo;
use shopfloor_store::draft_cart::{CartFor, DraftLine, DraftTender, Label};
use shopfloor_store::journal::TenderKind;

use crate::checkout::PricedCart;
use shopfloor_store::journal::OutboxStats;
use shopfloor_sync::run::{LinkState, SyncStatus};
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
    /// Unit price × quantity.
    pub gross: MoneyView,
    /// Promotions and manual discounts on the line, in the order applied.
    pub discounts: Vec<AmountView>,
    /// What the line costs after its discounts (and tax, when prices exclude it).
    pub line_total: MoneyView,
    /// For a line scanned from a price or weight label, what the label
    /// said, e.g. `0.532 kg at 69.90 EUR/kg` or `Price label`; such a line's
    /// quantity cannot change.
    pub label: Option<String>,
    /// The price was typed over the store's, with a manager's approval.
    pub price_overridden: bool,
    /// `false` when the store stopped selling it (the sale cannot complete).
    pub sold_here: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    /// Sum of the lines' gross.
    pub subtotal: MoneyView,
    /// Every discount, in total.
    pub discount: MoneyView,
    /// The tax: inside the total when prices include tax, else on top.
    pub tax: MoneyView,
    pub prices_include_tax: bool,
    /// The promotions that apply, with what each takes off.
    pub promotions: Vec<AmountView>,
    pub total: MoneyView,
    pub units: i32,
    /// Tenders taken so far (a split payment), what they cover, and what is left to pay.
    pub tenders: Vec<TenderView>,
    pub paid: MoneyView,
    pub due: MoneyView,
    /// The line the last action added to, to highlight it.
    pub last_added_line_id: Option<String>,
    /// The customer the sale is for, if one is attached.
    pub customer: Option<CartCustomerView>,
    /// An exchange in progress: its credit pays for the new items.
    pub exchange: Option<crate::exchange::ExchangeView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CartCustomerView {
    pub customer_id: String,
    pub name: String,
    /// Lines came from this online cart, which the sale will convert.
    pub online_cart_id: Option<String>,
}

impl From<CartFor> for CartCustomerView {
    fn from(c: CartFor) -> Self {
        CartCustomerView { customer_id: c.customer_id, name: c.name, online_cart_id: c.online_cart_id }
    }
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
    /// Set while the device loads its store's snapshot from the hub.
    pub bootstrap: Option<BootstrapView>,
    /// Conflicts and refused events nobody has looked at yet.
    pub open_conflicts: i32,
    /// One line for the status bar.
    pub message: String,
    /// Why the last attempt failed, in words a person can act on.
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BootstrapView {
    pub section: String,
    pub done: i32,
    pub total: i32,
}

impl SyncView {
    /// The view of the sync loop's status (`None`: no hub configured) and of
    /// the outbox.
    pub fn new(status: Option<&SyncStatus>, stats: &OutboxStats, open_conflicts: usize, now: DateTime<Utc>) -> SyncView {
        let waiting = clamp_i32(stats.pending);
        let oldest = stats.oldest_pending_at.map(|t| clamp_i32((now - t).num_seconds().max(0)));
        let state = match status.map(|s| s.state) {
            None => SyncState::LocalOnly,
            Some(LinkState::Online) => SyncState::Online,
            Some(LinkState::Starting) | Some(LinkState::Offline) => SyncState::Offline,
            Some(LinkState::Revoked) => SyncState::Revoked,
        };
        let bootstrap = status.and_then(|s| s.bootstrap.as_ref()).map(|b| BootstrapView {
            section: b.section.replace('_', " "),
            done: clamp_i32(b.done as i64),
            total: clamp_i32(b.total as i64),
        });
        let last_success_at = status.and_then(|s| s.last_success_at).map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        let message = message(state, status, bootstrap.as_ref(), waiting, oldest);
        let detail = status.and_then(|s| s.last_error.clone());
        let open_conflicts = clamp_i32(i64::try_from(open_conflicts).unwrap_or(i64::MAX));
        SyncView { state, waiting_events: waiting, oldest_waiting_secs: oldest, last_success_at, bootstrap, open_conflicts, message, detail }
    }
}

fn message(
    state: SyncState,
    status: Option<&SyncStatus>,
    bootstrap: Option<&BootstrapView>,
    waiting: i32,
    oldest: Option<i32>,
) -> String {
    let waiting_text = match (waiting, oldest) {
        (0, _) => String::new(),
        (1, Some(age)) => format!(" · 1 event waiting ({})", age_text(age)),
        (n, Some(age)) => format!(" · {n} events waiting (oldest {})", age_text(age)),
        (n, None) => format!(" · {n} events waiting"),
    };
    if let Some(b) = bootstrap {
        return format!("Setting up: loading {} {} / {}", b.section, b.done, b.total);
    }
    match state {
        SyncState::LocalOnly => format!("Local data only (no hub connected){waiting_text}"),
        SyncState::Online => format!("Online{waiting_text}"),
        SyncState::Offline => {
            let starting = status.is_some_and(|s| s.state == LinkState::Starting);
            if starting { format!("Connecting to the hub…{waiting_text}") } else { format!("Offline — working locally, retrying{waiting_text}") }
        }
        SyncState::Revoked => "This device was revoked at the hub: syncing stopped. Ask IT to enrol it again.".to_string(),
    }
}

fn age_text(secs: i32) -> String {
    match secs {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s => format!("{} h {} min", s / 3600, (s % 3600) / 60),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct RegisterView {
    pub store: StoreView,
    pub cart: CartView,
    pub sync: SyncView,
    /// Who is signed in.
    pub staff: shopfloor_staff::StaffView,
}

/// The priced cart into its view.
pub(crate) fn cart(priced: &PricedCart, added: Option<String>) -> Result<CartView, Problem> {
    let order = &priced.order;
    let lines = priced
        .lines
        .iter()
        .zip(&order.lines)
        .map(|(l, p)| CartLineView {
            line_id: l.id.clone(),
            product_id: l.product_id.clone(),
            name: l.name.clone(),
            gtin13: l.gtin14.as_deref().map(gtin13),
            quantity: clamp_i32(l.quantity),
            unit_price: p.unit_price.into(),
            gross: p.gross.into(),
            discounts: p.discounts.iter().map(|d| AmountView { label: discount_label(&d.source), amount: d.amount.into() }).collect(),
            line_total: p.total.into(),
            label: l.label.map(|label| label_text(label, l.unit_price)),
            price_overridden: l.price_override_minor.is_some(),
            sold_here: l.unit_price.is_some() || l.price_override_minor.is_some(),
        })
        .collect();
    let units = priced.lines.iter().try_fold(0i64, |sum, l| sum.checked_add(l.quantity)).unwrap_or(i64::MAX);
    Ok(CartView {
        lines,
        subtotal: order.subtotal.into(),
        discount: order.discount_total.into(),
        tax: order.tax_total.into(),
        prices_include_tax: order.prices_include_tax,
        promotions: order.promotions.iter().map(|p| AmountView { label: p.name.clone(), amount: p.amount.into() }).collect(),
        total: order.total.into(),
        units: clamp_i32(units),
        tenders: priced.tenders.iter().map(|t| TenderView::new(t, priced.currency)).collect(),
        paid: priced.paid()?.into(),
        due: priced.due()?.into(),
        last_added_line_id: added,
        customer: priced.customer.clone().map(CartCustomerView::from),
        exchange: priced.exchange.as_ref().map(|x| crate::exchange::view(x, priced)),
    })
}

fn discount_label(source: &DiscountSource) -> String {
    match source {
        DiscountSource::Manual => "Discount".into(),
        DiscountSource::ManualOrder => "Sale discount".into(),
        DiscountSource::Promotion { name, .. } => name.clone(),
    }
}

/// A named amount: a discount, a promotion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct AmountView {
    pub label: String,
    pub amount: MoneyView,
}

/// A tender taken for the sale being built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TenderView {
    pub tender_id: String,
    /// `cash`, `card`, `store_credit` or `loyalty`.
    pub kind: String,
    pub amount: MoneyView,
    /// How a person reads it: "Card •••• 4242 (auth 123456)", "500 points".
    pub detail: Option<String>,
}

impl TenderView {
    pub fn new(t: &DraftTender, currency: Currency) -> TenderView {
        TenderView {
            tender_id: t.id.clone(),
            kind: t.kind.as_str().to_string(),
            amount: Money::new(t.amount_minor, currency).into(),
            detail: tender_detail(t.kind, t.last4.as_deref(), t.auth_code.as_deref(), t.points),
        }
    }
}

/// What a receipt and the cart say about a tender besides its amount.
pub(crate) fn tender_detail(kind: TenderKind, last4: Option<&str>, auth: Option<&str>, points: Option<i64>) -> Option<String> {
    match kind {
        TenderKind::Card => Some(match (last4, auth) {
            (Some(l), Some(a)) => format!("Card •••• {l} (auth {a})"),
            (Some(l), None) => format!("Card •••• {l}"),
            _ => "Card".into(),
        }),
        TenderKind::Loyalty => points.map(|p| format!("{p} points")),
        TenderKind::Exchange => Some("Exchange credit".into()),
        _ => None,
    }
}

/// Lines at the store's prices before any promotion (a parked cart's
/// total as a list shows it): each line's unit price and the totals.
pub fn priced(lines: &[DraftLine], currency: Currency) -> Result<(Vec<shopfloor_domain::CartLine>, shopfloor_domain::CartTotals), Problem> {
    let priced: Vec<shopfloor_domain::CartLine> = lines
        .iter()
        .map(|l| Ok(shopfloor_domain::CartLine { unit_price: line_price(l, currency)?, quantity: l.quantity }))
        .collect::<Result<_, Problem>>()?;
    let totals = shopfloor_domain::price_cart(&priced, currency)
        .map_err(|e| Problem::new(ProblemCode::InvalidInput, format!("The cart cannot be totalled: {e}.")))?;
    Ok((priced, totals))
}

/// What one unit of a line costs: the store price, the label's price, or
/// the weight times the store's price per kilogram (rounded half up to the
/// minor unit: 0.532 kg at 69.90/kg = 37.1868 → 37.19).
pub(crate) fn line_price(line: &DraftLine, currency: Currency) -> Result<Money, Problem> {
    let store_price = line.unit_price.unwrap_or(Money::zero(currency));
    match line.label {
        None => Ok(store_price),
        Some(Label::Price { minor }) => Ok(Money::new(minor, currency)),
        Some(Label::Weight { grams }) => store_price
            .ratio(i128::from(grams), 1000, Rounding::HalfUp)
            .map_err(|e| Problem::new(ProblemCode::InvalidInput, format!("The weighed price cannot be computed: {e}."))),
    }
}

pub(crate) fn label_text(label: Label, per_kg: Option<Money>) -> String {
    match (label, per_kg) {
        (Label::Price { .. }, _) => "Price label".to_string(),
        (Label::Weight { grams }, Some(per_kg)) => format!("{}.{:03} kg at {}/kg", grams / 1000, grams % 1000, per_kg.display()),
        (Label::Weight { grams }, None) => format!("{}.{:03} kg", grams / 1000, grams % 1000),
    }
}

fn gtin13(gtin14: &str) -> String {
    gtin14.strip_prefix('0').unwrap_or(gtin14).to_string()
}

pub(crate) fn clamp_i32(v: i64) -> i32 {
    v.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// A conflict or refused event, as the conflicts list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ConflictView {
    pub id: i32,
    pub event_id: String,
    pub kind: String,
    pub message: String,
    pub reported_at: String,
}

impl From<&shopfloor_store::sync_state::ConflictRow> for ConflictView {
    fn from(c: &shopfloor_store::sync_state::ConflictRow) -> Self {
        ConflictView {
            id: clamp_i32(c.id),
            event_id: c.event_id.clone(),
            kind: c.kind.replace('_', " "),
            message: c.message.clone(),
            reported_at: c.reported_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}
