//! Where the app keeps its data. One setting per thing, from the
//! environment, with a default under the OS's app-data folder.

use std::path::PathBuf;

use tauri::Manager;

/// `SHOPFLOOR_DB`: path of the device database file.
pub const DB_VAR: &str = "SHOPFLOOR_DB";

pub struct Settings {
    pub database: PathBuf,
}

pub struct Unresolved {
    database: Option<PathBuf>,
}

impl Settings {
    pub fn from_env() -> Unresolved {
        Unresolved { database: std::env::var_os(DB_VAR).map(PathBuf::from) }
    }
}

impl Unresolved {
    /// Fills the defaults that need the running app (its data folder).
    pub fn resolve(self, app: &tauri::App) -> Result<Settings, Box<dyn std::error::Error>> {
        let database = match self.database {
            Some(p) => p,
            None => {
                let dir = app.path().app_data_dir()?;
                std::fs::create_dir_all(&dir)?;
                dir.join("device.db")
            }
        };
        Ok(Settings { database })
    }
}
