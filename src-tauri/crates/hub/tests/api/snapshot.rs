use std::collections::{BTreeSet, HashMap};

use shopfloor_protocol::{Record, Section, SnapshotManifest, SnapshotPage};

use crate::support::{TestDevice, TestHub, expect_error};

/// What the tiny dataset puts in store `index`'s scope, section by section.
fn expected_rows(hub: &TestHub, index: u32) -> HashMap<Section, u64> {
    let data = &hub.data;
    let spec = data.spec();
    let store = data.store_id(index);
    let orders = data
        .orders()
        .filter(|o| o.customer_id.is_some() || o.store_id.is_none() || o.store_id == Some(store))
        .count();
    let pickups = data.pickups().filter(|p| p.store_id == store).count() as u64;
    let measured = data.measured_products().count() as u64;
    HashMap::from([
        (Section::Retailer, 1),
        (Section::Stores, u64::from(spec.stores)),
        (Section::Products, spec.products + measured),
        (Section::Prices, spec.products + measured),
        (Section::StockMovements, spec.products),
        (Section::Customers, spec.customers),
        (Section::LoyaltyAccounts, spec.customers),
        (Section::OnlineCarts, data.web_carts().count() as u64),
        // Every live pickup's order has a customer: it is in every scope.
        (
            Section::Orders,
            orders as u64 + data.pickups().count() as u64,
        ),
        (Section::Pickups, pickups),
        (
            Section::Promotions,
            data.promotions().filter(|p| p.store_id.is_none() || p.store_id == Some(store)).count() as u64,
        ),
        (Section::QrKeys, 1),
        (Section::WishlistItems, 0),
        // Notes are written at stores and the web shop, none are generated.
        (Section::CustomerNotes, 0),
        (Section::Staff, shopfloor_seed_records::DEMO_STAFF.len() as u64),
        // Parked at registers; none are generated.
        (Section::ParkedCarts, 0),
        // Cards are issued by the operator, none are generated.
        (Section::StoredValueCards, 0),
        (Section::StoredValueMovements, 0),
        // Returns and conflicts come from devices; none are generated.
        (Section::OrderReturns, 0),
        (Section::StoreConflicts, 0),
    ])
}

/// Every row of a section, read in pages of `limit`, with its key.
async fn read_section(
    hub: &TestHub,
    device: &TestDevice,
    section: Section,
    limit: u32,
) -> Vec<Record> {
    let mut rows = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let query = match &after {
            Some(a) => format!("?after={a}&limit={limit}"),
            None => format!("?limit={limit}"),
        };
        let page: SnapshotPage = hub
            .device_get(device, &format!("/snapshot/{}{query}", section.as_str()))
            .await;
        assert_eq!(page.section, section);
        assert!(page.rows.len() <= limit as usize);
        rows.extend(page.rows);
        match page.next_after {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_manifest_counts_what_the_dataset_holds() {
    let hub = TestHub::seeded().await;
    for (index, code) in [(0, "S001"), (1, "S002")] {
        let device = hub.enrol(code).await;
        let manifest: SnapshotManifest = hub.device_get(&device, "/snapshot").await;
        assert_eq!(
            manifest.feed_position, 1,
            "a freshly seeded hub's feed holds only its first QR key"
        );
        let names: Vec<Section> = manifest.sections.iter().map(|s| s.name).collect();
        assert_eq!(names, Section::ALL);
        let expected = expected_rows(&hub, index);
        for s in &manifest.sections {
            assert_eq!(s.rows, expected[&s.name], "{code} {}", s.name);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_returns_every_row_exactly_once() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let manifest: SnapshotManifest = hub.device_get(&device, "/snapshot").await;
    for info in &manifest.sections {
        for limit in [7, 10_000] {
            let rows = read_section(&hub, &device, info.name, limit).await;
            let keys: Vec<String> = rows.iter().map(Record::key).collect();
            let unique: BTreeSet<&String> = keys.iter().collect();
            assert_eq!(unique.len(), keys.len(), "{} repeats a row", info.name);
            assert_eq!(
                keys.len() as u64,
                info.rows,
                "{} with pages of {limit}",
                info.name
            );
            let mut sorted = keys.clone();
            sorted.sort();
            if info.name != Section::Prices {
                assert_eq!(keys, sorted, "{} pages in key order", info.name);
            }
        }
    }

    // The rows are the dataset's, children included.
    let products = read_section(&hub, &device, Section::Products, 7).await;
    let ids: BTreeSet<String> = products.iter().map(Record::key).collect();
    let all = || hub.data.products().chain(hub.data.measured_products());
    let expected: BTreeSet<String> = all().map(|p| p.id.to_string()).collect();
    assert_eq!(ids, expected);
    for record in &products {
        let Record::Product(p) = record else {
            panic!("not a product: {record:?}")
        };
        let mut gtins: Vec<String> = all()
            .find(|d| d.id.to_string() == p.id)
            .unwrap()
            .barcodes
            .iter()
            .map(|g| g.gtin14())
            .collect();
        gtins.sort();
        assert_eq!(p.gtin14s, gtins);
    }
    let orders = read_section(&hub, &device, Section::Orders, 5).await;
    for record in &orders {
        let Record::Order(o) = record else {
            panic!("not an order")
        };
        assert!(!o.lines.is_empty(), "order {} has its lines", o.number);
        assert_eq!(
            o.lines.iter().map(|l| l.line_total_minor).sum::<i64>(),
            o.total_minor
        );
    }
    let prices = read_section(&hub, &device, Section::Prices, 9).await;
    assert!(
        prices
            .iter()
            .all(|r| matches!(r, Record::Price(p) if p.store_id == device.store_id))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_sections_and_bad_limits_are_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let base = format!("/v1/stores/{}/snapshot", device.store_id);
    expect_error(
        hub.get(&format!("{base}/secrets"))
            .bearer_auth(&device.token)
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    for query in ["?limit=0", "?limit=100000", "?limit=ten", "?colour=red"] {
        let answer = hub
            .get(&format!("{base}/products{query}"))
            .bearer_auth(&device.token)
            .send()
            .await
            .unwrap();
        expect_error(answer, 400, "bad_request").await;
    }
}
