//! Shopfloor's benchmarks; the numbers go to BENCHMARKS.md, never to tests.
//!
//! - `shopfloor-bench sync --size reference [--hub-db PATH] [--changes 10000]`:
//!   seeds a hub database with generated data (once, kept at `--hub-db`),
//!   serves it on 127.0.0.1, bootstraps a new device from it and then pulls
//!   and applies `--changes` incremental changes, printing rows/s and seconds.
//! - `shopfloor-bench clienteling --hub-db PATH --device-db PATH [--samples 1000]`:
//!   bootstraps a device for the first store from the hub database (once,
//!   kept at `--device-db`), then times a loyalty card scan to the customer's
//!   profile, their suggestions, and customer search keystroke by keystroke.
//! - `shopfloor-bench checkout --device-db PATH [--sales 1000]`: on a copy of
//!   a device database, times the durable checkout commit of a cash sale.
//! - `shopfloor-bench scan [--out DIR] [--reps 5] [--venv DIR]`: decodes the
//!   QR corpus (1280×720 frames) with `shopfloor_scan::decode_frame` and with
//!   zxing-cpp as a reference, and prints both side by side per condition.
//!
//! Invariant: it measures the real path (HTTP on loopback, the sync engine,
//! the device's SQLite file; the scan crate's own decode entry point), never
//! a shortcut around it.

mod bench_staff;
mod card_holders;
mod checkout_bench;
mod clienteling_bench;
mod hub_device;
mod latency;
mod scan_bench;
mod sync_bench;
mod zxing;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(about = "Shopfloor's benchmarks on generated data")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Bootstrap a device from a hub, then pull incremental changes.
    Sync {
        /// tiny, demo or reference.
        #[arg(long, default_value = "reference")]
        size: String,
        /// The hub database; seeded when missing, reused when present.
        #[arg(long)]
        hub_db: Option<PathBuf>,
        /// Incremental changes to make at the hub and pull.
        #[arg(long, default_value_t = 10_000)]
        changes: u32,
    },
    /// Loyalty scan to profile, suggestions, and customer search as you type.
    Clienteling {
        /// The hub database with the reference data (`sync --hub-db` makes it).
        #[arg(long)]
        hub_db: PathBuf,
        /// The device database; bootstrapped from the hub when missing, reused when present.
        #[arg(long)]
        device_db: PathBuf,
        /// Customers with a loyalty card to scan; searches use a share of them.
        #[arg(long, default_value_t = 1000)]
        samples: usize,
    },
    /// The durable checkout commit: a cash sale of two items to a loyalty customer, timed.
    Checkout {
        /// A device database set up for a store (a copy: the sales stay in it).
        #[arg(long)]
        device_db: PathBuf,
        #[arg(long, default_value_t = 1000)]
        sales: usize,
    },
    /// Decode the QR corpus with rqrr (through shopfloor-scan) and zxing-cpp.
    Scan {
        /// Where the corpus PNGs go (kept); a temporary directory when absent.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Timed decodes of each frame, per decoder; the median counts.
        #[arg(long, default_value_t = 5)]
        reps: u32,
        /// The Python venv with zxing-cpp; created when missing. Default:
        /// `bench-venv` in the cargo target directory.
        #[arg(long)]
        venv: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let result = match Args::parse().command {
        Command::Sync { size, hub_db, changes } => sync_bench::run(&size, hub_db, changes),
        Command::Clienteling { hub_db, device_db, samples } => clienteling_bench::run(&hub_db, &device_db, samples.max(1)),
        Command::Checkout { device_db, sales } => checkout_bench::run(&device_db, sales.max(1)),
        Command::Scan { out, reps, venv } => scan_bench::run(out, reps.max(1), venv),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shopfloor-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The CPU and core count, for the record.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!("{cpu}, {cores} cores")
}

/// Memory and page cache, for the record of what was warm.
fn memory() -> String {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let gib = |key: &str| {
        meminfo
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or("?".to_string(), |kib| format!("{:.1}", kib / 1024.0 / 1024.0))
    };
    format!("{} GiB RAM, {} GiB available, {} GiB page cache", gib("MemTotal:"), gib("MemAvailable:"), gib("Cached:"))
}
