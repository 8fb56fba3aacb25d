//! A hub running on its own thread and tokio runtime, for the embedded
//! default, tests and benchmarks: start it on an address, stop it, start it
//! again on the same address and database.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use shopfloor_domain::Clock;
use tokio::sync::oneshot;

use crate::{HubConfig, HubState, serve_until};

pub struct RunningHub {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

type StartError = Box<dyn std::error::Error + Send + Sync>;

impl RunningHub {
    /// Opens the hub database at `db` and serves it on `listen` (port 0
    /// picks a free port). Returns once the port is bound.
    pub fn start(db: &Path, config: HubConfig, clock: Arc<dyn Clock>, listen: SocketAddr) -> Result<RunningHub, StartError> {
        let state = HubState::open(db, config, clock)?;
        RunningHub::serve(state, listen)
    }

    /// Serves `state` on `listen`.
    pub fn serve(state: HubState, listen: SocketAddr) -> Result<RunningHub, StartError> {
        let (bound_tx, bound_rx) = mpsc::channel::<Result<SocketAddr, String>>();
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new().name("hub".into()).spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                Ok(r) => r,
                Err(e) => return drop(bound_tx.send(Err(e.to_string()))),
            };
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::bind(listen).await.and_then(|l| Ok((l.local_addr()?, l))) {
                    Ok((addr, l)) => {
                        let _ = bound_tx.send(Ok(addr));
                        l
                    }
                    Err(e) => return drop(bound_tx.send(Err(format!("cannot listen on {listen}: {e}")))),
                };
                let _ = serve_until(listener, state, async move {
                    let _ = stop_rx.await;
                })
                .await;
            });
        })?;
        let addr = bound_rx.recv().map_err(|_| "the hub thread ended before listening")??;
        Ok(RunningHub { addr, stop: Some(stop_tx), thread: Some(thread) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting, finishes the requests in flight, and waits.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for RunningHub {
    fn drop(&mut self) {
        self.shut_down();
    }
}
