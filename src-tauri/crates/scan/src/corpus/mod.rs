//! The QR decode corpus: four texts (three signed Shopfloor payloads of
//! each size class and a plain URL) under eighteen named conditions
//! (module size, position, rotation, shear, perspective, blur, noise, low
//! contrast), each rendered into a 1280×720 greyscale frame.
//!
//! Behind the `corpus` feature, so the app never carries it: this crate's
//! decode tests (with their decode-rate floor) and `shopfloor-bench scan`
//! both read these frames, so the floor and the benchmark measure the same
//! thing. Everything is deterministic: a fixed key, a fixed clock, seeded
//! noise.

mod render;

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;

pub use render::{Degrade, Modules, Placement, Rng, degrade, qr, render};

use crate::{KeyId, PickupCode, QrContent, Signer};

/// Width of a corpus frame, in pixels.
pub const WIDTH: usize = 1280;
/// Height of a corpus frame, in pixels.
pub const HEIGHT: usize = 720;

/// The retailer the corpus payloads name (the tests' retailer).
pub const RETAILER: Uuid = Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001);

/// The issue time of the corpus payloads: 2026-03-01 10:00 UTC.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap()
}

/// The key that signs the corpus payloads: key 1 of [`RETAILER`], a fixed
/// test key (the same as the tests' `support::signer(1)`), never a real one.
pub fn signer() -> Signer {
    let secret: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(31) ^ 101 ^ 7);
    Signer::from_secret_key(RETAILER, KeyId(1), secret)
}

/// The texts of the corpus: real payloads of each size class, and a plain one.
pub fn texts() -> Vec<String> {
    let s = signer();
    let id = |n: u128| Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n);
    let now = now();
    let pickup = QrContent::Pickup { pickup_id: id(14), code: PickupCode::parse("K7Q2M9").expect("a valid pickup code") };
    let cart = QrContent::CartHandoff { cart_id: id(12), associate_id: id(13) };
    vec![
        s.issue(&QrContent::LoyaltyCard { account_id: id(11) }, now, None).expect("a loyalty card payload"),
        s.issue(&cart, now, Some(now + chrono::Duration::minutes(15))).expect("a cart hand-off payload"),
        s.issue(&pickup, now, Some(now + chrono::Duration::days(7))).expect("a pickup payload"),
        "https://example.com/p/4006381333931".to_string(),
    ]
}

/// One condition of the corpus: where the code sits and how the frame is
/// degraded.
#[derive(Debug, Clone, Copy)]
pub struct Condition {
    pub name: &'static str,
    pub placement: Placement,
    pub degrade: Degrade,
}

/// The conditions of the corpus, easiest first.
pub fn conditions() -> Vec<Condition> {
    let c = Placement::centered(WIDTH, HEIGHT, 5.0);
    let none = Degrade::default();
    let seed = 0x5eed;
    let at = |name, placement, degrade| Condition { name, placement, degrade };
    vec![
        at("clean, 5 px modules", c, none),
        at("small modules, 3 px", Placement { module_px: 3.0, ..c }, none),
        at("small modules, 2 px", Placement { module_px: 2.0, ..c }, none),
        at("off-centre, near a corner", Placement { center: (230.0, 190.0), ..c }, none),
        at("rotated 10°", Placement { rotation_deg: 10.0, ..c }, none),
        at("rotated 30°", Placement { rotation_deg: 30.0, ..c }, none),
        at("rotated 45°", Placement { rotation_deg: 45.0, ..c }, none),
        at("rotated 180°", Placement { rotation_deg: 180.0, ..c }, none),
        at("sheared 0.25", Placement { shear: 0.25, ..c }, none),
        at("perspective, mild", Placement { perspective: (0.0006, 0.0003), ..c }, none),
        at("perspective, strong", Placement { perspective: (0.0018, 0.0009), ..c }, none),
        at("blur r1", c, Degrade { blur: 1, ..none }),
        at("blur r2", c, Degrade { blur: 2, ..none }),
        at("noise ±40", c, Degrade { noise: 40, seed, ..none }),
        at("low contrast 90–170", c, Degrade { contrast: (90, 170), ..none }),
        at("very low contrast 115–145", c, Degrade { contrast: (115, 145), ..none }),
        at(
            "everything: 20°, perspective, blur, contrast, noise",
            Placement { rotation_deg: 20.0, perspective: (0.0007, -0.0004), module_px: 5.0, ..c },
            Degrade { blur: 1, contrast: (60, 200), noise: 25, seed },
        ),
        at(
            "everything, harder: 3 px modules, 35°, skew, blur, noise",
            Placement { rotation_deg: 35.0, shear: 0.1, perspective: (0.0008, 0.0004), module_px: 3.0, ..c },
            Degrade { blur: 1, contrast: (70, 190), noise: 40, seed },
        ),
    ]
}

/// One frame of the corpus: a text under a condition.
#[derive(Debug, Clone)]
pub struct Case {
    /// The condition's name.
    pub condition: &'static str,
    /// The text's index in [`texts`].
    pub text_index: usize,
    /// The encoded text, which a decoder must give back exactly.
    pub text: String,
    pub placement: Placement,
    /// The condition's degradation, its noise seeded per text.
    pub degrade: Degrade,
}

impl Case {
    /// "condition / text i".
    pub fn name(&self) -> String {
        format!("{} / text {}", self.condition, self.text_index)
    }

    /// The `WIDTH × HEIGHT` greyscale frame, row by row.
    pub fn frame(&self) -> Vec<u8> {
        let mut px = render(&qr(&self.text), WIDTH, HEIGHT, self.placement);
        degrade(&mut px, WIDTH, HEIGHT, self.degrade);
        px
    }
}

/// Every condition with every text, condition by condition: 72 frames.
pub fn cases() -> Vec<Case> {
    let texts = texts();
    conditions()
        .into_iter()
        .flat_map(|c| {
            texts.iter().enumerate().map(move |(i, text)| Case {
                condition: c.name,
                text_index: i,
                text: text.clone(),
                placement: c.placement,
                degrade: Degrade { seed: c.degrade.seed + i as u64, ..c.degrade },
            })
        })
        .collect()
}
