//! The reference decoder of the scan benchmark: zxing-cpp from Python,
//! through `assets/bench/zxing_decode.py`, in a venv made here when
//! missing (`python3 -m venv`, then pip installs zxing-cpp, Pillow, numpy).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

/// The zxing-cpp release the benchmark installs, so runs compare.
const ZXING_CPP: &str = "zxing-cpp==3.1.1";

/// What the script printed.
#[derive(Deserialize)]
pub struct Report {
    pub zxing_cpp: String,
    pub python: String,
    pub results: Vec<FileResult>,
}

/// One frame's result: the texts found in each repetition, and the median
/// time of a `read_barcodes` call.
#[derive(Deserialize)]
pub struct FileResult {
    pub file: String,
    pub texts: Vec<Vec<String>>,
    pub median_ms: f64,
}

impl Report {
    /// The results by file name.
    pub fn by_file(&self) -> HashMap<&str, &FileResult> {
        self.results.iter().map(|r| (r.file.as_str(), r)).collect()
    }
}

/// The venv used when none is named: `bench-venv` in the cargo target
/// directory.
pub fn default_venv() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| repo_root().join("target"));
    target.join("bench-venv")
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// Decodes `files` with zxing-cpp, `reps` times each.
pub fn decode(venv: &Path, files: &[PathBuf], reps: u32) -> Result<Report, String> {
    let python = prepare(venv)?;
    let script = repo_root().join("assets/bench/zxing_decode.py");
    if !script.exists() {
        return Err(format!("{} is missing", script.display()));
    }
    let output = Command::new(&python)
        .arg(&script)
        .arg("--reps")
        .arg(reps.to_string())
        .args(files)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("could not run {}: {e}", python.display()))?;
    if !output.status.success() {
        return Err(format!("{} failed ({})", script.display(), output.status));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| format!("{} printed no valid result: {e}", script.display()))
}

/// The venv's Python, with zxing-cpp, Pillow and numpy importable.
fn prepare(venv: &Path) -> Result<PathBuf, String> {
    let python = if cfg!(windows) { venv.join("Scripts/python.exe") } else { venv.join("bin/python") };
    if !python.exists() {
        println!("creating a Python venv at {} …", venv.display());
        let base = if cfg!(windows) { "python" } else { "python3" };
        run(Command::new(base).args(["-m", "venv"]).arg(venv), &format!("`{base} -m venv` (is Python 3 with venv installed?)"))?;
    }
    let ready = |py: &Path| {
        Command::new(py).args(["-c", "import zxingcpp, PIL, numpy"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
    };
    if !ready(&python) {
        println!("installing {ZXING_CPP}, pillow, numpy into {} …", venv.display());
        run(Command::new(&python).args(["-m", "pip", "install", "--quiet", ZXING_CPP, "pillow", "numpy"]), "pip install")?;
        if !ready(&python) {
            return Err("zxing-cpp, Pillow or numpy still cannot be imported after pip install".into());
        }
    }
    Ok(python)
}

fn run(command: &mut Command, what: &str) -> Result<(), String> {
    match command.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{what} failed ({s})")),
        Err(e) => Err(format!("{what} could not start: {e}")),
    }
}
