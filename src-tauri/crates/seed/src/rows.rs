//! Generated records → the device database's replica rows.

use shopfloor_datagen as data;
use shopfloor_store::device::StoreInfo;
use shopfloor_store::replica::{CustomerRow, LineRow, LoyaltyRow, OnlineCartRow, OrderRow, ProductRow, StockMovementRow};

pub fn store(s: &data::Store) -> StoreInfo {
    StoreInfo {
        id: s.id.to_string(),
        code: s.code.clone(),
        name: s.name.clone(),
        city: s.city.to_string(),
        currency: s.currency.code().to_string(),
        timezone: s.timezone.to_string(),
    }
}

pub fn product(p: &data::Product) -> ProductRow {
    ProductRow {
        id: p.id.to_string(),
        sku: p.sku.clone(),
        name: p.name.clone(),
        brand: p.brand.to_string(),
        category: p.category.to_string(),
        active: p.active,
        gtin14s: p.barcodes.iter().map(|g| g.gtin14()).collect(),
    }
}

pub fn stock_count(c: &data::StockCount) -> StockMovementRow {
    StockMovementRow {
        id: c.id.to_string(),
        store_id: c.store_id.to_string(),
        product_id: c.product_id.to_string(),
        kind: "count",
        quantity: c.quantity,
        occurred_at: c.counted_at,
        source_id: None,
    }
}

pub fn customer(c: &data::Customer) -> CustomerRow {
    CustomerRow {
        id: c.id.to_string(),
        first_name: c.first_name.to_string(),
        last_name: c.last_name.to_string(),
        email: c.email.clone(),
        phone: c.phone.clone(),
        phone_digits: c.phone_digits.clone(),
        created_at: c.created_at,
        consent_email: c.consent_email,
        consent_sms: c.consent_sms,
        sizes_json: c.sizes_json.clone(),
        preferences_json: c.preferences_json.clone(),
    }
}

pub fn loyalty(l: &data::LoyaltyAccount) -> LoyaltyRow {
    LoyaltyRow {
        id: l.id.to_string(),
        customer_id: l.customer_id.to_string(),
        number: l.number.clone(),
        tier: l.tier.as_str().to_string(),
        points: l.points,
    }
}

pub fn cart(c: &data::OnlineCart) -> OnlineCartRow {
    OnlineCartRow {
        id: c.id.to_string(),
        customer_id: c.customer_id.to_string(),
        channel: c.channel.as_str(),
        status: c.status.as_str(),
        updated_at: c.updated_at,
        lines: c.lines.iter().map(|l| line(l.line_no, l.product_id, l.quantity, l.unit_price.minor)).collect(),
    }
}

pub fn order(o: &data::Order) -> OrderRow {
    OrderRow {
        id: o.id.to_string(),
        number: o.number.clone(),
        customer_id: o.customer_id.map(|c| c.to_string()),
        channel: o.channel.as_str(),
        store_id: o.store_id.map(|s| s.to_string()),
        fulfilment: o.fulfilment.as_str(),
        status: o.status.as_str().to_string(),
        placed_at: o.placed_at,
        total: o.total,
        lines: o.lines.iter().map(|l| line(l.line_no, l.product_id, l.quantity, l.unit_price.minor)).collect(),
    }
}

fn line(line_no: u32, product_id: uuid::Uuid, quantity: u32, unit_price_minor: i64) -> LineRow {
    LineRow { line_no: line_no.into(), product_id: product_id.to_string(), quantity: quantity.into(), unit_price_minor }
}
