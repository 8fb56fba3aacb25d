//! Lets the window's own page use the camera (`getUserMedia`, for tablets
//! scanning QR codes) and nothing else of that kind: no microphone, no
//! screen capture.
//!
//! Capture goes through the webview, which works on both platforms:
//! - Linux (WebKitGTK): `navigator.mediaDevices` exists only while the
//!   webview's `enable-media-stream` setting is on. wry does not touch it;
//!   on WebKitGTK 2.50.6 (Debian 12) it was already on, but other apps
//!   report it off (`mediaDevices` undefined) on other builds, so
//!   [`enable_media_stream`] turns it on as the window opens (`with_webview`
//!   runs at once on the main thread during setup, before the page loads).
//!   WebKitGTK shows no prompt of its own: a `permission-request` that no
//!   handler claims is denied. Tauri 2.12 forwards that signal to [`answer`]
//!   (through wry's permission handler), which allows a video (camera)
//!   request from the app's own page (`tauri://`) and denies microphone and
//!   screen capture; anything else keeps WebKitGTK's default (denied).
//!   Under Xvfb there is no camera device: WebKit rejects `getUserMedia`
//!   with `OverconstrainedError` before asking permission, and the UI says
//!   there is no camera.
//! - Windows (WebView2): media capture is on and WebView2 asks the person
//!   itself, remembering the answer, so [`answer`] leaves it to WebView2.

use tauri::Webview;
use tauri::webview::{PermissionKind, PermissionResponse};

/// The answer to a permission request from a webview.
pub fn answer(webview: Webview, kind: PermissionKind) -> PermissionResponse {
    if cfg!(target_os = "linux") {
        let own_page = webview.url().is_ok_and(|url| url.scheme() == "tauri");
        match kind {
            PermissionKind::Camera if own_page => PermissionResponse::Allow,
            PermissionKind::Camera | PermissionKind::Microphone | PermissionKind::DisplayCapture => {
                PermissionResponse::Deny
            }
            _ => PermissionResponse::Default,
        }
    } else {
        PermissionResponse::Default
    }
}

/// Turns on WebKitGTK's media stream support (`navigator.mediaDevices`)
/// in this window's webview.
#[cfg(target_os = "linux")]
pub fn enable_media_stream(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    window.with_webview(|webview| {
        use webkit2gtk::{SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_enable_media_stream(true);
        }
    })
}
