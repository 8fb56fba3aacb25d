//! Faults that kill a process with SIGKILL: the hub mid-push, the app
//! mid-apply, and the app twice during an offline day. A custom harness:
//! this binary is the test (the parent) and, when `SHOPFLOOR_SYNC_TEST_CHILD`
//! names a role, the process being killed (a hub serving a database file,
//! or the app syncing or selling on a device database file).

#[path = "../common/mod.rs"]
mod common;

mod app_killed;
mod child;
mod hub_killed;
mod offline_day;
mod process;

use std::time::Instant;

fn main() {
    if child::run_if_child() {
        return;
    }
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let tests: [(&str, fn()); 3] = [
        ("hub_killed_mid_push_then_restarted_applies_each_event_once", hub_killed::test),
        ("app_killed_mid_apply_resumes_without_skipping_a_change", app_killed::test),
        ("an_offline_day_with_two_app_kills_arrives_exactly_once", offline_day::test),
    ];
    let (mut passed, mut failed) = (0, 0);
    for (name, test) in tests {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let started = Instant::now();
        println!("test {name} ...");
        match std::panic::catch_unwind(test) {
            Ok(()) => {
                passed += 1;
                println!("test {name} ... ok ({:.1?})", started.elapsed());
            }
            Err(_) => {
                failed += 1;
                println!("test {name} ... FAILED");
            }
        }
    }
    println!("crashes: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

/// A runtime like the app's, for one test.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime")
}
