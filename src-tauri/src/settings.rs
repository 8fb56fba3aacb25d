//! Where the app keeps its data. One setting per thing: a command-line flag,
//! else an environment variable, else a default under the OS's app-data folder.

use std::path::PathBuf;

use tauri::Manager;

/// `SHOPFLOOR_DB`: path of the device database file (or `--db PATH`).
pub const DB_VAR: &str = "SHOPFLOOR_DB";
pub const DB_FLAG: &str = "--db";

pub struct Settings {
    pub database: PathBuf,
}

pub struct Unresolved {
    database: Option<PathBuf>,
}

impl Settings {
    /// Reads the flags of this process, then the environment.
    pub fn from_env() -> Unresolved {
        Settings::from(std::env::args_os().skip(1), std::env::var_os(DB_VAR))
    }

    fn from(args: impl Iterator<Item = std::ffi::OsString>, env_db: Option<std::ffi::OsString>) -> Unresolved {
        let mut flag_db = None;
        let mut args = args.peekable();
        while let Some(arg) = args.next() {
            if arg == DB_FLAG {
                flag_db = args.next();
            } else if let Some(v) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
                flag_db = Some(v.into());
            }
        }
        Unresolved { database: flag_db.or(env_db).map(PathBuf::from) }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_over_the_environment() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>().into_iter();
        let env = Some(std::ffi::OsString::from("/env.db"));
        assert_eq!(Settings::from(args(&["--db", "/flag.db"]), env.clone()).database, Some("/flag.db".into()));
        assert_eq!(Settings::from(args(&["--db=/eq.db"]), env.clone()).database, Some("/eq.db".into()));
        assert_eq!(Settings::from(args(&[]), env).database, Some("/env.db".into()));
        assert_eq!(Settings::from(args(&[]), None).database, None);
    }
}
