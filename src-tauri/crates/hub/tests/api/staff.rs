//! A store's staff: seeded demo staff reach the store's devices in the
//! snapshot, the admin adds and changes staff (the PIN kept only as a hash)
//! and the change reaches the store's feed, not other stores'; pushed
//! approvals land in the audit log once, and a self-approval or a
//! non-manager approver is refused.

use shopfloor_protocol::{
    ApprovalGranted, Event, EventOutcome, EventPayload, Record, SnapshotPage, StaffMember, StaffRole, StaffSaved, StaffUpsert,
};

use crate::support::{ENROLMENT_KEY, TestDevice, TestHub, expect_error, ok_json, tick, upserted};

async fn staff_of(hub: &TestHub, device: &TestDevice) -> Vec<StaffMember> {
    let page: SnapshotPage = hub.device_get(device, "/snapshot/staff?limit=100").await;
    page.rows
        .into_iter()
        .map(|r| match r {
            Record::Staff(m) => m,
            other => panic!("a staff row, not {other:?}"),
        })
        .collect()
}

fn upsert(store_id: &str, name: &str, role: StaffRole, pin: Option<&str>) -> StaffUpsert {
    StaffUpsert { store_id: store_id.into(), name: name.into(), role, pin: pin.map(Into::into), active: true }
}

#[tokio::test]
async fn seeded_staff_travel_in_the_snapshot_as_hashes_and_admin_changes_reach_only_their_store() {
    let hub = TestHub::seeded().await;
    let s1 = hub.enrol("S001").await;
    let s2 = hub.enrol("S002").await;
    let seeded = staff_of(&hub, &s1).await;
    assert_eq!(seeded.len(), 5);
    let jo = seeded.iter().find(|m| m.name == "Jo Brandt").unwrap();
    assert_eq!(jo.role, StaffRole::Cashier);
    assert!(jo.pin_hash.starts_with("$argon2id$") && !jo.pin_hash.contains("1234"));
    assert!(shopfloor_domain::staff::pin_matches("1234", &jo.pin_hash));

    let id = hub.ids.next().to_string();
    let path = hub.url(&format!("/v1/admin/staff/{id}"));
    let new = upsert(&s1.store_id, "Mia Roth", StaffRole::Cashier, Some("4321"));
    expect_error(hub.client.put(&path).json(&new).send().await.unwrap(), 401, "unauthorized").await;
    let no_pin = upsert(&s1.store_id, "Mia Roth", StaffRole::Cashier, None);
    expect_error(hub.client.put(&path).bearer_auth(ENROLMENT_KEY).json(&no_pin).send().await.unwrap(), 400, "bad_request").await;
    let short = upsert(&s1.store_id, "Mia Roth", StaffRole::Cashier, Some("12"));
    expect_error(hub.client.put(&path).bearer_auth(ENROLMENT_KEY).json(&short).send().await.unwrap(), 400, "bad_request").await;
    let saved: StaffSaved = ok_json(hub.client.put(&path).bearer_auth(ENROLMENT_KEY).json(&new).send().await.unwrap()).await;
    assert_eq!((saved.name.as_str(), saved.role), ("Mia Roth", StaffRole::Cashier));

    // Promoted, PIN kept.
    tick(&hub.clock);
    let promoted = upsert(&s1.store_id, "Mia Roth", StaffRole::Manager, None);
    ok_json::<StaffSaved>(hub.client.put(&path).bearer_auth(ENROLMENT_KEY).json(&promoted).send().await.unwrap()).await;

    let mine: Vec<StaffMember> = hub
        .all_changes(&s1, 100)
        .await
        .iter()
        .filter_map(|c| match upserted(&c.op) {
            Some(Record::Staff(m)) => Some(m.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(mine.len(), 2, "both changes reach the store's feed");
    assert_eq!(mine[1].role, StaffRole::Manager);
    assert!(shopfloor_domain::staff::pin_matches("4321", &mine[1].pin_hash), "the PIN was kept");
    let theirs = hub.all_changes(&s2, 100).await;
    assert!(!theirs.iter().any(|c| matches!(upserted(&c.op), Some(Record::Staff(_)))), "another store's feed has no staff change");
}

#[tokio::test]
async fn approvals_are_audited_once_and_bad_ones_refused() {
    let hub = TestHub::seeded().await;
    let device = hub.enrol("S001").await;
    let staff = staff_of(&hub, &device).await;
    let by = |name: &str| staff.iter().find(|m| m.name == name).unwrap().id.clone();
    let approval = |asked_by: String, approved_by: String| {
        let at = tick(&hub.clock);
        Event::new(
            hub.ids.next(),
            at,
            EventPayload::ApprovalGranted(ApprovalGranted {
                id: hub.ids.next().to_string(),
                store_id: device.store_id.clone(),
                device_id: device.device_id.clone(),
                action: "void_sale".into(),
                asked_by,
                approved_by,
                approved_at: at,
                detail: "voided a sale of 2 line(s)".into(),
            }),
        )
    };
    let good = approval(by("Jo Brandt"), by("Lena Hoffmann"));
    let own = approval(by("Lena Hoffmann"), by("Lena Hoffmann"));
    let by_cashier = approval(by("Sam Keller"), by("Jo Brandt"));
    let answer = hub.push(&device, vec![good.clone(), own, by_cashier]).await;
    let outcomes: Vec<_> = answer.results.iter().map(|r| r.outcome).collect();
    assert_eq!(outcomes, [EventOutcome::Applied, EventOutcome::Rejected, EventOutcome::Rejected]);
    assert!(answer.results[1].reason.as_deref().unwrap().contains("someone other"));
    assert!(answer.results[2].reason.as_deref().unwrap().contains("not a manager"));
    let again = hub.push(&device, vec![good]).await;
    assert_eq!(again.results[0].outcome, EventOutcome::Duplicate);
    let audited: i64 = rusqlite::Connection::open(&hub.db_path)
        .unwrap()
        .query_row("SELECT count(*) FROM approvals WHERE asked_by <> approved_by", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 1);
}
