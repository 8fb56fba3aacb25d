//! Any bytes as a small camera frame and as an image file: must never
//! panic or run past the budget.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use shopfloor_scan::{DecodeLimits, LumaFrame, decode_frame, decode_image_file};

fuzz_target!(|data: &[u8]| {
    let limits = DecodeLimits { time_budget: Duration::from_millis(500), ..DecodeLimits::default() };
    if data.len() > 2 {
        let width = u32::from(data[0]).max(1);
        let pixels = &data[2..];
        let height = (pixels.len() as u32 / width).max(1);
        let n = (width * height) as usize;
        if n <= pixels.len() {
            let _ = decode_frame(LumaFrame { width, height, pixels: &pixels[..n] }, &limits);
        }
    }
    let _ = decode_image_file(data, &limits);
});
