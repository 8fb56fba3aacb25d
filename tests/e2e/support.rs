//! Drives the real app in a real window: tauri-driver + WebKitWebDriver under
//! the X display the test command started (Xvfb in CI).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use thirtyfour::prelude::*;

pub const WAIT: Duration = Duration::from_secs(15);

/// The app running in its window, driven over WebDriver.
pub struct App {
    pub driver: Option<WebDriver>,
    tauri_driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < WAIT, "{what} did not start listening on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn tauri_driver_path() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|h| h.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

impl App {
    /// Starts the app with the given command-line arguments (e.g. `--db PATH`).
    /// (WebKitWebDriver starts the app with its own environment, so settings
    /// go as arguments.)
    pub async fn launch(args: &[&str]) -> App {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run the end-to-end tests through scripts/test.sh, which starts Xvfb"
        );
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(tauri_driver_path());
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let tauri_driver = cmd.spawn().expect("tauri-driver starts (cargo install tauri-driver --version '^2')");
        wait_for_port(port, "tauri-driver");
        wait_for_port(native_port, "WebKitWebDriver");
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry").unwrap();
        caps.set("tauri:options", serde_json::json!({ "application": env!("CARGO_BIN_EXE_shopfloor"), "args": args })).unwrap();
        let mut app = App { driver: None, tauri_driver };
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps).await.expect("a WebDriver session");
        app.driver = Some(driver);
        app
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("session is open")
    }

    pub async fn el(&self, css: &str) -> WebElement {
        let start = Instant::now();
        loop {
            if let Ok(e) = self.driver().find(By::Css(css)).await {
                return e;
            }
            assert!(start.elapsed() < WAIT, "no element matches {css}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Signs in as the demo staff member `name` (README lists the demo PINs)
    /// on the sign-in screen, with the keyboard: Tab to the name, Enter, the
    /// PIN, Enter.
    pub async fn sign_in(&self, name: &str, pin: &str) {
        self.el(".staff-choice").await;
        let choice = self
            .driver()
            .find(By::XPath(format!("//button[contains(@class,'staff-choice')][.//span[text()='{name}']]")))
            .await
            .unwrap_or_else(|_| panic!("{name} is on the sign-in screen"));
        choice.click().await.unwrap();
        let pin_box = self.el("#sign-in-pin").await;
        pin_box.send_keys(pin.to_string() + Key::Enter).await.unwrap();
        self.wait_text("#staff-name", "the signed-in name", |t| t == name).await;
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    pub async fn wait_text(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            if let Ok(e) = self.driver().find(By::Css(css)).await
                && let Ok(t) = text_of(&e).await
            {
                if ok(&t) {
                    return t;
                }
                last = t;
            }
            if start.elapsed() > WAIT {
                self.fail(&format!("{css}: waited for {what}, last text {last:?}")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Panics with what the window shows, and saves a screenshot beside the test binary.
    pub async fn fail(&self, why: &str) -> ! {
        let shot = std::env::temp_dir().join("shopfloor-e2e-failure.png");
        let _ = self.driver().screenshot(&shot).await;
        let text = match self.driver().find(By::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(e) => format!("(no body: {e})"),
        };
        panic!("{why}\n--- the window shows ---\n{text}\n--- screenshot: {} ---", shot.display());
    }

    /// Waits until attribute `name` of `css` equals `want`.
    pub async fn wait_attr(&self, css: &str, name: &str, want: &str) {
        let start = Instant::now();
        let mut last = None;
        loop {
            if let Ok(e) = self.driver().find(By::Css(css)).await {
                last = e.attr(name).await.ok().flatten();
                if last.as_deref() == Some(want) {
                    return;
                }
            }
            if start.elapsed() > WAIT {
                self.fail(&format!("{css}: waited for {name}={want:?}, last {last:?}")).await;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn count(&self, css: &str) -> usize {
        self.driver().find_all(By::Css(css)).await.map(|v| v.len()).unwrap_or(0)
    }

    pub async fn wait_count(&self, css: &str, n: usize) {
        let start = Instant::now();
        loop {
            let c = self.count(css).await;
            if c == n {
                return;
            }
            assert!(start.elapsed() < WAIT, "{css}: waited for {n} elements, found {c}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn quit(mut self) {
        if let Some(d) = self.driver.take() {
            let _ = d.quit().await;
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // The app and WebKitWebDriver are tauri-driver's descendants; a test
        // that failed before `quit` would leave the window running.
        let descendants = descendants(self.tauri_driver.id());
        // SIGTERM, not SIGKILL, so tauri-driver stops WebKitWebDriver cleanly.
        let _ = Command::new("kill").args(["-TERM", &self.tauri_driver.id().to_string()]).status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.tauri_driver.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.tauri_driver.kill();
        let _ = self.tauri_driver.wait();
        for pid in descendants {
            let _ = Command::new("kill").args(["-KILL", &pid.to_string()]).stderr(Stdio::null()).status();
        }
    }
}

/// Every process below `root`, from /proc (Linux).
fn descendants(root: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Some(pid) = e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
            // The parent pid is the second field after the ")" closing the command name.
            let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                parent_of.push((pid, ppid));
            }
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// The element's DOM text (`textContent`, trimmed). WebDriver's visible-text
/// rule misses some laid-out text in WebKitGTK (e.g. inside an ellipsised
/// flex item), and the tests assert on what the DOM holds.
pub async fn text_of(e: &WebElement) -> WebDriverResult<String> {
    Ok(e.prop("textContent").await?.unwrap_or_default().trim().to_string())
}

/// Products sold at the device's store with an EAN-13: (id, EAN-13).
pub fn products_with_barcodes(db: &Path, n: usize) -> Vec<(String, String)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT p.id, min(b.gtin14) FROM products p JOIN barcodes b ON b.product_id = p.id
             JOIN prices pr ON pr.product_id = p.id AND pr.store_id = (SELECT store_id FROM device)
             WHERE b.gtin14 LIKE '0%' AND b.gtin14 NOT LIKE '02%' AND p.active = 1
             GROUP BY p.id ORDER BY p.sku LIMIT ?1",
        )
        .unwrap();
    let rows = stmt.query_map([n as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).unwrap();
    rows.map(|r| {
        let (id, gtin14) = r.unwrap();
        (id, gtin14[1..].to_string())
    })
    .collect()
}

pub async fn wait_until(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < Duration::from_secs(30), "waited too long for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks an element once it can be clicked (it may be in a view that is
/// still being shown).
pub async fn click(app: &App, css: &str) {
    let start = Instant::now();
    loop {
        match app.el(css).await.click().await {
            Ok(()) => return,
            Err(e) if start.elapsed() > Duration::from_secs(15) => app.fail(&format!("{css} never became clickable: {e}")).await,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The digits of an amount shown as text ("19.99 EUR" -> 1999).
pub fn minor(text: &str) -> i64 {
    let amount = text.split_whitespace().find(|w| w.chars().any(|c| c.is_ascii_digit())).unwrap_or("");
    let digits: String = amount.chars().filter(|c| c.is_ascii_digit()).collect();
    digits.parse().unwrap_or_else(|_| panic!("not an amount: {text:?}"))
}
