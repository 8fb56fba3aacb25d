//! QR codes in camera frames and picked image files, read with `rqrr`.
//!
//! Decoding is bounded, whatever the input:
//! - frames and images larger than [`DecodeLimits::max_side`] on a side or
//!   [`DecodeLimits::max_pixels`] in all are refused before any decoding
//!   (an image file's size is read from its header first);
//! - files larger than [`DecodeLimits::max_file_bytes`] are refused unread;
//!   only PNG and JPEG are decoded;
//! - at most [`DecodeLimits::max_codes`] candidate codes are decoded, and
//!   the search stops when [`DecodeLimits::time_budget`] is spent (measured
//!   with a monotonic clock from the call; `rqrr` cannot be cancelled, so
//!   the image it reads checks the clock and unwinds out of it, see
//!   `BudgetedImage`). Decoding the PNG/JPEG itself is bounded by the size
//!   limits only;
//! - a panic inside the image decoder or `rqrr` is caught and reported as
//!   [`DecodeError::DecoderFailed`] (this needs `panic = "unwind"`, Rust's
//!   default; the panic message still reaches the panic hook).

use std::cell::Cell;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

use image::{GenericImage, GenericImageView, ImageFormat, ImageReader, Luma};

/// A greyscale camera frame: `width × height` bytes, row by row, one byte a
/// pixel (0 black, 255 white), no padding between rows.
#[derive(Debug, Clone, Copy)]
pub struct LumaFrame<'a> {
    pub width: u32,
    pub height: u32,
    pub pixels: &'a [u8],
}

/// The bounds of one decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// Longest side, in pixels.
    pub max_side: u32,
    /// Most pixels in all.
    pub max_pixels: u64,
    /// Largest image file, in bytes.
    pub max_file_bytes: usize,
    /// Time after which no further decoding stage starts.
    pub time_budget: Duration,
    /// Most candidate codes decoded in one image.
    pub max_codes: usize,
}

impl Default for DecodeLimits {
    /// 4096 pixels a side, 16 megapixels (a 12-megapixel phone photo
    /// fits), 16 MiB files, 2 seconds, 8 codes.
    fn default() -> Self {
        DecodeLimits {
            max_side: 4096,
            max_pixels: 4096 * 4096,
            max_file_bytes: 16 * 1024 * 1024,
            time_budget: Duration::from_secs(2),
            max_codes: 8,
        }
    }
}

/// Why no code came out of an image. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("The image is empty (0 pixels). Take the picture again.")]
    EmptyImage,
    #[error("The picture is {width}×{height} pixels, larger than this device reads (at most {max_side} pixels a side, {max_pixels} pixels in all). Use a smaller picture or crop it to the code.")]
    TooLarge { width: u32, height: u32, max_side: u32, max_pixels: u64 },
    #[error("The frame has {found} bytes where {width}×{height} pixels need {expected}. The camera sent a broken frame; try again.")]
    FrameSizeMismatch { width: u32, height: u32, expected: u64, found: usize },
    #[error("The file is {bytes} bytes, larger than the {max} byte limit. Use a smaller picture.")]
    FileTooLarge { bytes: usize, max: usize },
    #[error("The file is not a picture this device reads. Use a PNG or JPEG picture.")]
    NotAnImage,
    #[error("This is a {0} picture; only PNG and JPEG are read. Save it as PNG or JPEG.")]
    UnsupportedFormat(String),
    #[error("The picture is damaged and cannot be opened ({0}). Use another picture.")]
    CorruptImage(String),
    #[error("No QR code was found. Hold the code flat, fully in view and in focus, and try again.")]
    NoCodeFound,
    #[error("A QR code was seen but could not be read ({seen} seen). Move closer, hold steady, avoid glare, and try again.")]
    Unreadable { seen: usize },
    #[error("Reading took too long (over {budget_ms} ms) and was stopped. Try again closer to the code.")]
    TimedOut { budget_ms: u64 },
    #[error("The decoder failed on this picture. Try another picture or scan the code again.")]
    DecoderFailed,
}

fn check_size(width: u32, height: u32, limits: &DecodeLimits) -> Result<(), DecodeError> {
    if width == 0 || height == 0 {
        return Err(DecodeError::EmptyImage);
    }
    let too_large = width > limits.max_side
        || height > limits.max_side
        || u64::from(width) * u64::from(height) > limits.max_pixels;
    if too_large {
        return Err(DecodeError::TooLarge { width, height, max_side: limits.max_side, max_pixels: limits.max_pixels });
    }
    Ok(())
}

/// The texts of the QR codes in a camera frame (distinct, in the order
/// found); an error if there are none.
pub fn decode_frame(frame: LumaFrame<'_>, limits: &DecodeLimits) -> Result<Vec<String>, DecodeError> {
    let started = Instant::now();
    check_size(frame.width, frame.height, limits)?;
    let expected = u64::from(frame.width) * u64::from(frame.height);
    if frame.pixels.len() as u64 != expected {
        return Err(DecodeError::FrameSizeMismatch {
            width: frame.width,
            height: frame.height,
            expected,
            found: frame.pixels.len(),
        });
    }
    contained(|| decode_checked(frame, limits, started))
}

/// The texts of the QR codes in a PNG or JPEG file's bytes (distinct, in
/// the order found); an error if there are none.
pub fn decode_image_file(bytes: &[u8], limits: &DecodeLimits) -> Result<Vec<String>, DecodeError> {
    let started = Instant::now();
    if bytes.len() > limits.max_file_bytes {
        return Err(DecodeError::FileTooLarge { bytes: bytes.len(), max: limits.max_file_bytes });
    }
    contained(|| {
        let luma = read_image_file(bytes, limits)?;
        let frame = LumaFrame { width: luma.width(), height: luma.height(), pixels: luma.as_raw() };
        decode_checked(frame, limits, started)
    })
}

/// Runs `f`, turning a panic into [`DecodeError::DecoderFailed`].
fn contained<T>(f: impl FnOnce() -> Result<T, DecodeError>) -> Result<T, DecodeError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(Err(DecodeError::DecoderFailed))
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, DecodeError> {
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|_| DecodeError::NotAnImage)?;
    match reader.format() {
        Some(ImageFormat::Png | ImageFormat::Jpeg) => Ok(reader),
        Some(other) => Err(DecodeError::UnsupportedFormat(format!("{other:?}").to_uppercase())),
        None => Err(DecodeError::NotAnImage),
    }
}

fn read_image_file(bytes: &[u8], limits: &DecodeLimits) -> Result<image::GrayImage, DecodeError> {
    let (width, height) = reader(bytes)?.into_dimensions().map_err(|e| DecodeError::CorruptImage(short(&e)))?;
    check_size(width, height, limits)?;
    let mut reader = reader(bytes)?;
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_side);
    image_limits.max_image_height = Some(limits.max_side);
    // Room for the decoded image in RGBA8 and its greyscale copy.
    image_limits.max_alloc = Some(limits.max_pixels.saturating_mul(6));
    reader.limits(image_limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => DecodeError::TooLarge { width, height, max_side: limits.max_side, max_pixels: limits.max_pixels },
        other => DecodeError::CorruptImage(short(&other)),
    })?;
    Ok(image.to_luma8())
}

/// An error's message, cut to a length fit for a screen.
fn short(e: &dyn std::fmt::Display) -> String {
    let mut s = e.to_string();
    if s.len() > 120 {
        let mut cut = 117;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str("...");
    }
    s
}

/// Decodes a frame whose size has been checked, stopping when the budget
/// is spent.
fn decode_checked(frame: LumaFrame<'_>, limits: &DecodeLimits, started: Instant) -> Result<Vec<String>, DecodeError> {
    // A budget too large to add to the clock means no deadline.
    let image = BudgetedImage::new(frame, started.checked_add(limits.time_budget));
    let mut texts: Vec<String> = Vec::new();
    let mut seen = 0;
    let run = catch_unwind(AssertUnwindSafe(|| {
        let mut prepared = rqrr::PreparedImage::prepare(image);
        let grids = prepared.detect_grids();
        seen = grids.len();
        for grid in grids.iter().take(limits.max_codes) {
            if let Ok((_, text)) = grid.decode()
                && !texts.contains(&text)
            {
                texts.push(text);
            }
        }
    }));
    match run {
        _ if !texts.is_empty() => Ok(texts),
        Ok(()) if seen == 0 => Err(DecodeError::NoCodeFound),
        Ok(()) => Err(DecodeError::Unreadable { seen }),
        Err(payload) if payload.is::<OverBudget>() => {
            Err(DecodeError::TimedOut { budget_ms: limits.time_budget.as_millis() as u64 })
        }
        Err(_) => Err(DecodeError::DecoderFailed),
    }
}

/// Unwinds out of `rqrr` when the time budget is spent (raised with
/// `resume_unwind`, so no panic message is printed).
struct OverBudget;

/// A greyscale image that stops `rqrr` at a deadline: `rqrr` has no way to
/// cancel a search, and on some inputs (dense noise) its search takes
/// minutes, so every few thousand pixel reads, and every copy of the image,
/// check the clock and unwind once the deadline has passed.
struct BudgetedImage {
    width: u32,
    height: u32,
    pixels: Vec<Luma<u8>>,
    deadline: Option<Instant>,
    reads: Cell<u32>,
}

impl BudgetedImage {
    fn new(frame: LumaFrame<'_>, deadline: Option<Instant>) -> BudgetedImage {
        BudgetedImage {
            width: frame.width,
            height: frame.height,
            pixels: frame.pixels.iter().map(|p| Luma([*p])).collect(),
            deadline,
            reads: Cell::new(0),
        }
    }

    fn check_deadline(&self) {
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            resume_unwind(Box::new(OverBudget));
        }
    }

    fn index(&self, x: u32, y: u32) -> usize {
        y as usize * self.width as usize + x as usize
    }
}

impl Clone for BudgetedImage {
    fn clone(&self) -> Self {
        self.check_deadline();
        BudgetedImage {
            width: self.width,
            height: self.height,
            pixels: self.pixels.clone(),
            deadline: self.deadline,
            reads: Cell::new(0),
        }
    }
}

impl GenericImageView for BudgetedImage {
    type Pixel = Luma<u8>;

    fn dimensions(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn get_pixel(&self, x: u32, y: u32) -> Luma<u8> {
        let reads = self.reads.get().wrapping_add(1);
        self.reads.set(reads);
        if reads.is_multiple_of(4096) {
            self.check_deadline();
        }
        self.pixels[self.index(x, y)]
    }
}

#[allow(deprecated)]
impl GenericImage for BudgetedImage {
    fn get_pixel_mut(&mut self, x: u32, y: u32) -> &mut Luma<u8> {
        let i = self.index(x, y);
        &mut self.pixels[i]
    }

    fn put_pixel(&mut self, x: u32, y: u32, pixel: Luma<u8>) {
        let i = self.index(x, y);
        self.pixels[i] = pixel;
    }

    fn blend_pixel(&mut self, x: u32, y: u32, pixel: Luma<u8>) {
        self.put_pixel(x, y, pixel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_contained() {
        let r: Result<(), DecodeError> = contained(|| panic!("a decoder bug"));
        assert_eq!(r, Err(DecodeError::DecoderFailed));
    }

    #[test]
    fn an_exhausted_budget_stops_the_search() {
        let pixels = vec![128u8; 64 * 64];
        let frame = LumaFrame { width: 64, height: 64, pixels: &pixels };
        let limits = DecodeLimits { time_budget: Duration::ZERO, ..DecodeLimits::default() };
        assert_eq!(decode_frame(frame, &limits), Err(DecodeError::TimedOut { budget_ms: 0 }));
        let endless = DecodeLimits { time_budget: Duration::MAX, ..DecodeLimits::default() };
        assert_eq!(decode_frame(frame, &endless), Err(DecodeError::NoCodeFound));
    }
}
