//! The receipt of a sale made here: printable HTML (the print dialog),
//! email-ready text and a PDF, each with the receipt QR signed by this
//! device, which the returns flow scans.
//!
//! Invariant: a receipt shows the sale exactly as journalled; a device
//! that cannot sign still gives the receipt, with why it has no QR.

use std::path::PathBuf;

use serde::Serialize;
use shopfloor_domain::staff::Action;
use shopfloor_domain::{Money, Problem, ProblemCode};
use shopfloor_receipt::{self as receipt, Receipt, ReceiptLine, StoreHeader, TaxLine};
use shopfloor_scan::QrContent;
use shopfloor_store::journal::{Sale, TenderKind};
use shopfloor_store::{DeviceDb, device, loyalty, sales, staff};
use specta::Type;

use crate::codes::device_signer;
use crate::scan_outcome::currency;
use crate::views::tender_detail;
use crate::{Register, from_store};

/// A sale's receipt, ready to print or send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ReceiptView {
    pub sale_id: String,
    /// The reference printed on it, e.g. `R-20261124-3F9A21`.
    pub reference: String,
    /// A whole HTML page for the print dialog, the QR inline.
    pub html: String,
    /// Plain text for an email.
    pub text: String,
    /// The signed receipt payload its QR carries; `None` when this device
    /// cannot sign (see `qr_problem`).
    pub qr_text: Option<String>,
    pub qr_problem: Option<String>,
}

impl Register {
    pub async fn receipt(&self, sale_id: String) -> Result<ReceiptView, Problem> {
        self.session.require(Action::TakePayment)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let (model, qr_problem) = model(db, &sale_id, now)?;
            let qr_text = (!model.qr_text.is_empty()).then(|| model.qr_text.clone());
            Ok(ReceiptView {
                sale_id,
                reference: model.reference.clone(),
                html: receipt::html(&model),
                text: receipt::text(&model),
                qr_text,
                qr_problem,
            })
        })
        .await
    }

    /// Writes the receipt's PDF beside the device database (in `receipts/`)
    /// and returns its path, to print or attach.
    pub async fn save_receipt_pdf(&self, sale_id: String) -> Result<String, Problem> {
        self.session.require(Action::TakePayment)?;
        let now = self.clock.now();
        self.blocking(move |db| {
            let (model, _) = model(db, &sale_id, now)?;
            let dir = db.path().parent().map(|p| p.join("receipts")).unwrap_or_else(|| PathBuf::from("receipts"));
            let path = dir.join(format!("{}.pdf", model.reference));
            std::fs::create_dir_all(&dir)
                .and_then(|_| std::fs::write(&path, receipt::pdf(&model)))
                .map_err(|e| Problem::new(ProblemCode::StorageFull, format!("The receipt could not be saved in {}: {e}.", dir.display())))?;
            Ok(path.display().to_string())
        })
        .await
    }
}

fn model(db: &DeviceDb, sale_id: &str, now: chrono::DateTime<chrono::Utc>) -> Result<(Receipt, Option<String>), Problem> {
    let sale = db.read(|c| sales::sale(c, sale_id)).map_err(from_store)?.ok_or_else(|| {
        Problem::new(ProblemCode::NotFound, "That sale was not made on this register, so its receipt is not here.")
    })?;
    let here = db.read(|c| device::current(c)).map_err(from_store)?.ok_or_else(|| Problem::new(ProblemCode::NotSetUp, "This device is not set up."))?;
    let staff_name = match &sale.staff_id {
        Some(id) => db.read(|c| staff::by_id(c, id)).map_err(from_store)?.map(|s| s.name),
        None => None,
    };
    let customer = match &sale.customer_id {
        Some(id) => db.read(|c| shopfloor_store::profile::customer_name(c, id)).map_err(from_store)?,
        None => None,
    };
    let balance = match &sale.loyalty {
        Some(l) => db.read(|c| loyalty::points(c, &l.account_id)).map_err(from_store)?,
        None => None,
    };
    let sale_uuid = uuid::Uuid::parse_str(&sale.id).map_err(|e| Problem::new(ProblemCode::Internal, format!("sale id: {e}")))?;
    let (qr_text, qr_problem) = match device_signer(db).and_then(|s| {
        s.issue(&QrContent::Receipt { order_id: sale_uuid }, now, None)
            .map_err(|e| Problem::new(ProblemCode::Internal, format!("the receipt code could not be signed: {e}")))
    }) {
        Ok(text) => (text, None),
        Err(p) => (String::new(), Some(p.message)),
    };
    let cur = currency(&here.store.currency)?;
    let money = |minor: i64| Money::new(minor, cur);
    let model = Receipt {
        store: StoreHeader { name: here.store.name.clone(), code: here.store.code.clone(), city: here.store.city.clone() },
        sale_id: sale_uuid,
        reference: reference(&sale),
        completed_at: sale.completed_at,
        time_zone: here.store.timezone.clone(),
        register: format!("Register {}", &here.device_id[here.device_id.len().saturating_sub(6)..]),
        staff: staff_name.unwrap_or_else(|| "—".into()),
        customer,
        lines: sale
            .lines
            .iter()
            .map(|l| ReceiptLine {
                name: l.name.clone(),
                quantity: l.quantity,
                unit_price: money(l.unit_price_minor),
                note: None,
                line_total: money(l.unit_price_minor * l.quantity),
                discounts: (l.discount_minor > 0)
                    .then(|| receipt::Discount { label: "Promotions and discounts".into(), amount: money(-l.discount_minor) })
                    .into_iter()
                    .collect(),
            })
            .collect(),
        subtotal: money(sale.lines.iter().map(|l| l.unit_price_minor * l.quantity - l.discount_minor).sum()),
        order_discounts: Vec::new(),
        discounts_total: money(-sale.discount_minor),
        taxes: (sale.tax_minor != 0).then(|| TaxLine { label: "VAT".into(), amount: money(sale.tax_minor) }).into_iter().collect(),
        prices_include_tax: sale.prices_include_tax,
        total: money(sale.total_minor),
        tenders: sale
            .tenders
            .iter()
            .map(|t| {
                let points = (t.kind == TenderKind::Loyalty).then(|| sale.loyalty.as_ref().map_or(0, |l| l.redeemed));
                receipt::Tender {
                    kind: tender_name(t.kind).into(),
                    amount: money(t.amount_minor),
                    detail: tender_detail(t.kind, t.last4.as_deref(), t.auth_code.as_deref(), points),
                }
            })
            .collect(),
        change: money(sale.change_minor),
        loyalty: sale.loyalty.as_ref().map(|l| receipt::Loyalty { earned: l.earned, redeemed: l.redeemed, balance: balance.unwrap_or(0) }),
        qr_text,
    };
    Ok((model, qr_problem))
}

/// `R-YYYYMMDD-XXXXXX`: the day and the end of the sale's id.
fn reference(sale: &Sale) -> String {
    let tail: String = sale.id.chars().rev().filter(|c| *c != '-').take(6).collect::<Vec<_>>().into_iter().rev().collect();
    format!("R-{}-{}", sale.completed_at.format("%Y%m%d"), tail.to_uppercase())
}

fn tender_name(kind: TenderKind) -> &'static str {
    match kind {
        TenderKind::Cash => "Cash",
        TenderKind::Card => "Card",
        TenderKind::StoreCredit => "Store credit",
        TenderKind::Loyalty => "Points",
        TenderKind::Exchange => "Exchange credit",
    }
}
