//! The clienteling benchmark (issue 5): a loyalty card scanned to the
//! customer's profile, their suggestions, and customer search as an
//! associate types, on a device bootstrapped with the reference data.
//!
//! Invariant: every timing goes through the `Register` API on the real
//! device SQLite file, and every scanned code is a genuine one signed by
//! the hub, verified offline by the device as at the counter.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::{Clock, SystemClock};
use shopfloor_protocol::WebQrResponse;
use shopfloor_register::{Register, ScanOutcome};
use shopfloor_store::DeviceDb;

use crate::card_holders::{CardHolder, Keystroke, SearchKind, keystrokes, pick_card_holders};
use crate::hub_device::{Error, WEB_KEY, enrol_and_bootstrap, enrolment, serve_hub};
use crate::latency::{CpuUse, Latencies, ThreadTimes};
use crate::sync_bench::SEED;

/// What the Register screen asks a customer search for (the UI's limit).
const SEARCH_LIMIT: u32 = 10;
/// Customers scanned and searched before timing, other than the timed ones.
const WARM_UP_HOLDERS: usize = 100;
/// One in this many scanned customers is also searched for, keystroke by keystroke.
const SEARCHED_ONE_IN: usize = 4;

pub fn run(hub_db: &Path, device_db: &Path, samples: usize) -> Result<(), Error> {
    if !hub_db.exists() {
        return Err(format!("no hub database at {}: make one with `shopfloor-bench sync --hub-db`", hub_db.display()).into());
    }
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    println!("machine: {}", crate::machine());
    let hub = serve_hub(hub_db, clock.clone())?;
    println!("hub: {} on {}", hub_db.display(), hub.url());
    if !device_db.exists() {
        runtime.block_on(make_device(&hub.url(), device_db, clock.clone()))?;
    }
    let opening = Instant::now();
    let db = Arc::new(DeviceDb::open(device_db)?);
    println!("device opened in {:.1} s (pending migrations included)", opening.elapsed().as_secs_f64());
    let (timed, warm_up) = (pick_card_holders(&db, samples, 0.0)?, pick_card_holders(&db, WARM_UP_HOLDERS, 0.5)?);
    let (timed, warm_up) = runtime.block_on(async {
        Ok::<_, Error>((with_hub_codes(&hub.url(), timed).await?, with_hub_codes(&hub.url(), warm_up).await?))
    })?;
    hub.stop();
    let size = std::fs::metadata(device_db)?.len() as f64 / (1u64 << 30) as f64;
    println!("device: {} ({size:.1} GiB; {} customers with a loyalty card sampled, {} more to warm up)", device_db.display(), timed.len(), warm_up.len());
    println!("memory: {}", crate::memory());
    let register = Register::new(db.clone(), clock);
    crate::bench_staff::sign_in(&db, &register, crate::bench_staff::ASSOCIATE)?;
    runtime.block_on(measure(&register, &timed, &warm_up))
}

/// Each holder with their card's QR text as the hub's web API issues it.
async fn with_hub_codes(hub_url: &str, holders: Vec<CardHolder>) -> Result<Vec<(CardHolder, String)>, Error> {
    let http = reqwest::Client::new();
    let mut out = Vec::with_capacity(holders.len());
    for holder in holders {
        let url = format!("{hub_url}/v1/web/loyalty-cards/{}/qr", holder.account_id);
        let answer = http.post(&url).bearer_auth(WEB_KEY).send().await?.error_for_status()?;
        let code: WebQrResponse = answer.json().await?;
        out.push((holder, code.text));
    }
    Ok(out)
}

async fn measure(register: &Register, timed: &[(CardHolder, String)], warm_up: &[(CardHolder, String)]) -> Result<(), Error> {
    let started = Instant::now();
    let searched_warm_up: Vec<_> = warm_up.iter().step_by(SEARCHED_ONE_IN).collect();
    scan_each(register, warm_up).await?;
    search_each(register, &searched_warm_up).await?;
    println!("warm-up: {} customers scanned, {} searched, in {:.1} s", warm_up.len(), searched_warm_up.len(), started.elapsed().as_secs_f64());

    let cpu = CpuUse::start();
    let scans = scan_each(register, timed).await?;
    println!("\nloyalty scan → profile ({} customers, each once; {})", timed.len(), cpu.report());
    for l in &scans {
        println!("{}", l.line());
    }
    let searched: Vec<_> = timed.iter().step_by(SEARCHED_ONE_IN).collect();
    let cpu = CpuUse::start();
    let searches = search_each(register, &searched).await?;
    println!("\ncustomer search as you type ({} customers, limit {SEARCH_LIMIT}; {})", searched.len(), cpu.report());
    for l in &searches {
        println!("{}", l.line());
    }
    Ok(())
}

/// Scans each card and opens the profile as the screen does, then reads
/// the suggestions: the whole, its parts, and the suggestions, timed apart.
async fn scan_each(register: &Register, holders: &[(CardHolder, String)]) -> Result<Vec<Latencies>, Error> {
    let mut whole = Latencies::new("scan → profile (target p99 < 5 ms)");
    let mut scan = Latencies::new("  of which scan (verify, open the card)");
    let mut profile = Latencies::new("  of which customer_profile");
    let mut whole_cpu = Latencies::new("  its CPU time (all threads)");
    let mut whole_waiting = Latencies::new("  its time runnable but waiting for a CPU");
    let mut suggestions = Latencies::new("customer_suggestions (after the profile)");
    let (mut orders, mut carts) = (0usize, 0usize);
    for (holder, code) in holders {
        let before = ThreadTimes::now();
        let t0 = Instant::now();
        let outcome = register.scan(code.clone()).await?;
        let t1 = Instant::now();
        let customer_id = scanned_customer(outcome, holder)?;
        let shown = register.customer_profile(customer_id.clone()).await?;
        let t2 = Instant::now();
        let spent = ThreadTimes::now().since(before);
        let t3 = Instant::now();
        let suggested = register.customer_suggestions(customer_id).await?;
        suggestions.push(t3.elapsed());
        std::hint::black_box(&suggested);
        orders += shown.orders.len();
        carts += shown.online_carts.len();
        whole.push(t2 - t0);
        scan.push(t1 - t0);
        profile.push(t2 - t1);
        whole_cpu.push(spent.on_cpu);
        whole_waiting.push(spent.waiting);
    }
    profile.note(format!("{:.1} orders and {:.2} live online carts shown per profile", orders as f64 / holders.len() as f64, carts as f64 / holders.len() as f64));
    Ok(vec![whole, scan, profile, whole_cpu, whole_waiting, suggestions])
}

fn scanned_customer(outcome: ScanOutcome, holder: &CardHolder) -> Result<String, Error> {
    match outcome {
        ScanOutcome::Customer { customer } if customer.customer_id == holder.customer_id => Ok(customer.customer_id),
        other => Err(format!("the card of {} opened something else: {other:?}", holder.customer_id).into()),
    }
}

/// Every keystroke of each holder's searches, one `search_customers` call
/// each, timed by kind, noting how often the holder was among the hits once
/// the whole text was typed.
async fn search_each(register: &Register, holders: &[&(CardHolder, String)]) -> Result<Vec<Latencies>, Error> {
    let mut by_kind: Vec<Latencies> = SearchKind::ALL.iter().map(|k| Latencies::new(k.shown())).collect();
    let mut all = Latencies::new("every keystroke (target p99 < 15 ms)");
    let mut all_cpu = Latencies::new("  its CPU time (all threads)");
    let mut all_waiting = Latencies::new("  its time runnable but waiting for a CPU");
    let mut found = vec![(0usize, 0usize); SearchKind::ALL.len()];
    for (holder, _) in holders {
        for Keystroke { kind, text, last } in keystrokes(holder) {
            let before = ThreadTimes::now();
            let started = Instant::now();
            let hits = register.search_customers(text, SEARCH_LIMIT).await?;
            let took = started.elapsed();
            let spent = ThreadTimes::now().since(before);
            all_cpu.push(spent.on_cpu);
            all_waiting.push(spent.waiting);
            by_kind[kind as usize].push(took);
            all.push(took);
            if last {
                let (typed_out, among_hits) = &mut found[kind as usize];
                *typed_out += 1;
                *among_hits += usize::from(hits.iter().any(|h| h.customer_id == holder.customer_id));
            }
        }
    }
    for (latencies, (typed_out, among_hits)) in by_kind.iter_mut().zip(found) {
        latencies.note(format!("the customer among the {SEARCH_LIMIT} hits once all was typed: {among_hits} of {typed_out}"));
    }
    by_kind.extend([all, all_cpu, all_waiting]);
    Ok(by_kind)
}

/// Bootstraps a device for the first store into `device_db`, through a
/// side file renamed at the end, so a cut-short run leaves no half replica
/// where a whole one is expected.
async fn make_device(hub_url: &str, device_db: &Path, clock: Arc<dyn Clock>) -> Result<(), Error> {
    let partial = with_suffix(device_db, ".bootstrapping");
    for stale in sqlite_files(&partial) {
        if stale.exists() {
            std::fs::remove_file(&stale)?;
        }
    }
    let store_code = Dataset::new(SEED, Spec::by_name("reference").ok_or("no reference spec")?).store(0).code;
    println!("bootstrapping a device for {store_code} into {} …", partial.display());
    let device = enrol_and_bootstrap(&partial, &enrolment(hub_url, &store_code, "clienteling bench"), clock).await?;
    println!("device bootstrap: {} rows in {:.1} s", device.rows, device.seconds);
    drop(device);
    for (from, to) in sqlite_files(&partial).into_iter().zip(sqlite_files(device_db)) {
        if from.exists() {
            std::fs::rename(&from, &to)?;
        }
    }
    Ok(())
}

/// A database file with its WAL and shared-memory files.
fn sqlite_files(db: &Path) -> [PathBuf; 3] {
    [db.to_path_buf(), with_suffix(db, "-wal"), with_suffix(db, "-shm")]
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
