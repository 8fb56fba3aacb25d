//! Child processes of this binary, killed with SIGKILL when the test says.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

use crate::child::{DB, ROLE, SALES};

pub struct Process {
    child: Child,
    lines: Lines<BufReader<ChildStdout>>,
}

impl Process {
    /// This binary as a child playing `role` on `db`.
    pub fn spawn(role: &str, db: &Path, sales: Option<usize>) -> Process {
        let mut command = Command::new(std::env::current_exe().expect("this binary"));
        command.env(ROLE, role).env(DB, db).stdout(Stdio::piped()).stderr(Stdio::inherit()).kill_on_drop(true);
        if let Some(n) = sales {
            command.env(SALES, n.to_string());
        }
        let mut child = command.spawn().expect("the child starts");
        let stdout = child.stdout.take().expect("piped");
        Process { child, lines: BufReader::new(stdout).lines() }
    }

    /// Waits (up to `limit`) for the first line `want` accepts.
    pub async fn line(&mut self, limit: Duration, want: impl Fn(&str) -> bool) -> String {
        let wait = async {
            loop {
                match self.lines.next_line().await.expect("reads the child") {
                    Some(line) if want(&line) => return line,
                    Some(_) => {}
                    None => panic!("the child ended before the line wanted"),
                }
            }
        };
        tokio::time::timeout(limit, wait).await.unwrap_or_else(|_| panic!("no line wanted from the child in {limit:?}"))
    }

    /// SIGKILL, then reap it. Whatever it was doing stops there.
    pub async fn kill(mut self) {
        let _ = self.child.kill().await;
    }

    /// Waits (up to `limit`) for it to end by itself; reads its output meanwhile.
    pub async fn finish(mut self, limit: Duration) -> ExitStatus {
        let wait = async {
            while let Ok(Some(_)) = self.lines.next_line().await {}
            self.child.wait().await.expect("the child is reaped")
        };
        tokio::time::timeout(limit, wait).await.unwrap_or_else(|_| panic!("the child did not finish in {limit:?}"))
    }
}

/// A hub in its own process, serving `db`.
pub struct HubProcess {
    process: Process,
    /// `127.0.0.1:port`.
    pub addr: String,
}

impl HubProcess {
    pub async fn start(db: &Path) -> HubProcess {
        let mut process = Process::spawn("hub", db, None);
        let line = process.line(Duration::from_secs(20), |l| l.starts_with("listening on http://")).await;
        let addr = line.trim_start_matches("listening on http://").to_string();
        HubProcess { process, addr }
    }

    pub async fn kill(self) {
        self.process.kill().await;
    }
}
