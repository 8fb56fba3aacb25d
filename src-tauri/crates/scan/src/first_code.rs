//! What the scan box gets from a picked picture or a camera frame: the text
//! of the first QR code in it (which then goes through the scan box like
//! typed text), or a [`Problem`] saying what to do instead.
//!
//! Codes: `no_code_found` when the image was read but held no readable QR
//! code (a camera keeps trying on the next frame), `unreadable_image` when
//! the image itself cannot be read (not PNG/JPEG, damaged, too large).

use std::time::Duration;

use shopfloor_domain::{Problem, ProblemCode};

use crate::image::{DecodeError, DecodeLimits, LumaFrame, decode_frame, decode_image_file};

/// The bounds of one camera frame. The UI sends frames of at most 1280×720
/// every ~250 ms and waits for each answer, so a frame gets a short budget:
/// one that takes longer is dropped and the next one tried.
pub const CAMERA_FRAME_LIMITS: DecodeLimits = DecodeLimits {
    max_side: 1920,
    max_pixels: 1920 * 1080,
    // Frames are not files.
    max_file_bytes: 0,
    time_budget: Duration::from_millis(600),
    max_codes: 4,
};

/// The first QR code's text in a picked PNG or JPEG file (bounded by
/// [`DecodeLimits::default`]).
pub fn read_picture(bytes: &[u8]) -> Result<String, Problem> {
    first(decode_image_file(bytes, &DecodeLimits::default()), picture_problem)
}

/// The first QR code's text in a greyscale camera frame (bounded by
/// [`CAMERA_FRAME_LIMITS`]).
pub fn read_camera_frame(frame: LumaFrame<'_>) -> Result<String, Problem> {
    first(decode_frame(frame, &CAMERA_FRAME_LIMITS), frame_problem)
}

fn first(decoded: Result<Vec<String>, DecodeError>, problem: fn(DecodeError) -> Problem) -> Result<String, Problem> {
    match decoded {
        Ok(texts) => texts.into_iter().next().ok_or_else(|| problem(DecodeError::NoCodeFound)),
        Err(e) => Err(problem(e)),
    }
}

/// A picked picture cannot be "tried again" by holding still, so its
/// messages point to another picture or to typing the code.
fn picture_problem(e: DecodeError) -> Problem {
    let no_code = |message: &str| Problem::new(ProblemCode::NoCodeFound, message);
    match e {
        DecodeError::NoCodeFound => no_code(
            "No QR code found in that picture. Use a sharp picture with the whole code flat in view, or type the number printed under the barcode.",
        ),
        DecodeError::Unreadable { .. } => no_code(
            "A QR code is in that picture but could not be read. Use a sharper picture taken closer, without glare, or type the number printed under the barcode.",
        ),
        DecodeError::TimedOut { .. } => no_code(
            "Reading that picture took too long and was stopped. Crop it to the code or use a smaller picture, or type the number printed under the barcode.",
        ),
        other => Problem::new(ProblemCode::UnreadableImage, other.to_string()),
    }
}

fn frame_problem(e: DecodeError) -> Problem {
    let code = match e {
        DecodeError::NoCodeFound | DecodeError::Unreadable { .. } | DecodeError::TimedOut { .. } => {
            ProblemCode::NoCodeFound
        }
        _ => ProblemCode::UnreadableImage,
    };
    Problem::new(code, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_text_is_the_answer() {
        let two = Ok(vec!["4006381333931".to_string(), "SKU-1".to_string()]);
        assert_eq!(first(two, picture_problem), Ok("4006381333931".to_string()));
        let none = first(Ok(vec![]), picture_problem).unwrap_err();
        assert_eq!(none.code, ProblemCode::NoCodeFound);
    }

    #[test]
    fn picture_problems_say_what_to_do_instead() {
        let cases = [
            (DecodeError::NoCodeFound, ProblemCode::NoCodeFound, "No QR code found in that picture"),
            (DecodeError::Unreadable { seen: 1 }, ProblemCode::NoCodeFound, "could not be read"),
            (DecodeError::TimedOut { budget_ms: 2000 }, ProblemCode::NoCodeFound, "took too long"),
            (DecodeError::NotAnImage, ProblemCode::UnreadableImage, "PNG or JPEG"),
            (DecodeError::FileTooLarge { bytes: 20, max: 10 }, ProblemCode::UnreadableImage, "smaller picture"),
            (DecodeError::DecoderFailed, ProblemCode::UnreadableImage, "another picture"),
        ];
        for (e, code, says) in cases {
            let p = picture_problem(e.clone());
            assert_eq!(p.code, code, "{e:?}");
            assert!(p.message.contains(says), "{e:?}: {}", p.message);
        }
    }

    #[test]
    fn a_frame_without_a_code_is_no_code_found() {
        let grey = vec![128u8; 64 * 48];
        let p = read_camera_frame(LumaFrame { width: 64, height: 48, pixels: &grey }).unwrap_err();
        assert_eq!(p.code, ProblemCode::NoCodeFound);
        let short = read_camera_frame(LumaFrame { width: 64, height: 48, pixels: &grey[1..] }).unwrap_err();
        assert_eq!(short.code, ProblemCode::UnreadableImage);
        assert!(short.message.contains("broken frame"), "{}", short.message);
        let huge = read_camera_frame(LumaFrame { width: 4000, height: 3000, pixels: &[] }).unwrap_err();
        assert_eq!(huge.code, ProblemCode::UnreadableImage);
    }

    #[test]
    fn a_picture_that_is_not_an_image_is_unreadable() {
        let p = read_picture(b"hello, not a picture").unwrap_err();
        assert_eq!(p.code, ProblemCode::UnreadableImage);
        assert!(p.message.contains("PNG or JPEG"), "{}", p.message);
    }
}
