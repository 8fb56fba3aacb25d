//! The scan benchmark (issue 4): every frame of the QR corpus (1280×720)
//! decoded by rqrr through `shopfloor_scan::decode_frame` (the app's path,
//! default limits) and by zxing-cpp from the same pixels saved as PNG,
//! printed side by side per condition: frames decoded to exactly their text,
//! and the median time of one decode.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use shopfloor_scan::corpus::{self, Case, HEIGHT, WIDTH};
use shopfloor_scan::{DecodeError, DecodeLimits, LumaFrame, decode_frame};

use crate::zxing;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// One decoder on one frame.
#[derive(Clone, Copy)]
struct Outcome {
    /// Every repetition gave exactly the frame's text.
    correct: bool,
    /// Some repetition gave a text that is not the frame's.
    wrong: bool,
    /// Some repetition ran out of its time budget (rqrr only).
    timed_out: bool,
    median_ms: f64,
}

pub fn run(out: Option<PathBuf>, reps: u32, venv: Option<PathBuf>) -> Result<(), Error> {
    let temp = if out.is_none() { Some(tempfile::tempdir()?) } else { None };
    let dir = out.or_else(|| temp.as_ref().map(|t| t.path().to_path_buf())).ok_or("no directory for the frames")?;
    fs::create_dir_all(&dir)?;
    let cases = corpus::cases();
    let limits = DecodeLimits::default();
    println!("machine: {}; load average at start: {}", crate::machine(), load_average());
    println!(
        "corpus: {} frames ({} conditions × {} texts), {WIDTH}×{HEIGHT}, as PNG in {}",
        cases.len(),
        corpus::conditions().len(),
        corpus::texts().len(),
        dir.display()
    );
    println!("{reps} timed decodes per frame and decoder, one at a time on one thread; the median counts");

    let mut files = Vec::new();
    let mut listing = String::from("file\tcondition\ttext\n");
    let mut rqrr = Vec::new();
    let mut rqrr_time = Duration::ZERO;
    for (i, case) in cases.iter().enumerate() {
        let px = case.frame();
        let file = dir.join(format!("frame-{i:02}.png"));
        image::GrayImage::from_raw(WIDTH as u32, HEIGHT as u32, px.clone()).ok_or("frame size")?.save(&file)?;
        listing.push_str(&format!("frame-{i:02}.png\t{}\t{}\n", case.condition, case.text));
        files.push(file);
        let (outcome, spent) = time_rqrr(case, &px, reps, &limits);
        rqrr.push(outcome);
        rqrr_time += spent;
    }
    fs::write(dir.join("frames.tsv"), listing)?;
    println!("rqrr: {} decodes in {:.1} s of decoding", cases.len() as u32 * reps, rqrr_time.as_secs_f64());

    let venv = venv.unwrap_or_else(zxing::default_venv);
    let started = Instant::now();
    let zxing: Vec<Option<Outcome>> = match zxing::decode(&venv, &files, reps) {
        Ok(report) => {
            println!(
                "zxing-cpp {} (Python {}): done in {:.1} s, loading and setup included",
                report.zxing_cpp,
                report.python,
                started.elapsed().as_secs_f64()
            );
            let by_file = report.by_file();
            files
                .iter()
                .zip(&cases)
                .map(|(f, case)| {
                    let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    by_file.get(name).map(|r| judge(case, &r.texts, false, r.median_ms))
                })
                .collect()
        }
        Err(why) => {
            println!("zxing-cpp: NOT RUN, so its columns are empty: {why}");
            vec![None; cases.len()]
        }
    };
    println!();
    print_table(&cases, &rqrr, &zxing);
    println!("load average at the end: {}", load_average());
    Ok(())
}

/// Decodes `px` `reps` times; the outcome and the time spent decoding.
fn time_rqrr(case: &Case, px: &[u8], reps: u32, limits: &DecodeLimits) -> (Outcome, Duration) {
    let frame = LumaFrame { width: WIDTH as u32, height: HEIGHT as u32, pixels: px };
    let mut times = Vec::new();
    let mut texts = Vec::new();
    let mut timed_out = false;
    for _ in 0..reps {
        let started = Instant::now();
        let result = decode_frame(frame, limits);
        times.push(started.elapsed());
        timed_out |= matches!(result, Err(DecodeError::TimedOut { .. }));
        texts.push(result.unwrap_or_default());
    }
    let ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    (judge(case, &texts, timed_out, median(&ms)), times.iter().sum())
}

/// Correct means the exact text, alone, in every repetition.
fn judge(case: &Case, texts: &[Vec<String>], timed_out: bool, median_ms: f64) -> Outcome {
    Outcome {
        correct: !texts.is_empty() && texts.iter().all(|t| t.len() == 1 && t[0] == case.text),
        wrong: texts.iter().flatten().any(|t| *t != case.text),
        timed_out,
        median_ms,
    }
}

fn print_table(cases: &[Case], rqrr: &[Outcome], zxing: &[Option<Outcome>]) {
    println!("| condition | rqrr decoded | rqrr median ms | zxing-cpp decoded | zxing-cpp median ms |");
    println!("|---|---:|---:|---:|---:|");
    for condition in corpus::conditions() {
        let rows: Vec<usize> = (0..cases.len()).filter(|&i| cases[i].condition == condition.name).collect();
        let r: Vec<Outcome> = rows.iter().map(|&i| rqrr[i]).collect();
        let z: Vec<Option<Outcome>> = rows.iter().map(|&i| zxing[i]).collect();
        println!("| {} | {} | {} |", condition.name, column(&r, false), zxing_column(&z, false));
    }
    println!("| **all frames** | {} | {} |", column(rqrr, true), zxing_column(zxing, true));
    println!();
    let mean = |o: &[Outcome]| o.iter().map(|o| o.median_ms).sum::<f64>() / o.len().max(1) as f64;
    println!(
        "rqrr: mean of the per-frame medians {:.1} ms; wrong texts on {} frames; time budget ({} ms) ran out on {} frames",
        mean(rqrr),
        rqrr.iter().filter(|o| o.wrong).count(),
        DecodeLimits::default().time_budget.as_millis(),
        rqrr.iter().filter(|o| o.timed_out).count()
    );
    let z: Vec<Outcome> = zxing.iter().flatten().copied().collect();
    if !z.is_empty() {
        println!(
            "zxing-cpp: mean of the per-frame medians {:.1} ms; wrong texts on {} frames",
            mean(&z),
            z.iter().filter(|o| o.wrong).count()
        );
    }
}

/// "n/N" (with the rate when `rate`) and the median of the frames' medians.
fn column(outcomes: &[Outcome], rate: bool) -> String {
    let n = outcomes.iter().filter(|o| o.correct).count();
    let all = outcomes.len();
    let decoded = if rate { format!("{n}/{all} ({:.1} %)", 100.0 * n as f64 / all.max(1) as f64) } else { format!("{n}/{all}") };
    let ms: Vec<f64> = outcomes.iter().map(|o| o.median_ms).collect();
    format!("{decoded} | {:.1}", median(&ms))
}

fn zxing_column(outcomes: &[Option<Outcome>], rate: bool) -> String {
    match outcomes.iter().copied().collect::<Option<Vec<Outcome>>>() {
        Some(o) => column(&o, rate),
        None => "— | —".into(),
    }
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The 1, 5 and 15 minute load averages, for the record.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
