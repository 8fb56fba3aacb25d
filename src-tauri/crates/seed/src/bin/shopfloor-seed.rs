//! `shopfloor-seed --db PATH [--size demo] [--seed N] [--store 1]`: sets up a
//! device database with generated data, for demos and benchmarks without a
//! hub. A database that is already set up is left as it is.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use shopfloor_datagen::{Dataset, Spec};
use shopfloor_store::DeviceDb;

#[derive(Parser)]
#[command(version, about = "Set up a Shopfloor device database with generated retailer data")]
struct Args {
    /// The device database file (created if missing).
    #[arg(long)]
    db: PathBuf,
    /// tiny, demo or reference.
    #[arg(long, default_value = "demo")]
    size: String,
    /// The generator's seed: the same seed makes the same data.
    #[arg(long, default_value_t = shopfloor_seed::DEMO_SEED)]
    seed: u64,
    /// The store this device serves, counting from 1.
    #[arg(long, default_value_t = 1)]
    store: u32,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(spec) = Spec::by_name(&args.size) else {
        eprintln!("unknown size {:?}: use tiny, demo or reference", args.size);
        return ExitCode::from(2);
    };
    if args.store == 0 {
        eprintln!("stores count from 1");
        return ExitCode::from(2);
    }
    match run(&args, spec) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shopfloor-seed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args, spec: Spec) -> Result<(), Box<dyn std::error::Error>> {
    let db = DeviceDb::open(&args.db)?;
    if shopfloor_seed::is_set_up(&db)? {
        println!("{} is already set up; nothing to do", args.db.display());
        return Ok(());
    }
    let data = Dataset::new(args.seed, spec);
    let mut last_stage = "";
    let counts = shopfloor_seed::seed_device(&db, &data, args.store - 1, &mut |p| {
        if p.stage != last_stage {
            if !last_stage.is_empty() {
                println!();
            }
            last_stage = p.stage;
        }
        print!("\r{:<18} {:>10} / {}", p.stage, p.done, p.total);
        let _ = std::io::stdout().flush();
    })?;
    println!();
    println!(
        "{}: {} products, {} customers, {} web carts, {} orders, {} pickups",
        args.db.display(),
        counts.products,
        counts.customers,
        counts.carts,
        counts.orders,
        counts.pickups
    );
    Ok(())
}
