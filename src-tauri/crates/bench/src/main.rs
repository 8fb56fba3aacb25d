//! `shopfloor-bench sync --size reference [--hub-db PATH] [--changes 10000]`:
//! seeds a hub database with generated data (once, kept at `--hub-db`),
//! serves it on 127.0.0.1, bootstraps a new device from it and then pulls
//! and applies `--changes` incremental changes, printing rows/s and seconds.
//! A benchmark, not a test: the numbers go to BENCHMARKS.md.
//!
//! Invariant: it measures the real path (HTTP on loopback, the sync engine,
//! the device's SQLite file), never a shortcut around it.

mod sync_bench;

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
}

fn main() -> ExitCode {
    let result = match Args::parse().command {
        Command::Sync { size, hub_db, changes } => sync_bench::run(&size, hub_db, changes),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shopfloor-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
