//! Whole-dataset properties.

use std::collections::HashSet;
use std::time::Instant;

use shopfloor_domain::{Currency, Gtin, Money};
use uuid::Uuid;

use crate::*;

fn tiny(seed: u64) -> Dataset {
    Dataset::new(seed, Spec::tiny())
}

fn demo() -> Dataset {
    Dataset::new(42, Spec::demo())
}

/// A canonical text form of the first records of every kind.
fn render(ds: &Dataset, n: u64) -> String {
    let mut out = format!("{:?}\n", ds.retailer());
    for s in ds.stores() {
        out += &format!("{s:?}\n");
    }
    for p in ds.products().take(n as usize) {
        out += &format!(
            "{p:?} {:?}\n",
            p.barcodes.iter().map(Gtin::as_scanned).collect::<Vec<_>>()
        );
    }
    for s in 0..ds.spec().stores {
        for p in ds.prices(s).take(n as usize) {
            out += &format!("{p:?}\n");
        }
        for c in ds.stock_counts(s).take(n as usize) {
            out += &format!("{c:?}\n");
        }
    }
    for c in ds.customers().take(n as usize) {
        out += &format!("{c:?}\n");
    }
    for c in ds.web_carts().take(n as usize) {
        out += &format!("{c:?}\n");
    }
    for o in ds.orders().take(n as usize) {
        out += &format!("{o:?}\n");
    }
    for p in ds.pickups() {
        out += &format!("{p:?}\n");
    }
    out
}

#[test]
fn same_seed_same_records_other_seed_other_records() {
    let a = render(&tiny(7), 40);
    let b = render(&tiny(7), 40);
    assert_eq!(a, b);
    let c = render(&tiny(8), 40);
    assert_ne!(a, c);

    let (x, y, z) = (
        Dataset::new(7, Spec::demo()),
        Dataset::new(7, Spec::demo()),
        Dataset::new(8, Spec::demo()),
    );
    for i in 0..200 {
        assert_eq!(x.product(i), y.product(i));
        assert_eq!(x.customer(i), y.customer(i));
        assert_eq!(x.order(i), y.order(i));
        assert_ne!(x.product(i).id, z.product(i).id);
        assert_ne!(x.customer(i), z.customer(i));
        assert_ne!(x.order(i).id, z.order(i).id);
    }
}

#[test]
fn records_stand_alone() {
    // Random access gives what the stream gives, in any order.
    let ds = demo();
    let streamed: Vec<Order> = ds.orders().take(50).collect();
    for i in (0..50).rev() {
        assert_eq!(ds.order(i), streamed[i as usize]);
    }
    let p = ds.product(4_321);
    assert_eq!(ds.product_id(4_321), p.id);
    assert_eq!(ds.list_price(4_321), p.list_price);
    assert_eq!(ds.customer_id(1_234), ds.customer(1_234).id);
    assert_eq!(ds.store_id(2), ds.store(2).id);
    assert_eq!(
        ds.price(1, 77),
        ds.prices(1).nth(77).expect("77 < products")
    );
    assert_eq!(
        ds.stock_count(2, 9),
        ds.stock_counts(2).nth(9).expect("9 < products")
    );
}

#[test]
fn named_specs_have_their_sizes() {
    let d = Spec::by_name("demo").expect("demo is a spec");
    assert_eq!(
        (d.stores, d.products, d.customers, d.orders),
        (3, 5_000, 2_000, 10_000)
    );
    let r = Spec::by_name("reference").expect("reference is a spec");
    assert_eq!(
        (r.stores, r.products, r.customers, r.orders),
        (20, 200_000, 1_000_000, 5_000_000)
    );
    let t = Spec::by_name("tiny").expect("tiny is a spec");
    assert_eq!(
        (t.stores, t.products, t.customers, t.orders),
        (2, 50, 20, 60)
    );
    assert_eq!(Spec::by_name("huge"), None);

    let ds = demo();
    assert_eq!(ds.stores().count(), 3);
    assert_eq!(ds.products().count(), 5_000);
    assert_eq!(ds.customers().count(), 2_000);
    assert_eq!(ds.orders().count(), 10_000);
    assert_eq!(ds.prices(0).count(), 5_000);
    assert_eq!(ds.stock_counts(2).count(), 5_000);
    assert_eq!(ds.pickups().count(), 12);
    let carts = ds.web_carts().count();
    assert!(
        (120..=280).contains(&carts),
        "about 10 % of 2,000 customers have a cart: {carts}"
    );
}

fn check_barcodes<'a>(products: impl Iterator<Item = Product> + 'a) -> usize {
    let mut seen = HashSet::new();
    let mut twos = 0;
    for p in products {
        assert!(!p.barcodes.is_empty() && p.barcodes.len() <= 2, "{}", p.sku);
        twos += usize::from(p.barcodes.len() == 2);
        for g in &p.barcodes {
            let scanned = g.as_scanned();
            assert_eq!(scanned.len(), 13);
            assert_eq!(Gtin::parse(&scanned).as_ref(), Ok(g), "{scanned}");
            assert!(
                !scanned.starts_with("02") && !scanned.starts_with('2'),
                "restricted range: {scanned}"
            );
            assert!(seen.insert(g.gtin14()), "duplicate barcode {scanned}");
        }
    }
    assert!(twos > 0, "some products have a second barcode");
    seen.len()
}

#[test]
fn barcodes_are_valid_unrestricted_and_unique() {
    check_barcodes(tiny(1).products());
    let n = check_barcodes(demo().products().take(20_000));
    assert!(n > 5_000);
    // The first 20,000 products of the reference catalog too.
    check_barcodes(Dataset::new(42, Spec::reference()).products().take(20_000));
}

#[test]
fn orders_add_up_and_reference_real_things() {
    let ds = demo();
    let products: HashSet<Uuid> = (0..ds.spec().products).map(|j| ds.product_id(j)).collect();
    let customers: HashSet<Uuid> = (0..ds.spec().customers)
        .map(|k| ds.customer_id(k))
        .collect();
    let created: std::collections::HashMap<Uuid, _> =
        ds.customers().map(|c| (c.id, c.created_at)).collect();
    let stores: HashSet<Uuid> = ds.stores().map(|s| s.id).collect();
    let mut numbers = HashSet::new();
    let (mut anonymous, mut prev) = (0, None);
    let as_of = ds.spec().as_of;
    let pickups: Vec<Order> = ds.pickups().map(|p| p.order).collect();
    for o in ds.orders().chain(pickups) {
        assert!((1..=5).contains(&o.lines.len()), "{}", o.number);
        let mut sum = Money::new(0, Currency::EUR);
        for (i, l) in o.lines.iter().enumerate() {
            assert_eq!(l.line_no as usize, i + 1);
            assert!((1..=3).contains(&l.quantity));
            assert!(
                products.contains(&l.product_id),
                "{} line {}",
                o.number,
                l.line_no
            );
            assert_eq!(
                l.line_total,
                l.unit_price.times(i64::from(l.quantity)).expect("small")
            );
            sum = sum.checked_add(l.line_total).expect("same currency");
        }
        assert_eq!(o.total, sum, "{}", o.number);
        assert!(
            numbers.insert(o.number.clone()),
            "duplicate number {}",
            o.number
        );
        assert!(o.placed_at < as_of && o.placed_at >= as_of - chrono::Duration::days(365));
        match o.customer_id {
            Some(c) => {
                assert!(customers.contains(&c));
                assert!(
                    created[&c] <= o.placed_at,
                    "{} placed before its customer signed up",
                    o.number
                );
            }
            None => {
                assert_eq!(o.channel, Channel::Store, "only store sales are anonymous");
                anonymous += 1;
            }
        }
        match (o.channel, o.fulfilment) {
            (Channel::Store, Fulfilment::CarryOut) => {
                assert!(o.store_id.is_some_and(|s| stores.contains(&s)));
                assert!(o.number.starts_with('S'));
            }
            (Channel::Web | Channel::App, Fulfilment::Ship) => assert_eq!(o.store_id, None),
            (Channel::Web | Channel::App, Fulfilment::Pickup) => {
                assert!(o.store_id.is_some_and(|s| stores.contains(&s)))
            }
            other => panic!("{}: {other:?}", o.number),
        }
        if o.fulfilment == Fulfilment::Pickup {
            let pickup_statuses = [
                "new",
                "picking",
                "ready",
                "picked_up",
                "cancelled",
                "expired",
            ];
            assert!(pickup_statuses.contains(&o.status.as_str()), "{}", o.number);
        }
        assert_eq!(
            o.id.get_timestamp().map(|t| t.to_unix().0 as i64),
            Some(o.placed_at.timestamp())
        );
        if o.status.as_str() != "new"
            && o.status.as_str() != "picking"
            && o.status.as_str() != "ready"
        {
            // Historical orders (not the live pickups) are in time order.
            if let Some(p) = prev {
                assert!(o.placed_at >= p, "orders are in time order");
            }
            prev = Some(o.placed_at);
        }
    }
    let share = anonymous as f64 / ds.spec().orders as f64;
    assert!((0.07..0.13).contains(&share), "anonymous share {share}");
    let channels: HashSet<_> = ds
        .orders()
        .take(500)
        .map(|o| (o.channel, o.fulfilment))
        .collect();
    assert_eq!(
        channels.len(),
        5,
        "every channel and fulfilment appears: {channels:?}"
    );
}

#[test]
fn pickups_are_live_at_the_first_store() {
    let ds = demo();
    let store0 = ds.store_id(0);
    let as_of = ds.spec().as_of;
    let mut statuses = HashSet::new();
    for p in ds.pickups() {
        assert_eq!(p.store_id, store0);
        assert_eq!(p.order.store_id, Some(store0));
        assert_eq!(p.order.fulfilment, Fulfilment::Pickup);
        assert_eq!(p.order.channel, Channel::Web);
        assert_eq!(p.order.status, p.status.order_status());
        assert!(p.order.customer_id.is_some());
        assert!(
            p.order.placed_at >= as_of - chrono::Duration::days(3) && p.order.placed_at < as_of
        );
        assert!(matches!(
            p.status,
            PickupStatus::New | PickupStatus::Picking | PickupStatus::Ready
        ));
        assert_eq!(p.ready_at.is_some(), p.status == PickupStatus::Ready);
        if let (Some(r), Some(e)) = (p.ready_at, p.expires_at) {
            assert!(r >= p.order.placed_at && r <= as_of && e > as_of);
        }
        statuses.insert(p.status);
    }
    assert!(statuses.len() >= 2, "{statuses:?}");
}

#[test]
fn customers_are_unique_and_well_formed() {
    let ds = demo();
    let (mut emails, mut numbers, mut phones) = (HashSet::new(), HashSet::new(), HashSet::new());
    let mut diacritics = 0;
    let mut tiers = HashSet::new();
    for c in ds.customers() {
        if let Some(e) = &c.email {
            assert!(
                e.is_ascii() && e.contains('@') && e == &e.to_lowercase(),
                "{e}"
            );
            assert!(emails.insert(e.clone()), "duplicate email {e}");
        }
        assert!(c.email.is_some() || c.phone.is_some());
        assert_eq!(c.phone.is_some(), c.phone_digits.is_some());
        if let (Some(p), Some(d)) = (&c.phone, &c.phone_digits) {
            assert!(d.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(
                p.chars().filter(char::is_ascii_digit).collect::<String>(),
                *d
            );
            assert!(phones.insert(d.clone()), "duplicate phone {p}");
        }
        assert!(!c.consent_email || c.email.is_some());
        assert!(!c.consent_sms || c.phone.is_some());
        let l = &c.loyalty;
        assert_eq!(l.customer_id, c.id);
        assert!(l.number.len() == 12 && l.number.bytes().all(|b| b.is_ascii_digit()));
        assert!(
            numbers.insert(l.number.clone()),
            "duplicate loyalty number {}",
            l.number
        );
        assert!(l.points >= 0);
        tiers.insert(l.tier);
        assert!(c.sizes_json.starts_with('{') && c.sizes_json.ends_with('}'));
        assert!(c.preferences_json.starts_with('{') && c.preferences_json.ends_with('}'));
        assert!(c.created_at < ds.spec().as_of);
        diacritics += usize::from(!c.first_name.is_ascii() || !c.last_name.is_ascii());
    }
    assert!(emails.len() > 1_800);
    assert_eq!(tiers.len(), 3);
    assert!(diacritics > 200, "names with diacritics: {diacritics}");
    let first = ds.customer(0);
    assert!(
        first
            .email
            .as_deref()
            .is_none_or(|e| e.ends_with(".example") || e.contains("@example."))
    );
}

#[test]
fn ids_are_v7_and_unique() {
    let ds = demo();
    let mut ids = HashSet::new();
    let mut add = |id: Uuid| {
        assert_eq!(id.get_version_num(), 7, "{id}");
        assert!(ids.insert(id), "duplicate id {id}");
    };
    add(ds.retailer().id);
    ds.stores().for_each(|s| add(s.id));
    ds.products().for_each(|p| add(p.id));
    for s in 0..ds.spec().stores {
        ds.stock_counts(s).for_each(|c| add(c.id));
    }
    for c in ds.customers() {
        add(c.id);
        add(c.loyalty.id);
    }
    ds.web_carts().for_each(|c| add(c.id));
    ds.orders().for_each(|o| add(o.id));
    for p in ds.pickups() {
        add(p.id);
        add(p.order.id);
    }
    assert!(ids.len() > 34_000, "{}", ids.len());
}

#[test]
fn catalog_reads_well() {
    let ds = demo();
    let first: Vec<Product> = ds.products().take(24).collect();
    let categories: HashSet<_> = first.iter().map(|p| p.category).collect();
    assert_eq!(
        categories.len(),
        12,
        "the first products span every category"
    );
    let names: HashSet<_> = first.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 24);
    let all: Vec<Product> = ds.products().collect();
    for word in [
        "Sweater", "Jacket", "Scarf", "Trousers", "Sneakers", "Cashmere", "Linen",
    ] {
        assert!(
            all.iter().any(|p| p.name.contains(word)),
            "no product named with {word}"
        );
    }
    let skus: HashSet<_> = all.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(skus.len(), all.len());
    assert!(
        all.iter()
            .all(|p| p.list_price.minor > 0 && p.list_price.currency == Currency::EUR)
    );
    let inactive = all.iter().filter(|p| !p.active).count();
    assert!(inactive > 0 && inactive < all.len() / 20);

    // Store prices: list price, or within ±10 % ending in 9.
    for s in 0..ds.spec().stores {
        for (price, p) in ds.prices(s).zip(&all) {
            assert_eq!(price.product_id, p.id);
            let list = p.list_price.minor;
            if price.amount != p.list_price {
                assert!(s != 0, "store 0 sells at list price");
                assert_eq!(price.amount.minor % 10, 9);
                assert!(
                    (price.amount.minor - list).abs() * 100 <= list * 10 + 100,
                    "{} vs {list}",
                    price.amount
                );
            }
        }
    }
    // Stock: 0..=40, about 5 % zero.
    let counts: Vec<i64> = ds.stock_counts(0).map(|c| c.quantity).collect();
    assert!(counts.iter().all(|q| (0..=40).contains(q)));
    let zero = counts.iter().filter(|q| **q == 0).count();
    assert!((100..400).contains(&zero), "zero counts: {zero}");
}

#[test]
fn some_store_prices_differ_from_list() {
    let ds = Dataset::new(42, Spec::reference());
    let zoned = (1..ds.spec().stores)
        .filter(|s| {
            ds.prices(*s)
                .take(50)
                .enumerate()
                .any(|(j, p)| p.amount != ds.list_price(j as u64))
        })
        .count();
    assert_eq!(zoned, 6, "stores 2, 5, …, 17 have their own prices");
    let demo = demo();
    assert!(
        demo.prices(2)
            .take(50)
            .enumerate()
            .any(|(j, p)| p.amount != demo.list_price(j as u64))
    );
    assert!(
        ds.prices(0)
            .take(1_000)
            .enumerate()
            .all(|(j, p)| p.amount == ds.list_price(j as u64))
    );
}

#[test]
fn carts_are_live_and_reference_real_products() {
    let ds = demo();
    let as_of = ds.spec().as_of;
    let customers: HashSet<Uuid> = (0..ds.spec().customers)
        .map(|k| ds.customer_id(k))
        .collect();
    for c in ds.web_carts() {
        assert!(customers.contains(&c.customer_id));
        assert!(matches!(c.channel, Channel::Web | Channel::App));
        assert_eq!(c.status.as_str(), "active");
        assert!(c.updated_at < as_of && c.updated_at >= as_of - chrono::Duration::days(14));
        assert!((1..=4).contains(&c.lines.len()));
        for l in &c.lines {
            assert!(l.quantity > 0 && l.unit_price.minor > 0);
        }
    }
}

#[test]
fn reference_orders_stream_quickly() {
    let ds = Dataset::new(42, Spec::reference());
    let started = Instant::now();
    let mut lines = 0usize;
    let mut last = None;
    let count = ds
        .orders()
        .take(100_000)
        .inspect(|o| {
            lines += o.lines.len();
            last = Some(o.number.clone());
        })
        .count();
    assert_eq!(count, 100_000);
    assert!(lines >= 100_000);
    assert!(last.is_some_and(|n| n.ends_with("00100000")));
    // Generous: it takes a few seconds in a debug build.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    // The last order of five million is as cheap as the first.
    assert!(ds.order(4_999_999).number.ends_with("-05000000"));
}

#[test]
fn enum_strings_match_the_schema() {
    assert_eq!(
        [Channel::Web, Channel::App, Channel::Store].map(|c| c.as_str()),
        ["web", "app", "store"]
    );
    assert_eq!(
        [Fulfilment::CarryOut, Fulfilment::Ship, Fulfilment::Pickup].map(|f| f.as_str()),
        ["carry_out", "ship", "pickup"]
    );
    assert_eq!(
        [
            PickupStatus::New,
            PickupStatus::Picking,
            PickupStatus::Ready,
            PickupStatus::PickedUp,
            PickupStatus::Cancelled,
            PickupStatus::Expired
        ]
        .map(|s| s.as_str()),
        [
            "new",
            "picking",
            "ready",
            "picked_up",
            "cancelled",
            "expired"
        ]
    );
    assert_eq!(
        [
            CartStatus::Active,
            CartStatus::Converted,
            CartStatus::Abandoned
        ]
        .map(|s| s.to_string()),
        ["active", "converted", "abandoned"]
    );
    assert_eq!(
        [Tier::Member, Tier::Silver, Tier::Gold].map(|t| t.as_str()),
        ["member", "silver", "gold"]
    );
}

/// FNV-1a over a canonical text of the first records of every kind of the
/// tiny spec: pins the output byte for byte across builds and platforms.
/// If you change generation on purpose, update the constant (and know that
/// every existing demo database differs from the new output).
#[test]
fn output_is_pinned() {
    let ds = tiny(2026);
    let mut text = String::new();
    let t =
        |d: chrono::DateTime<chrono::Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let r = ds.retailer();
    text += &format!("{} {} {}\n", r.id, r.name, r.currency);
    for s in ds.stores() {
        text += &format!(
            "{} {} {} {} {} {}\n",
            s.id, s.code, s.name, s.city, s.currency, s.timezone
        );
    }
    for p in ds.products() {
        let codes: Vec<String> = p.barcodes.iter().map(Gtin::gtin14).collect();
        text += &format!(
            "{} {} {} {} {} {} {} {codes:?}\n",
            p.id, p.sku, p.name, p.brand, p.category, p.active, p.list_price
        );
    }
    for s in 0..ds.spec().stores {
        for p in ds.prices(s) {
            text += &format!("{} {} {}\n", p.product_id, p.store_id, p.amount);
        }
        for c in ds.stock_counts(s) {
            text += &format!(
                "{} {} {} {} {}\n",
                c.id,
                c.store_id,
                c.product_id,
                c.quantity,
                t(c.counted_at)
            );
        }
    }
    for c in ds.customers() {
        let l = &c.loyalty;
        text += &format!(
            "{} {} {} {:?} {:?} {:?} {} {} {} {} {} {} {} {} {}\n",
            c.id,
            c.first_name,
            c.last_name,
            c.email,
            c.phone,
            c.phone_digits,
            t(c.created_at),
            c.consent_email,
            c.consent_sms,
            c.sizes_json,
            c.preferences_json,
            l.id,
            l.number,
            l.tier,
            l.points
        );
    }
    for c in ds.web_carts() {
        text += &format!(
            "{} {} {} {} {}\n",
            c.id,
            c.customer_id,
            c.channel,
            c.status,
            t(c.updated_at)
        );
        for l in &c.lines {
            text += &format!(
                " {} {} {} {}\n",
                l.line_no, l.product_id, l.quantity, l.unit_price
            );
        }
    }
    let pickups: Vec<Order> = ds
        .pickups()
        .map(|p| {
            text += &format!(
                "{} {} {} {:?} {:?}\n",
                p.id,
                p.store_id,
                p.status,
                p.ready_at.map(t),
                p.expires_at.map(t)
            );
            p.order
        })
        .collect();
    for o in ds.orders().chain(pickups) {
        text += &format!(
            "{} {} {:?} {} {:?} {} {} {} {}\n",
            o.id,
            o.number,
            o.customer_id,
            o.channel,
            o.store_id,
            o.fulfilment,
            o.status,
            t(o.placed_at),
            o.total
        );
        for l in &o.lines {
            text += &format!(
                " {} {} {} {} {}\n",
                l.line_no, l.product_id, l.quantity, l.unit_price, l.line_total
            );
        }
    }
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    assert_eq!(
        hash,
        0xa1f6_d363_c993_bdc9,
        "{} bytes; output changed: hash {hash:#018x}",
        text.len()
    );
}

#[test]
fn measured_products_are_listed_under_lookup_gtins_and_priced_everywhere() {
    let ds = tiny(1);
    let products: Vec<Product> = ds.measured_products().collect();
    assert_eq!(products.len(), 4);
    for p in &products {
        let code = p.barcodes[0].as_scanned();
        assert!(code.starts_with("21") || code.starts_with("23"), "{code}");
        // Value and verifier digits are zero in a lookup GTIN.
        assert_eq!(&code[7..12], "00000", "{code}");
        assert!(ds.products().all(|q| q.id != p.id && q.sku != p.sku));
    }
    assert_eq!(lookup_gtin(PRICE_LABEL, 12345).as_scanned(), "2112345000008");
    let prices: Vec<_> = ds.measured_prices(0).collect();
    assert_eq!(prices.len(), 4);
    assert!(prices.iter().zip(&products).all(|(pr, p)| pr.product_id == p.id && pr.amount == p.list_price));
    assert_eq!(ds.measured_products().collect::<Vec<_>>(), products, "deterministic");
}

#[test]
fn promotions_cover_every_kind_and_read_back() {
    use shopfloor_domain::pricing::PromotionRule;
    let ds = demo();
    let promotions: Vec<Promotion> = ds.promotions().collect();
    assert_eq!(promotions, ds.promotions().collect::<Vec<_>>(), "deterministic");
    let kinds: HashSet<&str> = promotions.iter().map(|p| p.rule.kind()).collect();
    assert_eq!(kinds, HashSet::from(["percent_off", "amount_off", "buy_x_get_y", "threshold"]));
    let ids: HashSet<Uuid> = promotions.iter().map(|p| p.id).collect();
    assert_eq!(ids.len(), promotions.len());
    let stores: HashSet<Uuid> = ds.stores().map(|s| s.id).collect();
    assert!(promotions.iter().filter_map(|p| p.store_id).all(|s| stores.contains(&s)));
    assert!(promotions.iter().any(|p| p.store_id.is_some()), "some are store-specific");
    assert!(promotions.iter().any(|p| p.store_id.is_none()), "some run everywhere");
    let now = ds.spec().as_of;
    let expired: Vec<_> = promotions.iter().filter(|p| p.ends_at <= now).collect();
    assert_eq!(expired.len(), 1, "one expired");
    for p in &promotions {
        assert_eq!(p.id.get_version_num(), 7);
        assert!(p.starts_at < p.ends_at, "{}", p.name);
        let back = PromotionRule::parse(p.rule.kind(), &p.rule.to_json()).unwrap();
        assert_eq!(back, p.rule, "{}", p.name);
    }
    // Live for any plausible now.
    let live = |at: &str| {
        let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
        promotions.iter().filter(|p| p.starts_at <= at && at < p.ends_at).count()
    };
    assert_eq!(live("2026-03-02T08:00:00Z"), promotions.len() - 1);
    assert_eq!(live("2040-06-01T00:00:00Z"), promotions.len() - 1);
    // A one-store dataset leaves out the second store's promotions.
    let one = Dataset::new(42, Spec { stores: 1, ..Spec::tiny() });
    assert!(one.promotions().count() < promotions.len());
    assert!(one.promotions().all(|p| p.store_id.is_none() || p.store_id == Some(one.store_id(0))));
}

/// The first products the demo lists by SKU (what an end-to-end test
/// scans) are Accessories, which a promotion of every store discounts.
#[test]
fn a_promotion_hits_the_demo_products_first_by_sku() {
    let ds = Dataset::new(7, Spec::demo());
    let mut by_sku: Vec<Product> = ds.products().collect();
    by_sku.sort_by(|a, b| a.sku.cmp(&b.sku));
    let first: Vec<&Product> = by_sku.iter().take(3).collect();
    assert!(first.iter().all(|p| p.category == "Accessories"), "{:?}", first.iter().map(|p| &p.sku).collect::<Vec<_>>());
    assert_eq!(first.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["ACC-000007", "ACC-000019", "ACC-000031"]);
    let hit = ds.promotions().find(|p| {
        p.store_id.is_none()
            && p.ends_at > ds.spec().as_of
            && first.iter().all(|x| {
                matches!(&p.rule, shopfloor_domain::pricing::PromotionRule::PercentOff(r) if r.target.matches(&x.id.to_string(), x.category))
            })
    });
    assert_eq!(hit.map(|p| p.name), Some("Accessories 15 % off"));
}

#[test]
fn stores_are_taxed_by_their_country_and_the_programme_is_set() {
    let ds = Dataset::new(1, Spec::reference());
    for s in ds.stores() {
        assert!(s.tax.prices_include_tax, "{}", s.name);
        assert!(s.tax.standard_rate_bp >= 1900, "{}", s.name);
        let reduced = s.tax.rate_bp(REDUCED_RATE_CATEGORY);
        assert!(reduced < s.tax.standard_rate_bp, "{}", s.name);
        assert_eq!(ds.tax_policy(s.code[1..].parse::<u32>().unwrap() - 1), s.tax);
    }
    let berlin = ds.store(0);
    assert_eq!((berlin.timezone, berlin.tax.standard_rate_bp, berlin.tax.rate_bp("Kids")), ("Europe/Berlin", 1900, 700));
    let loyalty = ds.retailer().loyalty;
    assert_eq!(loyalty, ds.loyalty_programme());
    assert_eq!((loyalty.points_per_major_unit, loyalty.point_value_minor, loyalty.min_redeem_points), (1, 1, 500));
    for tier in [Tier::Member, Tier::Silver, Tier::Gold] {
        assert!(loyalty.tier_multiplier_bp.contains_key(tier.as_str()), "{tier}");
    }
}
