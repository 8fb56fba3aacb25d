use shopfloor_domain::{Clock, SystemClock};
use shopfloor_store::draft_cart;
use shopfloor_store::parked_carts::{self, ParkRequest, ParkedCartRow, ResumeRequest};
use shopfloor_store::sync_state;

use crate::common::device::Device;
use crate::common::hub::TestHub;

/// Builds a cart of two products on `device` and parks it as `label`;
/// returns the parked cart's id.
fn park_a_cart(device: &Device, label: &str) -> String {
    let products = device.sellable();
    let now = SystemClock.now();
    let (id, event_id) = (device.ids.next().to_string(), device.ids.next().to_string());
    let device_id = device.link.device_id.clone();
    device
        .db
        .write(|tx| {
            draft_cart::add_units(tx, &device.ids.next().to_string(), &products[0], None, 2, now)?;
            draft_cart::add_unit(tx, &device.ids.next().to_string(), &products[1], None, now)?;
            let req = ParkRequest {
                id: &id,
                store_id: device.store_id(),
                device_id: &device_id,
                label: Some(label),
                parked_by: &device_id,
                parked_at: now,
            };
            parked_carts::park(tx, &req, &event_id)
        })
        .unwrap();
    id
}

fn resume(device: &Device, id: &str) -> parked_carts::Resumed {
    let event_id = device.ids.next().to_string();
    let req = ResumeRequest {
        parked_cart_id: id,
        store_id: device.store_id(),
        resumed_by: &device.link.device_id,
        resumed_at: SystemClock.now(),
    };
    device.db.write(|tx| parked_carts::resume(tx, &req, &event_id)).unwrap()
}

fn listed(device: &Device) -> Vec<ParkedCartRow> {
    device.db.read(|c| parked_carts::list(c, device.store_id(), &device.link.device_id)).unwrap()
}

fn cart_units(device: &Device) -> i64 {
    device.db.read(|c| draft_cart::lines(c, device.store_id())).unwrap().iter().map(|l| l.quantity).sum()
}

/// Till 1 parks a cart; after both sync, Till 2 lists it (a register set
/// up later gets it in its snapshot) and resumes it; after the next sync
/// Till 1's list no longer shows it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cart_parked_at_one_register_is_resumed_at_another_and_leaves_every_list() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let till_1 = Device::enrol_as(&dir.path().join("till1.sqlite"), &hub.api.url, "S001", "Till 1").await;
    let till_2 = Device::enrol_as(&dir.path().join("till2.sqlite"), &hub.api.url, "S001", "Till 2").await;
    till_1.sync_fully().await;
    till_2.sync_fully().await;

    let id = park_a_cart(&till_1, "Anna");
    assert_eq!(cart_units(&till_1), 0, "Till 1 serves the next customer");
    let mine = listed(&till_1);
    assert_eq!((mine.len(), mine[0].pending, mine[0].here), (1, true, true));
    till_1.sync_fully().await;
    assert!(!listed(&till_1)[0].pending, "the hub has it");
    till_2.sync_fully().await;

    let theirs = listed(&till_2);
    assert_eq!(theirs.len(), 1);
    let k = &theirs[0];
    assert_eq!((k.id.as_str(), k.label.as_deref(), k.here, k.pending), (id.as_str(), Some("Anna"), false, false));
    assert_eq!(k.device_name.as_deref(), Some("Till 1"));
    assert_eq!(k.lines.iter().map(|l| l.quantity).collect::<Vec<_>>(), [2, 1]);

    let till_3 = Device::enrol_as(&dir.path().join("till3.sqlite"), &hub.api.url, "S001", "Till 3").await;
    till_3.sync_fully().await;
    assert_eq!(listed(&till_3).iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), [id.as_str()], "from the snapshot");

    let resumed = resume(&till_2, &id);
    assert_eq!((resumed.lines_added, cart_units(&till_2)), (2, 3));
    assert!(listed(&till_2).is_empty());
    till_2.sync_fully().await;
    till_1.sync_fully().await;
    till_3.sync_fully().await;
    assert!(listed(&till_1).is_empty(), "resumed at Till 2, gone from Till 1");
    assert!(listed(&till_3).is_empty());
    assert!(till_2.outbox().iter().all(|(_, state)| state == "applied"), "{:?}", till_2.outbox());
}

/// Two registers resumed the same parked cart while offline: the one that
/// reaches the hub second is refused, and its conflicts inbox says where
/// and when the cart was resumed first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_of_two_offline_resumes_lands_in_the_conflicts_inbox() {
    let hub = TestHub::start().await;
    let dir = tempfile::tempdir().unwrap();
    let till_1 = Device::enrol_as(&dir.path().join("till1.sqlite"), &hub.api.url, "S001", "Till 1").await;
    let till_2 = Device::enrol_as(&dir.path().join("till2.sqlite"), &hub.api.url, "S001", "Till 2").await;
    till_1.sync_fully().await;
    let id = park_a_cart(&till_1, "Anna");
    till_1.sync_fully().await;
    till_2.sync_fully().await;

    // Both resume before either syncs again.
    resume(&till_1, &id);
    resume(&till_2, &id);
    till_2.sync_fully().await;
    till_1.sync_fully().await;

    let conflicts = till_1.db.read(sync_state::open_conflicts).unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].kind, "rejected");
    assert!(conflicts[0].message.contains("already resumed at register Till 2"), "{}", conflicts[0].message);
    assert!(till_2.db.read(sync_state::open_conflicts).unwrap().is_empty());
    assert!(listed(&till_1).is_empty() && listed(&till_2).is_empty());
}
