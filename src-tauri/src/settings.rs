//! What the app is started with. Each setting is a flag, else an environment
//! variable, else a default (the database goes under the OS's app-data
//! folder). Pointing the app at a hub is one setting: `--hub URL`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use shopfloor_sync::enrol::Enrolment;
use tauri::Manager;

#[derive(Debug, Clone, Parser)]
#[command(name = "shopfloor", about = "Shopfloor: in-store point of sale and clienteling", ignore_errors = true)]
pub struct Flags {
    /// The device database file.
    #[arg(long, env = "SHOPFLOOR_DB")]
    db: Option<PathBuf>,
    /// The hub to sync with, e.g. http://127.0.0.1:8640. Without it (and
    /// without an earlier enrolment) the device works on local data only.
    #[arg(long, env = "SHOPFLOOR_HUB")]
    hub: Option<String>,
    /// The store this device serves, by code; used to enrol.
    #[arg(long, env = "SHOPFLOOR_STORE", default_value = "S001")]
    store: String,
    /// The hub's enrolment key; needed once, to enrol.
    #[arg(long, env = "SHOPFLOOR_ENROLMENT_KEY", hide_env_values = true)]
    enrolment_key: Option<String>,
    /// How this device is named at the hub.
    #[arg(long, env = "SHOPFLOOR_DEVICE_NAME", default_value = "Register")]
    device_name: String,
    /// Pause between sync rounds, in milliseconds (retries back off up to 12 times it).
    #[arg(long, env = "SHOPFLOOR_SYNC_INTERVAL_MS", default_value_t = 5_000)]
    sync_interval_ms: u64,
}

pub struct Settings {
    pub database: PathBuf,
    /// How to enrol if the database has no hub link yet.
    pub enrolment: Option<Enrolment>,
    pub sync_interval: Duration,
}

impl Flags {
    /// Reads this process's flags, then the environment.
    pub fn from_env() -> Flags {
        Flags::parse()
    }

    /// Fills the defaults that need the running app (its data folder).
    pub fn resolve(self, app: &tauri::App) -> Result<Settings, Box<dyn std::error::Error>> {
        let database = match self.db.clone() {
            Some(p) => p,
            None => {
                let dir = app.path().app_data_dir()?;
                std::fs::create_dir_all(&dir)?;
                dir.join("device.db")
            }
        };
        Ok(self.with_database(database))
    }

    fn with_database(self, database: PathBuf) -> Settings {
        let enrolment = self.hub.map(|hub_url| Enrolment {
            hub_url,
            store_code: self.store,
            device_name: self.device_name,
            enrolment_key: self.enrolment_key.unwrap_or_default(),
        });
        Settings { database, enrolment, sync_interval: Duration::from_millis(self.sync_interval_ms.max(100)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Flags {
        Flags::parse_from(std::iter::once("shopfloor").chain(args.iter().copied()))
    }

    #[test]
    fn flags_become_settings() {
        let s = parse(&["--db", "/flag.db", "--hub", "http://127.0.0.1:9/", "--enrolment-key", "k", "--store", "S002"])
            .with_database("/flag.db".into());
        assert_eq!(s.database, PathBuf::from("/flag.db"));
        let e = s.enrolment.expect("a hub makes an enrolment");
        assert_eq!((e.hub_url.as_str(), e.store_code.as_str(), e.enrolment_key.as_str()), ("http://127.0.0.1:9/", "S002", "k"));
        assert_eq!(s.sync_interval, Duration::from_secs(5));
    }

    #[test]
    fn without_a_hub_the_device_works_locally() {
        let flags = parse(&["--db=/eq.db", "--sync-interval-ms", "250"]);
        assert_eq!(flags.db.as_deref(), Some(std::path::Path::new("/eq.db")));
        let s = flags.with_database("/eq.db".into());
        assert!(s.enrolment.is_none());
        assert_eq!(s.sync_interval, Duration::from_millis(250));
    }
}
