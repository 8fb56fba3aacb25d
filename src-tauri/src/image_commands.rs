//! The commands that read a QR code from a picked picture or a camera
//! frame. Their argument is the raw IPC body (`invoke(cmd, uint8Array,
//! {headers})`), not JSON: a 1280×720 frame is 0.9 MB of bytes, and several
//! times that as a JSON array of numbers, four times a second.
//!
//! tauri-specta cannot type a `tauri::ipc::Request` argument, so these two
//! are outside the generated bindings: [`with_typed`] routes them by name
//! beside the typed commands, `ui/src/scanner/decodeIpc.ts` is their
//! hand-written TypeScript wrapper, and `tests/bindings.rs` checks that it
//! names each of [`NAMES`].

use shopfloor_domain::{Problem, ProblemCode};
use shopfloor_scan::LumaFrame;
use tauri::ipc::{Invoke, InvokeBody, Request};

/// The commands defined here, as the UI invokes them.
pub const NAMES: [&str; 2] = ["decode_picture", "decode_camera_frame"];

/// The headers giving a camera frame's size in pixels.
const WIDTH: &str = "x-frame-width";
const HEIGHT: &str = "x-frame-height";

/// The text of the first QR code in a picked PNG or JPEG file, whose bytes
/// are the body.
#[tauri::command]
pub async fn decode_picture(request: Request<'_>) -> Result<String, Problem> {
    let bytes = raw_body(&request)?.to_vec();
    off_the_runtime(move || shopfloor_scan::read_picture(&bytes)).await
}

/// The text of the first QR code in a camera frame: the body is its
/// greyscale pixels, row by row, one byte each; the headers give its size.
#[tauri::command]
pub async fn decode_camera_frame(request: Request<'_>) -> Result<String, Problem> {
    let (width, height) = (header_u32(&request, WIDTH)?, header_u32(&request, HEIGHT)?);
    let pixels = raw_body(&request)?.to_vec();
    off_the_runtime(move || shopfloor_scan::read_camera_frame(LumaFrame { width, height, pixels: &pixels })).await
}

/// The invoke handler for every command: these by name, the rest typed.
pub fn with_typed(
    typed: impl Fn(Invoke<tauri::Wry>) -> bool + Send + Sync + 'static,
) -> impl Fn(Invoke<tauri::Wry>) -> bool + Send + Sync + 'static {
    let raw: fn(Invoke<tauri::Wry>) -> bool = tauri::generate_handler![decode_picture, decode_camera_frame];
    move |invoke| if NAMES.contains(&invoke.message.command()) { raw(invoke) } else { typed(invoke) }
}

/// Decoding takes up to its time budget (seconds for a large picture):
/// never on the async runtime's threads.
async fn off_the_runtime(decode: impl FnOnce() -> Result<String, Problem> + Send + 'static) -> Result<String, Problem> {
    tauri::async_runtime::spawn_blocking(decode).await.unwrap_or_else(|e| {
        Err(Problem::new(ProblemCode::Internal, format!("Reading the image stopped unexpectedly: {e}")))
    })
}

fn raw_body<'a>(request: &'a Request<'_>) -> Result<&'a [u8], Problem> {
    match request.body() {
        InvokeBody::Raw(bytes) => Ok(bytes),
        InvokeBody::Json(_) => Err(Problem::new(
            ProblemCode::InvalidInput,
            "The image was not sent as bytes. Restart the app and try again.",
        )),
    }
}

fn header_u32(request: &Request<'_>, name: &str) -> Result<u32, Problem> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).ok_or_else(|| {
        Problem::new(
            ProblemCode::InvalidInput,
            format!("The camera frame came without a valid {name} header. Restart the app and try again."),
        )
    })
}
