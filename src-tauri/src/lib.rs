//! The Tauri shell of Shopfloor: opens the window, holds the headless cores
//! as state, and exposes them as commands.
//!
//! Invariant: no business logic here. A command unpacks state, calls a
//! crate, and returns its typed result; errors cross as `{code, message}`.

mod camera;
mod commands;
pub mod image_commands;
mod settings;

use std::sync::Arc;

use shopfloor_domain::{Clock, Problem, SystemClock};
use shopfloor_pickup::PickupCounter;
use shopfloor_register::Register;
use shopfloor_sync::follow::Follow;
use shopfloor_sync::run::StatusCell;
use tauri_specta::{Builder, collect_commands};

pub use settings::{Flags, Settings};

/// The cores the commands use, or why they could not start (a damaged or
/// too-new database): the window still opens and shows that message.
pub struct Shell {
    cores: Result<Cores, Problem>,
}

struct Cores {
    register: Register,
    pickups: PickupCounter,
}

impl Shell {
    /// Opens the device database and, when the device follows a hub, starts
    /// the sync loop on the async runtime (off the UI thread).
    pub fn open(settings: &Settings) -> Shell {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let cores = Register::open(&settings.database, clock.clone()).map(|register| {
            let db = register.db().clone();
            let follows = settings.enrolment.is_some() || shopfloor_sync::enrol::saved_link(&db).is_ok_and(|l| l.is_some());
            let register = if follows {
                let status = StatusCell::default();
                let wake = Arc::new(tokio::sync::Notify::new());
                let follow = Follow {
                    db: db.clone(),
                    enrolment: settings.enrolment.clone(),
                    clock: clock.clone(),
                    status: status.clone(),
                    wake: wake.clone(),
                    interval: settings.sync_interval,
                };
                tauri::async_runtime::spawn(follow.run());
                register.following(status, wake)
            } else {
                register
            };
            let pickups = PickupCounter::new(db, register.session().clone(), register.clock()).waking(register.sync_wake());
            Cores { register, pickups }
        });
        Shell { cores }
    }

    pub fn register(&self) -> Result<&Register, Problem> {
        self.cores.as_ref().map(|c| &c.register).map_err(Clone::clone)
    }

    pub fn pickups(&self) -> Result<&PickupCounter, Problem> {
        self.cores.as_ref().map(|c| &c.pickups).map_err(Clone::clone)
    }
}

/// The commands and their TypeScript bindings (`ui/src/bindings.ts`); the
/// two that take raw bytes are in [`image_commands`].
pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            commands::register_state,
            commands::scan,
            commands::loyalty_card_qr,
            commands::stored_value_card,
            commands::search_products,
            commands::search_customers,
            commands::customer_profile,
            commands::customer_suggestions,
            commands::edit_customer,
            commands::enrol_customer,
            commands::add_customer_note,
            commands::attach_customer,
            commands::detach_customer,
            commands::add_online_cart,
            commands::pay_cash,
            commands::pay_card,
            commands::redeem_points,
            commands::pay_store_credit,
            commands::override_price,
            commands::set_line_discount,
            commands::set_order_discount,
            commands::receipt,
            commands::save_receipt_pdf,
            commands::hand_off_cart,
            commands::park_cart,
            commands::parked_carts,
            commands::resume_parked_cart,
            commands::add_product,
            commands::set_line_quantity,
            commands::remove_line,
            commands::clear_cart,
            commands::staff_list,
            commands::sign_in,
            commands::sign_out,
            commands::signed_in,
            commands::stock_by_store,
            commands::order_elsewhere,
            commands::customer_aisle_orders,
            commands::drawer_state,
            commands::open_drawer,
            commands::drawer_cash,
            commands::close_drawer,
            commands::z_report,
            commands::sync_status,
            commands::conflicts,
            commands::pickup_queue,
            commands::pickup_queue_filtered,
            commands::pickup_detail,
            commands::pickup_batch_list,
            commands::pickup_start_picking,
            commands::pickup_scan_pick,
            commands::pickup_short_pick,
            commands::pickup_mark_ready,
            commands::pickup_find_by_qr,
            commands::pickup_find,
            commands::pickup_verify,
            commands::pickup_hand_over,
            commands::find_return,
            commands::take_return,
            commands::take_no_receipt_return,
            commands::start_exchange,
            commands::cancel_exchange,
            commands::complete_exchange,
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
    let flags = Flags::from_env();
    let builder = specta_builder();
    tauri::Builder::default()
        .invoke_handler(image_commands::with_typed(builder.invoke_handler()))
        .on_permission_request(camera::answer)
        .setup(move |app| {
            #[cfg(target_os = "linux")]
            if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
                camera::enable_media_stream(&window)?;
            }
            let settings = flags.resolve(app)?;
            tauri::Manager::manage(app, Shell::open(&settings));
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Shopfloor window could not start");
}
