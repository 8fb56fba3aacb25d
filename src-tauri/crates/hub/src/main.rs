//! `shopfloor-hub seed --db PATH --size tiny|demo|reference [--seed N]`
//! loads generated data into an empty hub database;
//! `shopfloor-hub serve --db PATH --listen ADDR [--enrolment-key K] [--web-key K]`
//! serves the sync API and prints `listening on http://ADDR` once bound.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Parser, Subcommand};
use shopfloor_datagen::{Dataset, Spec};
use shopfloor_domain::SystemClock;
use shopfloor_hub::storage::sqlite::SqliteStorage;
use shopfloor_hub::{HubConfig, HubState, seed};

#[derive(Parser)]
#[command(version, about = "Shopfloor's hub: the sync API every device talks to")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load a generated retailer into an empty hub database.
    Seed {
        /// The hub database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// tiny, demo or reference.
        #[arg(long, default_value = "demo")]
        size: String,
        /// The generator's seed; 7 makes the same data as a demo device.
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Serve the API.
    Serve {
        /// The hub database file (created if missing).
        #[arg(long)]
        db: PathBuf,
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8640")]
        listen: String,
        /// The key devices show to enrol (also the admin key); enrolment is off without it.
        #[arg(long, env = "SHOPFLOOR_ENROLMENT_KEY", hide_env_values = true)]
        enrolment_key: Option<String>,
        /// The web shop's key; the web endpoints are off without it.
        #[arg(long, env = "SHOPFLOOR_WEB_KEY", hide_env_values = true)]
        web_key: Option<String>,
    },
}

fn main() -> ExitCode {
    let result = match Args::parse().command {
        Command::Seed { db, size, seed } => run_seed(db, &size, seed),
        Command::Serve {
            db,
            listen,
            enrolment_key,
            web_key,
        } => run_serve(db, &listen, enrolment_key, web_key),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shopfloor-hub: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_seed(db: PathBuf, size: &str, seed_value: u64) -> Result<(), Box<dyn std::error::Error>> {
    let Some(spec) = Spec::by_name(size) else {
        return Err(format!("unknown size {size:?}: use tiny, demo or reference").into());
    };
    let hub = SqliteStorage::open(&db, Arc::new(SystemClock))?;
    let data = Dataset::new(seed_value, spec);
    let started = Instant::now();
    let mut stage = String::new();
    let counts = seed::seed_hub(&hub, &data, &mut |p| {
        if p.stage != stage {
            if !stage.is_empty() {
                eprintln!();
            }
            stage = p.stage.clone();
        }
        eprint!("\r{}: {} of {}", p.stage, p.done, p.total);
        let _ = std::io::stderr().flush();
    })?;
    eprintln!();
    println!(
        "seeded {} in {:.1} s: {} stores, {} promotions, {} products, {} prices, {} stock counts, {} customers, {} carts, {} orders, {} pickups",
        db.display(),
        started.elapsed().as_secs_f64(),
        counts.stores,
        counts.promotions,
        counts.products,
        counts.prices,
        counts.stock_counts,
        counts.customers,
        counts.carts,
        counts.orders,
        counts.pickups
    );
    Ok(())
}

fn run_serve(
    db: PathBuf,
    listen: &str,
    enrolment_key: Option<String>,
    web_key: Option<String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let config = HubConfig {
        enrolment_key,
        web_key,
        ..HubConfig::default()
    };
    let state = HubState::open(&db, config, Arc::new(SystemClock))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        println!("listening on http://{}", listener.local_addr()?);
        std::io::stdout().flush()?;
        shopfloor_hub::serve_until(listener, state, stop_signal()).await?;
        Ok(())
    })
}

/// Completes on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
