//! The scan box's picture and camera paths in the real window: a picked
//! picture of a product's QR code adds its line; a picture with no code
//! says so with its code; the camera, which Xvfb does not have, says there
//! is none and offers the picture instead; and the camera's frame command
//! reads a greyscale frame sent as the raw IPC body with its size in
//! headers, as the camera panel sends it.

use std::path::{Path, PathBuf};

use qrcode::{Color, QrCode};
use thirtyfour::prelude::*;

use crate::register::{demo_product, seeded_device};
use crate::support::{App, text_of};

/// `text` as a QR code: 8-pixel modules in a 4-module quiet zone, on a
/// white card in the middle of a grey photo.
fn qr_picture(text: &str) -> image::GrayImage {
    let code = QrCode::new(text.as_bytes()).unwrap();
    let (modules, colors) = (code.width() as u32, code.to_colors());
    let (module, quiet, size) = (8, 4, 480u32);
    let card = (modules + 2 * quiet) * module;
    let offset = (size - card) / 2;
    image::GrayImage::from_fn(size, size, |x, y| {
        let inside = |v: u32| v >= offset && v < offset + card;
        if !(inside(x) && inside(y)) {
            return image::Luma([150]);
        }
        let (mx, my) = (((x - offset) / module).wrapping_sub(quiet), ((y - offset) / module).wrapping_sub(quiet));
        let dark = mx < modules && my < modules && colors[(my * modules + mx) as usize] == Color::Dark;
        image::Luma([if dark { 20 } else { 240 }])
    })
}

fn qr_png(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    qr_picture(text).save(&path).unwrap();
    path
}

/// What `decode_camera_frame` answers to `pixels` sent from the page as the
/// camera panel sends a frame: `{"ok": text}` or `{"err": problem}`.
async fn send_camera_frame(app: &App, pixels: &[u8], width: u32, height: u32) -> serde_json::Value {
    let script = r#"
        const [pixels, width, height, done] = arguments;
        const headers = { "x-frame-width": String(width), "x-frame-height": String(height) };
        window.__TAURI_INTERNALS__
            .invoke("decode_camera_frame", new Uint8Array(pixels), { headers })
            .then((text) => done({ ok: text }), (problem) => done({ err: problem }));
    "#;
    let args = vec![serde_json::json!(pixels), serde_json::json!(width), serde_json::json!(height)];
    app.driver().execute_async(script, args).await.unwrap().json().clone()
}

/// A PNG with no code in it: a plain gradient.
fn blank_png(dir: &Path) -> PathBuf {
    let path = dir.join("no-code.png");
    image::GrayImage::from_fn(320, 240, |x, y| image::Luma([(x / 2 + y / 3) as u8])).save(&path).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_picked_picture_is_scanned_and_the_camera_says_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_device(dir.path());
    let product = demo_product(&db, 2);
    let with_code = qr_png(dir.path(), "product.png", &product.ean13);
    let without = blank_png(dir.path());
    let app = App::launch(&["--db", db.to_str().unwrap()]).await;
    app.sign_in("Jo Brandt", "1234").await;
    app.el("#scan-input").await;

    // The picture of the product's QR code, picked through the file input.
    let file_input = app.el("#scan-image-file").await;
    file_input.send_keys(with_code.to_str().unwrap()).await.unwrap();
    app.wait_count("tr.cart-line", 1).await;
    assert!(text_of(&app.el("tr.cart-line").await).await.unwrap().contains(&product.name));
    app.wait_attr("#scan-input", "data-last-scan-source", "image-file").await;

    // A picture without a code: the message says so, with its code; the cart is unchanged.
    app.el("#scan-image-file").await.send_keys(without.to_str().unwrap()).await.unwrap();
    app.wait_attr("#message", "data-code", "no_code_found").await;
    let message = text_of(&app.el("#message").await).await.unwrap();
    assert!(message.starts_with("No QR code found in that picture."), "{message}");
    assert_eq!(app.count("tr.cart-line").await, 1);

    // The camera: Xvfb has none, so the panel says so and offers the picture.
    // WebKitGTK's media stream is on (`navigator.mediaDevices` exists), so
    // the refusal comes from getUserMedia itself, not from a missing API.
    app.el("#scan-camera").await.click().await.unwrap();
    app.wait_attr("#camera-panel", "data-state", "unavailable").await;
    let why = app.el("#camera-panel").await.attr("data-camera-error").await.unwrap().unwrap_or_default();
    let status = text_of(&app.el("#camera-status").await).await.unwrap();
    assert_ne!(why, "unsupported", "navigator.mediaDevices is missing: {status}");
    assert!(status.contains("camera") && status.contains("picture"), "{why}: {status}");
    assert!(app.el("#camera-picture").await.is_displayed().await.unwrap());
    app.driver().active_element().await.unwrap().send_keys(Key::Escape).await.unwrap();
    app.wait_count("#camera-overlay", 0).await;

    // A camera frame with the code, and one a byte short of its size.
    let frame = qr_picture(&product.ean13);
    let (width, height) = frame.dimensions();
    let read = send_camera_frame(&app, frame.as_raw(), width, height).await;
    assert_eq!(read, serde_json::json!({ "ok": product.ean13 }));
    let broken = send_camera_frame(&app, &frame.as_raw()[1..], width, height).await;
    assert_eq!(broken["err"]["code"], "unreadable_image", "{broken}");
    app.quit().await;
}
