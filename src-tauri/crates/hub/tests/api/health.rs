use serde_json::Value;
use shopfloor_protocol::Health;

use crate::support::{TestHub, expect_error, ok_json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_answers_ok() {
    let hub = TestHub::seeded().await;
    let health: Health = ok_json(hub.get("/v1/health").send().await.unwrap()).await;
    assert_eq!(health.status, "ok");
    assert!(!health.version.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_lists_every_endpoint_with_its_methods() {
    let hub = TestHub::seeded().await;
    let doc: Value = ok_json(hub.get("/openapi.json").send().await.unwrap()).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/v1/health", "get"),
        ("/openapi.json", "get"),
        ("/v1/devices/enrol", "post"),
        ("/v1/admin/devices/{device_id}/revoke", "post"),
        ("/v1/admin/customers/{customer_id}/erase", "post"),
        ("/v1/stores/{store_id}/snapshot", "get"),
        ("/v1/stores/{store_id}/snapshot/{section}", "get"),
        ("/v1/stores/{store_id}/changes", "get"),
        ("/v1/stores/{store_id}/stock/{product_id}", "get"),
        ("/v1/stores/{store_id}/events", "post"),
        ("/v1/stores/{store_id}/z-reports", "get"),
        ("/v1/web/carts", "post"),
        ("/v1/web/carts/{cart_id}", "put"),
        ("/v1/web/orders", "post"),
        ("/v1/web/loyalty-cards/{account_id}/qr", "post"),
        ("/v1/web/handoff-codes/open", "post"),
        ("/v1/web/customers/{customer_id}/wishlist", "put"),
        ("/v1/web/customers/{customer_id}", "get"),
        ("/v1/web/customers/{customer_id}", "patch"),
        ("/v1/web/customers/{customer_id}/notes", "post"),
        ("/v1/admin/stores/{store_id}/tax-policy", "put"),
        ("/v1/admin/loyalty-programme", "put"),
        ("/v1/admin/promotions/{promotion_id}", "put"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing from openapi.json"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for name in [
        "PushBatch",
        "Event",
        "SaleCompleted",
        "Record",
        "ChangePage",
        "ApiError",
        "SnapshotManifest",
        "StoreZReports",
        "DrawerOpened",
        "DrawerCashMoved",
        "DrawerClosed",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
    assert!(doc["components"]["securitySchemes"]["device_token"].is_object());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_paths_and_methods_answer_with_an_api_error() {
    let hub = TestHub::seeded().await;
    expect_error(
        hub.get("/v1/nothing").send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    expect_error(
        hub.client
            .delete(hub.url("/v1/health"))
            .send()
            .await
            .unwrap(),
        405,
        "method_not_allowed",
    )
    .await;
}
