//! What stores and the web shop price with: tax policies, the loyalty
//! programme and promotions reach devices through the snapshot and the
//! feed, are set by the operator (and refused when devices could not use
//! them), and the web shop prices its orders with the registers' engine.

use chrono::{DateTime, Duration, Utc};
use shopfloor_protocol::{
    LoyaltyProgramme, Promotion, Record, SnapshotPage, Store, TaxPolicy, WebCartLine, WebFulfilment,
    WebOrderRequest, WebOrderResponse,
};

use crate::support::{ENROLMENT_KEY, TestHub, WEB_KEY, expect_error, hub_now, ok_json, upserted};

/// `amount × bp / 10000`, half away from zero (amounts here are positive).
fn off(amount: i64, bp: i64) -> i64 {
    (amount * bp + 5_000) / 10_000
}

/// Tax inside a net at `rate` bp, half away from zero.
fn tax_inside(net: i64, rate: i64) -> i64 {
    (2 * net * rate + 10_000 + rate) / (2 * (10_000 + rate))
}

/// The first `n` active products of `category`, by index.
fn products_of(hub: &TestHub, category: &str, n: usize) -> Vec<u64> {
    (0..hub.data.spec().products)
        .filter(|j| {
            let p = hub.data.product(*j);
            p.active && p.category == category
        })
        .take(n)
        .collect()
}

fn order(hub: &TestHub, lines: &[(u64, i64)], fulfilment: WebFulfilment) -> WebOrderRequest {
    WebOrderRequest {
        customer_id: hub.data.customer_id(1).to_string(),
        lines: lines
            .iter()
            .map(|(j, quantity)| WebCartLine { product_id: hub.data.product_id(*j).to_string(), quantity: *quantity })
            .collect(),
        fulfilment,
        cart_id: None,
    }
}

async fn place(hub: &TestHub, request: &WebOrderRequest) -> WebOrderResponse {
    ok_json(hub.post("/v1/web/orders").bearer_auth(WEB_KEY).json(request).send().await.unwrap()).await
}

fn admin_put<T: serde::Serialize>(hub: &TestHub, path: &str, body: &T) -> reqwest::RequestBuilder {
    hub.client.put(hub.url(path)).bearer_auth(ENROLMENT_KEY).json(body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_snapshot_carries_tax_policies_the_programme_and_this_stores_promotions() {
    let hub = TestHub::seeded().await;
    for (index, code) in [(0u32, "S001"), (1, "S002")] {
        let device = hub.enrol(code).await;
        let stores: SnapshotPage = hub.device_get(&device, "/snapshot/stores").await;
        for row in &stores.rows {
            let Record::Store(s) = row else { panic!("{row:?}") };
            let generated = hub.data.stores().find(|g| g.id.to_string() == s.id).unwrap();
            assert_eq!(s.tax, shopfloor_seed_records::store(&generated).tax, "{}", s.code);
            assert_eq!((s.tax.prices_include_tax, s.tax.standard_rate_bp), (true, 1900), "{}", s.code);
        }
        let retailer: SnapshotPage = hub.device_get(&device, "/snapshot/retailer").await;
        let Record::Retailer(r) = &retailer.rows[0] else { panic!("{:?}", retailer.rows) };
        assert_eq!((r.loyalty.points_per_major_unit, r.loyalty.point_value_minor), (1, 1));
        assert_eq!(r.loyalty.tier_multiplier_bp.get("gold"), Some(&15_000));

        let page: SnapshotPage = hub.device_get(&device, "/snapshot/promotions").await;
        let got: Vec<Promotion> = page
            .rows
            .into_iter()
            .map(|r| match r {
                Record::Promotion(p) => p,
                other => panic!("{other:?}"),
            })
            .collect();
        let here = hub.data.store_id(index);
        let mut expected: Vec<Promotion> = hub
            .data
            .promotions()
            .filter(|p| p.store_id.is_none() || p.store_id == Some(here))
            .map(|p| shopfloor_seed_records::promotion(&p))
            .collect();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(got, expected, "{code}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tax_loyalty_and_promotions_set_at_the_hub_reach_devices_through_the_feed() {
    let hub = TestHub::seeded().await;
    let (here, there) = (hub.enrol("S001").await, hub.enrol("S002").await);
    let head = |changes: &[shopfloor_protocol::Change]| changes.last().map_or(0, |c| c.position);
    let before = (head(&hub.all_changes(&here, 1_000).await), head(&hub.all_changes(&there, 1_000).await));

    let tax = TaxPolicy {
        prices_include_tax: false,
        standard_rate_bp: 825,
        category_rates_bp: [("Kids".to_string(), 0)].into(),
    };
    let store: Store =
        ok_json(admin_put(&hub, &format!("/v1/admin/stores/{}/tax-policy", here.store_id), &tax).send().await.unwrap()).await;
    assert_eq!(store.tax, tax);
    let programme = LoyaltyProgramme {
        points_per_major_unit: 2,
        point_value_minor: 1,
        min_redeem_points: 1_000,
        tier_multiplier_bp: [("gold".to_string(), 20_000)].into(),
    };
    let stored: LoyaltyProgramme =
        ok_json(admin_put(&hub, "/v1/admin/loyalty-programme", &programme).send().await.unwrap()).await;
    assert_eq!(stored, programme);
    let window = |p: Promotion| Promotion {
        starts_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        ends_at: "2027-01-01T00:00:00Z".parse().unwrap(),
        ..p
    };
    let only_there = window(Promotion {
        id: "promo-s002".into(),
        name: "Hamburg only".into(),
        kind: "percent_off".into(),
        rule_json: r#"{"target":{"categories":["Home"]},"basis_points":500}"#.into(),
        store_id: Some(there.store_id.clone()),
        starts_at: Utc::now(),
        ends_at: Utc::now(),
    });
    let everywhere = Promotion { id: "promo-all".into(), name: "Everywhere".into(), store_id: None, ..only_there.clone() };
    for p in [&only_there, &everywhere] {
        let _: Promotion = ok_json(admin_put(&hub, &format!("/v1/admin/promotions/{}", p.id), p).send().await.unwrap()).await;
    }
    // Changing the scanning rules keeps the programme in the retailer record.
    let rules: shopfloor_protocol::ScanRules = serde_json::from_str("{}").unwrap();
    let _: shopfloor_protocol::ScanRules = ok_json(admin_put(&hub, "/v1/admin/scan-rules", &rules).send().await.unwrap()).await;

    let new_here: Vec<Record> = hub
        .all_changes(&here, 1_000)
        .await
        .into_iter()
        .filter(|c| c.position > before.0)
        .filter_map(|c| upserted(&c.op).cloned())
        .collect();
    assert!(new_here.iter().any(|r| matches!(r, Record::Store(s) if s.id == here.store_id && s.tax == tax)));
    let retailers: Vec<&LoyaltyProgramme> = new_here
        .iter()
        .filter_map(|r| match r {
            Record::Retailer(x) => Some(&x.loyalty),
            _ => None,
        })
        .collect();
    assert_eq!(retailers, [&programme, &programme], "the programme, then the scanning rules with it");
    let promotions: Vec<&str> = new_here
        .iter()
        .filter_map(|r| match r {
            Record::Promotion(p) => Some(p.id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(promotions, ["promo-all"], "another store's promotion stays out of this scope");
    let new_there = hub.all_changes(&there, 1_000).await;
    let there_promotions: Vec<String> = new_there
        .iter()
        .filter(|c| c.position > before.1)
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::Promotion(p)) => Some(p.id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(there_promotions, ["promo-s002", "promo-all"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promotions_and_tax_policies_devices_could_not_use_are_refused() {
    let hub = TestHub::seeded().await;
    let good = Promotion {
        id: "p1".into(),
        name: "Good".into(),
        kind: "threshold".into(),
        rule_json: r#"{"min_subtotal_minor":1000,"amount_off_minor":100}"#.into(),
        store_id: None,
        starts_at: "2026-01-01T00:00:00Z".parse().unwrap(),
        ends_at: "2027-01-01T00:00:00Z".parse().unwrap(),
    };
    let path = "/v1/admin/promotions/p1";
    let refusals = [
        (Promotion { kind: "mystery".into(), ..good.clone() }, "not a kind"),
        (Promotion { rule_json: r#"{"min_subtotal_minor":1000}"#.into(), ..good.clone() }, "exactly one"),
        (Promotion { rule_json: "{".into(), ..good.clone() }, "cannot be read"),
        (Promotion { ends_at: good.starts_at, ..good.clone() }, "ends before it starts"),
        (Promotion { store_id: Some("nowhere".into()), ..good.clone() }, "no store"),
    ];
    for (p, why) in &refusals {
        let e = expect_error(admin_put(&hub, path, p).send().await.unwrap(), 400, "bad_request").await;
        assert!(e.message.contains(why), "{why}: {}", e.message);
    }
    let other = Promotion { id: "p2".into(), ..good.clone() };
    expect_error(admin_put(&hub, path, &other).send().await.unwrap(), 400, "bad_request").await;
    expect_error(
        hub.client.put(hub.url(path)).bearer_auth(WEB_KEY).json(&good).send().await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let _: Promotion = ok_json(admin_put(&hub, path, &good).send().await.unwrap()).await;
    let moved = Promotion { store_id: Some(hub.data.store_id(0).to_string()), ..good.clone() };
    let e = expect_error(admin_put(&hub, path, &moved).send().await.unwrap(), 400, "bad_request").await;
    assert!(e.message.contains("another store"), "{}", e.message);
    expect_error(
        admin_put(&hub, "/v1/admin/stores/nowhere/tax-policy", &TaxPolicy::default()).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let bad = serde_json::json!({ "points_per_major_unit": 1, "point_value_minor": -1 });
    expect_error(admin_put(&hub, "/v1/admin/loyalty-programme", &bad).send().await.unwrap(), 400, "bad_request").await;
}

/// Regression for issue 6: the web shop and the stores price alike. A web
/// order of two Accessories gets "Accessories 15 % off" on each line, and
/// the tax of the first store (19 % included).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_order_gets_the_promotions_of_every_store() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let [a, b] = products_of(&hub, "Accessories", 2)[..] else { panic!("two accessories") };
    let (la, lb) = (hub.data.list_price(a).minor, hub.data.list_price(b).minor);
    let placed = place(&hub, &order(&hub, &[(a, 1), (b, 2)], WebFulfilment::Ship)).await;

    let nets = [la - off(la, 1500), 2 * lb - off(2 * lb, 1500)];
    let totals: Vec<i64> = placed.order.lines.iter().map(|l| l.line_total_minor).collect();
    assert_eq!(totals, nets);
    assert_eq!(placed.order.lines[1].unit_price_minor, lb, "the unit price stays the list price");
    assert_eq!(placed.order.total_minor, nets[0] + nets[1]);
    let p = &placed.pricing;
    assert_eq!(p.subtotal_minor, la + 2 * lb);
    assert_eq!(p.discount_minor, p.subtotal_minor - placed.order.total_minor);
    assert!(p.prices_include_tax);
    assert_eq!(p.tax_minor, tax_inside(nets[0], 1900) + tax_inside(nets[1], 1900));
    let names: Vec<&str> = p.promotions.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Accessories 15 % off"]);
    assert_eq!(p.promotions[0].amount_minor, p.discount_minor);

    // The devices see the order at what was paid.
    let feed = hub.all_changes(&device, 1_000).await;
    let seen = feed.iter().find_map(|c| match upserted(&c.op) {
        Some(Record::Order(o)) if o.id == placed.order.id => Some(o.clone()),
        _ => None,
    });
    assert_eq!(seen.map(|o| o.total_minor), Some(placed.order.total_minor));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_shop_skips_store_promotions_and_counts_three_for_two_across_lines() {
    let hub = TestHub::seeded().await;
    // "5 € off every Home item" runs at S001 only: not on the web, even
    // for a pickup there; the pickup store's price and tax policy are used.
    let [home] = products_of(&hub, "Home", 1)[..] else { panic!("a Home product") };
    let at_store = hub.data.price(0, home).amount.minor;
    let s001 = hub.data.store_id(0).to_string();
    let pickup = place(&hub, &order(&hub, &[(home, 1)], WebFulfilment::Pickup { store_id: s001 })).await;
    assert_eq!(pickup.order.total_minor, at_store);
    assert!(pickup.pricing.promotions.is_empty());
    assert_eq!(pickup.pricing.tax_minor, tax_inside(at_store, 1900));

    // Knitwear 3 for 2 across two lines: the cheapest unit is free.
    let [k1, k2] = products_of(&hub, "Knitwear", 2)[..] else { panic!("two knitwear") };
    let (l1, l2) = (hub.data.list_price(k1).minor, hub.data.list_price(k2).minor);
    let placed = place(&hub, &order(&hub, &[(k1, 2), (k2, 1)], WebFulfilment::Ship)).await;
    let cheapest = l1.min(l2);
    assert_eq!(placed.order.total_minor, 2 * l1 + l2 - cheapest);
    assert_eq!(placed.pricing.promotions.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Knitwear 3 for 2"]);
    assert_eq!(placed.pricing.discount_minor, cheapest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_promotion_set_at_the_hub_prices_the_next_web_order_and_an_ended_one_does_not() {
    let hub = TestHub::seeded().await;
    let [dress] = products_of(&hub, "Dresses & Skirts", 1)[..] else { panic!("a dress") };
    let list = hub.data.list_price(dress).minor;
    let now: DateTime<Utc> = hub_now(&hub.data);
    let promotion = |id: &str, ends_at: DateTime<Utc>| Promotion {
        id: id.into(),
        name: format!("Dresses {id}"),
        kind: "amount_off".into(),
        rule_json: format!(r#"{{"target":{{"products":["{}"]}},"amount_minor":1000}}"#, hub.data.product_id(dress)),
        store_id: None,
        starts_at: now - Duration::days(1),
        ends_at,
    };
    let ended = promotion("ended", now - Duration::minutes(1));
    let live = promotion("live", now + Duration::days(1));
    for p in [&ended, &live] {
        let _: Promotion = ok_json(admin_put(&hub, &format!("/v1/admin/promotions/{}", p.id), p).send().await.unwrap()).await;
    }
    let placed = place(&hub, &order(&hub, &[(dress, 2)], WebFulfilment::Ship)).await;
    assert_eq!(placed.order.total_minor, 2 * list - 2_000, "10.00 off each unit");
    assert_eq!(placed.pricing.promotions.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["live"]);
}
