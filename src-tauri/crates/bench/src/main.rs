//! Shopfloor's benchmarks; the numbers go to BENCHMARKS.md, never to tests.
//!
//! - `shopfloor-bench sync --size reference [--hub-db PATH] [--changes 10000]`:
//!   seeds a hub database with generated data (once, kept at `--hub-db`),
//!   serves it on 127.0.0.1, bootstraps a new device from it and then pulls
//!   and applies `--changes` incremental changes, printing rows/s and seconds.
//! - `shopfloor-bench scan [--out DIR] [--reps 5] [--venv DIR]`: decodes the
//!   QR corpus (1280×720 frames) with `shopfloor_scan::decode_frame` and with
//!   zxing-cpp as a reference, and prints both side by side per condition.
//!
//! Invariant: it measures the real path (HTTP on loopback, the sync engine,
//! the device's SQLite file; the scan crate's own decode entry point), never
//! a shortcut around it.

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
