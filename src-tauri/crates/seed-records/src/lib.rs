//! Generated records → protocol records: the shapes the hub stores and
//! sends. The hub's seed writes them; a demo device's seed takes what it
//! needs from them, so both describe the same retailer the same way.
//!
//! Invariant: a pure mapping, no IO; the same generated record always maps
//! to the same wire record.

mod demo_staff;
pub use demo_staff::{DEMO_STAFF, demo_staff};

use shopfloor_datagen as data;
use shopfloor_protocol::{
    CartChannel, CartLine, LabelMeasure, LabelRule, LabelRules, ScanRules, SkuRules, CartStatus, Customer, Fulfilment, LoyaltyAccount, OnlineCart, Order,
    OrderChannel, OrderLine, OrderStatus, Pickup, PickupStatus, Price, Product, Promotion, Retailer,
    StockMovement, StockMovementKind, Store, LoyaltyProgramme, TaxPolicy,
};

pub fn retailer(r: &data::Retailer, data: &data::Dataset) -> Retailer {
    Retailer {
        id: r.id.to_string(),
        name: r.name.clone(),
        currency: r.currency.code().to_string(),
        scan_rules: scan_rules(data),
        loyalty: LoyaltyProgramme {
            points_per_major_unit: r.loyalty.points_per_major_unit,
            point_value_minor: r.loyalty.point_value_minor,
            min_redeem_points: r.loyalty.min_redeem_points,
            tier_multiplier_bp: r.loyalty.tier_multiplier_bp.clone(),
        },
        returns: Default::default(),
    }
}

/// The generated retailer's label layouts and SKU prefixes.
pub fn scan_rules(data: &data::Dataset) -> ScanRules {
    let rule = |r: data::LabelRule| LabelRule {
        prefix: r.prefix,
        measure: if r.weight { LabelMeasure::Weight } else { LabelMeasure::Price },
        item_digits: r.item_digits,
        value_digits: r.value_digits,
        decimals: r.decimals,
        price_check_digit: r.price_check_digit,
    };
    ScanRules {
        variable_measure: LabelRules {
            currency_exponent: u8::try_from(data.currency().exponent()).unwrap_or(2),
            rules: data.label_rules().into_iter().map(rule).collect(),
        },
        sku: SkuRules { prefixes: data.sku_prefixes(), min_body: 1, max_body: 32 },
    }
}

pub fn store(s: &data::Store) -> Store {
    Store {
        id: s.id.to_string(),
        code: s.code.clone(),
        name: s.name.clone(),
        city: s.city.to_string(),
        currency: s.currency.code().to_string(),
        timezone: s.timezone.to_string(),
        tax: TaxPolicy {
            prices_include_tax: s.tax.prices_include_tax,
            standard_rate_bp: s.tax.standard_rate_bp,
            category_rates_bp: s.tax.category_rates_bp.clone(),
        },
        pickup: Default::default(),
    }
}

/// A promotion with its rule as `kind` + JSON text.
pub fn promotion(p: &data::Promotion) -> Promotion {
    Promotion {
        id: p.id.to_string(),
        name: p.name.to_string(),
        kind: p.rule.kind().to_string(),
        rule_json: p.rule.to_json(),
        store_id: p.store_id.map(|s| s.to_string()),
        starts_at: p.starts_at,
        ends_at: p.ends_at,
    }
}

pub fn product(p: &data::Product) -> Product {
    Product {
        id: p.id.to_string(),
        sku: p.sku.clone(),
        name: p.name.clone(),
        brand: p.brand.to_string(),
        category: p.category.to_string(),
        active: p.active,
        gtin14s: p.barcodes.iter().map(|g| g.gtin14()).collect(),
    }
}

pub fn price(p: &data::Price) -> Price {
    Price {
        product_id: p.product_id.to_string(),
        store_id: p.store_id.to_string(),
        amount_minor: p.amount.minor,
        currency: p.amount.currency.code().to_string(),
    }
}

pub fn stock_count(c: &data::StockCount) -> StockMovement {
    StockMovement {
        id: c.id.to_string(),
        store_id: c.store_id.to_string(),
        product_id: c.product_id.to_string(),
        kind: StockMovementKind::Count,
        quantity: c.quantity,
        occurred_at: c.counted_at,
        source_id: None,
    }
}

pub fn customer(c: &data::Customer) -> Customer {
    Customer {
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
        field_clocks: Default::default(),
    }
}

pub fn loyalty(l: &data::LoyaltyAccount) -> LoyaltyAccount {
    LoyaltyAccount {
        id: l.id.to_string(),
        customer_id: l.customer_id.to_string(),
        number: l.number.clone(),
        tier: l.tier.as_str().to_string(),
        points: l.points,
    }
}

pub fn cart(c: &data::OnlineCart) -> OnlineCart {
    OnlineCart {
        id: c.id.to_string(),
        customer_id: c.customer_id.to_string(),
        channel: match c.channel {
            data::Channel::App => CartChannel::App,
            _ => CartChannel::Web,
        },
        status: match c.status {
            data::CartStatus::Active => CartStatus::Active,
            data::CartStatus::Converted => CartStatus::Converted,
            data::CartStatus::Abandoned => CartStatus::Abandoned,
        },
        updated_at: c.updated_at,
        lines: c
            .lines
            .iter()
            .map(|l| CartLine {
                line_no: i64::from(l.line_no),
                product_id: l.product_id.to_string(),
                quantity: i64::from(l.quantity),
                unit_price_minor: l.unit_price.minor,
            })
            .collect(),
    }
}

fn order_status(s: data::OrderStatus) -> OrderStatus {
    use data::OrderStatus as S;
    match s {
        S::Completed => OrderStatus::Completed,
        S::Returned => OrderStatus::Returned,
        S::Shipped => OrderStatus::Shipped,
        S::Delivered => OrderStatus::Delivered,
        S::Cancelled => OrderStatus::Cancelled,
        S::New => OrderStatus::New,
        S::Picking => OrderStatus::Picking,
        S::Ready => OrderStatus::Ready,
        S::PickedUp => OrderStatus::PickedUp,
        S::Expired => OrderStatus::Expired,
    }
}

pub fn order(o: &data::Order) -> Order {
    Order {
        id: o.id.to_string(),
        number: o.number.clone(),
        customer_id: o.customer_id.map(|c| c.to_string()),
        channel: match o.channel {
            data::Channel::Web => OrderChannel::Web,
            data::Channel::App => OrderChannel::App,
            data::Channel::Store => OrderChannel::Store,
        },
        store_id: o.store_id.map(|s| s.to_string()),
        fulfilment: match o.fulfilment {
            data::Fulfilment::CarryOut => Fulfilment::CarryOut,
            data::Fulfilment::Ship => Fulfilment::Ship,
            data::Fulfilment::Pickup => Fulfilment::Pickup,
        },
        status: order_status(o.status),
        placed_at: o.placed_at,
        total_minor: o.total.minor,
        currency: o.total.currency.code().to_string(),
        lines: o
            .lines
            .iter()
            .map(|l| OrderLine {
                line_no: i64::from(l.line_no),
                product_id: l.product_id.to_string(),
                quantity: i64::from(l.quantity),
                unit_price_minor: l.unit_price.minor,
                line_total_minor: l.line_total.minor,
            })
            .collect(),
    }
}

pub fn pickup(p: &data::Pickup) -> Pickup {
    use data::PickupStatus as S;
    Pickup {
        id: p.id.to_string(),
        order_id: p.order.id.to_string(),
        store_id: p.store_id.to_string(),
        status: match p.status {
            S::New => PickupStatus::New,
            S::Picking => PickupStatus::Picking,
            S::Ready => PickupStatus::Ready,
            S::PickedUp => PickupStatus::PickedUp,
            S::Cancelled => PickupStatus::Cancelled,
            S::Expired => PickupStatus::Expired,
        },
        ready_at: p.ready_at,
        expires_at: p.expires_at,
        lines: Vec::new(),
        notified_at: None,
        reminded_at: None,
        handed_over_at: None,
    }
}

#[cfg(test)]
mod tests {
    use shopfloor_datagen::{Dataset, Spec};
    use shopfloor_domain::pricing::{LoyaltyProgramme, PromotionRule, TaxPolicy};

    use super::*;

    /// The wire's tax policy and loyalty programme are the JSON the
    /// domain's pricing reads, field for field.
    #[test]
    fn tax_and_loyalty_are_the_domain_json() {
        let data = Dataset::new(7, Spec::demo());
        for s in data.stores() {
            let wire = serde_json::to_string(&store(&s).tax).unwrap();
            assert_eq!(wire, serde_json::to_string(&s.tax).unwrap());
            assert_eq!(serde_json::from_str::<TaxPolicy>(&wire).unwrap(), s.tax);
        }
        let r = data.retailer();
        let wire = serde_json::to_string(&retailer(&r, &data).loyalty).unwrap();
        assert_eq!(wire, serde_json::to_string(&r.loyalty).unwrap());
        assert_eq!(serde_json::from_str::<LoyaltyProgramme>(&wire).unwrap(), r.loyalty);
        let defaults = (serde_json::to_string(&crate::TaxPolicy::default()).unwrap(), serde_json::to_string(&TaxPolicy::default()).unwrap());
        assert_eq!(defaults.0, defaults.1, "the same default on both sides");
    }

    #[test]
    fn promotions_map_to_rules_the_domain_reads() {
        let data = Dataset::new(7, Spec::demo());
        let mut n = 0;
        for p in data.promotions() {
            let wire = promotion(&p);
            assert_eq!(wire, promotion(&p), "a pure mapping");
            assert_eq!(PromotionRule::parse(&wire.kind, &wire.rule_json).unwrap(), p.rule, "{}", p.name);
            assert_eq!(wire.store_id, p.store_id.map(|s| s.to_string()));
            n += 1;
        }
        assert!(n >= 4);
    }
}
