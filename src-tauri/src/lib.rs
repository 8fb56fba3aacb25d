//! The Tauri shell of Shopfloor: opens the window, holds the headless cores
//! as state, and exposes them as commands.
//!
//! Invariant: no business logic here. A command unpacks state, calls a
//! crate, and returns its typed result; errors cross as `{code, message}`.

mod commands;
mod settings;

use std::sync::Arc;

use shopfloor_domain::{Problem, SystemClock};
use shopfloor_register::Register;
use tauri_specta::{Builder, collect_commands};

pub use settings::Settings;

/// The cores the commands use, or why they could not start (a damaged or
/// too-new database): the window still opens and shows that message.
pub struct Shell {
    register: Result<Register, Problem>,
}

impl Shell {
    pub fn open(settings: &Settings) -> Shell {
        Shell { register: Register::open(&settings.database, Arc::new(SystemClock)) }
    }

    pub fn register(&self) -> Result<&Register, Problem> {
        self.register.as_ref().map_err(Clone::clone)
    }
}

/// The commands and their TypeScript bindings (`ui/src/bindings.ts`).
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::register_state,
            commands::scan,
            commands::search_products,
            commands::add_product,
            commands::set_line_quantity,
            commands::remove_line,
            commands::clear_cart,
        ])
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    let ts = specta_typescript::Typescript::default()
        .header("// Generated from the Rust commands by tauri-specta. Do not edit: run\n// `SHOPFLOOR_WRITE_BINDINGS=1 cargo test --test bindings` after changing a command.\n/* eslint-disable */");
    specta_builder().export(ts, path).map_err(|e| e.to_string())
}

pub fn run() {
    let settings = Settings::from_env();
    let builder = specta_builder();
    tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            let settings = settings.resolve(app)?;
            tauri::Manager::manage(app, Shell::open(&settings));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Shopfloor window could not start");
}
