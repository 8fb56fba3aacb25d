//! Renders QR codes into greyscale camera-like frames for the decode corpus:
//! placed anywhere in the frame under a projective transform (scale,
//! rotation, shear, perspective), then blurred, noised and contrast-reduced.
//! Deterministic: the same arguments give the same pixels.

use qrcode::{Color, EcLevel, QrCode};

/// A QR code's modules, `size × size`, dark = true.
pub struct Modules {
    pub size: usize,
    pub dark: Vec<bool>,
}

/// The modules of `text` as a QR code, error correction level M.
///
/// # Panics
/// If `text` is too long for any QR code (about 2,300 bytes at level M).
pub fn qr(text: &str) -> Modules {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).expect("text fits in a QR code");
    Modules { size: code.width(), dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect() }
}

/// Where and how a code sits in the frame.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    /// Centre of the code in the frame, in pixels.
    pub center: (f64, f64),
    /// Size of one module, in pixels.
    pub module_px: f64,
    pub rotation_deg: f64,
    /// Horizontal shear (x += shear * y).
    pub shear: f64,
    /// Projective terms: w = 1 + px * x + py * y (x, y relative to the centre, in pixels).
    pub perspective: (f64, f64),
}

impl Placement {
    /// Upright and centred in a `w × h` frame, `module_px` pixels a module.
    pub fn centered(w: usize, h: usize, module_px: f64) -> Placement {
        Placement { center: (w as f64 / 2.0, h as f64 / 2.0), module_px, rotation_deg: 0.0, shear: 0.0, perspective: (0.0, 0.0) }
    }
}

/// Afterwards, in order: blur, contrast, noise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Degrade {
    /// Box blur radius in pixels (0: none).
    pub blur: usize,
    /// Output range (dark, light) instead of (0, 255); (0, 0): unchanged.
    pub contrast: (u8, u8),
    /// Uniform noise amplitude (±), seeded.
    pub noise: u8,
    pub seed: u64,
}

type Mat = [[f64; 3]; 3];

fn mul(a: &Mat, b: &Mat) -> Mat {
    let mut m = [[0.0; 3]; 3];
    for i in 0..3 {
        for j in 0..3 {
            m[i][j] = (0..3).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    m
}

fn invert(m: &Mat) -> Mat {
    let [[a, b, c], [d, e, f], [g, h, i]] = *m;
    let det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    let adj = [
        [e * i - f * h, c * h - b * i, b * f - c * e],
        [f * g - d * i, a * i - c * g, c * d - a * f],
        [d * h - e * g, b * g - a * h, a * e - b * d],
    ];
    adj.map(|row| row.map(|v| v / det))
}

/// A `w × h` frame with the code drawn under `placement` on a grey,
/// gently shaded background (the code sits on a white label with a quiet
/// zone of 4 modules), 2×2 supersampled.
pub fn render(code: &Modules, w: usize, h: usize, placement: Placement) -> Vec<u8> {
    let n = code.size as f64;
    let s = placement.module_px;
    let (sin, cos) = placement.rotation_deg.to_radians().sin_cos();
    // Module coordinates -> frame pixels.
    let to_center: Mat = [[s, 0.0, -n / 2.0 * s], [0.0, s, -n / 2.0 * s], [0.0, 0.0, 1.0]];
    let shear: Mat = [[1.0, placement.shear, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let rotate: Mat = [[cos, -sin, 0.0], [sin, cos, 0.0], [0.0, 0.0, 1.0]];
    let (px, py) = placement.perspective;
    let project: Mat = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [px, py, 1.0]];
    let place: Mat = [[1.0, 0.0, placement.center.0], [0.0, 1.0, placement.center.1], [0.0, 0.0, 1.0]];
    let forward = mul(&place, &mul(&project, &mul(&rotate, &mul(&shear, &to_center))));
    let back = invert(&forward);
    let background = |x: f64, y: f64| (110.0 + 40.0 * (x / w as f64) + 20.0 * (y / h as f64)) as u32;
    let sample = |x: f64, y: f64| -> u32 {
        let q = back[2][0] * x + back[2][1] * y + back[2][2];
        let u = (back[0][0] * x + back[0][1] * y + back[0][2]) / q;
        let v = (back[1][0] * x + back[1][1] * y + back[1][2]) / q;
        if u >= 0.0 && v >= 0.0 && u < n && v < n {
            if code.dark[v as usize * code.size + u as usize] { 20 } else { 235 }
        } else if u >= -4.0 && v >= -4.0 && u < n + 4.0 && v < n + 4.0 {
            235
        } else {
            background(x, y)
        }
    };
    // Only the label (code and quiet zone) needs supersampling.
    let corners = [(-4.0, -4.0), (n + 4.0, -4.0), (-4.0, n + 4.0), (n + 4.0, n + 4.0)].map(|(u, v)| {
        let q = forward[2][0] * u + forward[2][1] * v + forward[2][2];
        ((forward[0][0] * u + forward[0][1] * v + forward[0][2]) / q, (forward[1][0] * u + forward[1][1] * v + forward[1][2]) / q)
    });
    let x0 = corners.iter().map(|c| c.0).fold(f64::MAX, f64::min).floor().max(0.0) as usize;
    let x1 = (corners.iter().map(|c| c.0).fold(f64::MIN, f64::max).ceil().max(0.0) as usize + 1).min(w);
    let y0 = corners.iter().map(|c| c.1).fold(f64::MAX, f64::min).floor().max(0.0) as usize;
    let y1 = (corners.iter().map(|c| c.1).fold(f64::MIN, f64::max).ceil().max(0.0) as usize + 1).min(h);
    let mut out = vec![0u8; w * h];
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (x as f64, y as f64);
            out[y * w + x] = if (x0..x1).contains(&x) && (y0..y1).contains(&y) {
                let sum = sample(fx + 0.25, fy + 0.25)
                    + sample(fx + 0.75, fy + 0.25)
                    + sample(fx + 0.25, fy + 0.75)
                    + sample(fx + 0.75, fy + 0.75);
                (sum / 4) as u8
            } else {
                background(fx, fy) as u8
            };
        }
    }
    out
}

/// xorshift64*: deterministic noise without a dependency.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 pseudo-random bits (a zero state stays zero: seed it non-zero).
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Box blur of radius `r`, horizontal then vertical, with running sums
/// (edges clamp).
fn box_blur(px: &mut [u8], w: usize, h: usize, r: usize) {
    let pass = |src: &[u8], dst: &mut [u8], len: usize, lines: usize, at: &dyn Fn(usize, usize) -> usize| {
        let width = 2 * r as u32 + 1;
        for line in 0..lines {
            let get = |i: isize| u32::from(src[at(line, i.clamp(0, len as isize - 1) as usize)]);
            let mut sum: u32 = (-(r as isize)..=r as isize).map(get).sum();
            for i in 0..len {
                dst[at(line, i)] = (sum / width) as u8;
                sum += get(i as isize + r as isize + 1);
                sum -= get(i as isize - r as isize);
            }
        }
    };
    let mut tmp = vec![0u8; px.len()];
    pass(px, &mut tmp, w, h, &|line, i| line * w + i);
    pass(&tmp, px, h, w, &|line, i| i * w + line);
}

/// Degrades a `w × h` frame in place as `d` says.
pub fn degrade(px: &mut [u8], w: usize, h: usize, d: Degrade) {
    if d.blur > 0 {
        box_blur(px, w, h, d.blur);
    }
    if d.contrast != (0, 0) {
        let (lo, hi) = (u32::from(d.contrast.0), u32::from(d.contrast.1));
        for p in px.iter_mut() {
            *p = (lo + u32::from(*p) * (hi - lo) / 255) as u8;
        }
    }
    if d.noise > 0 {
        let mut rng = Rng(d.seed | 1);
        let span = 2 * u64::from(d.noise) + 1;
        for p in px.iter_mut() {
            let delta = (rng.next_u64() % span) as i32 - i32::from(d.noise);
            *p = (i32::from(*p) + delta).clamp(0, 255) as u8;
        }
    }
}
