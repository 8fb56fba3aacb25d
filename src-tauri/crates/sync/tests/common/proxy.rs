//! A TCP proxy between the device and the hub that loses requests and
//! answers on purpose. It frames HTTP/1.1 messages, so every fault lands at
//! a known point of one request: before the hub saw it, halfway through it,
//! after the hub answered (and so committed), or halfway through the answer.

use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use super::wire::{read_message, request_line};

/// What happens to one request passing through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Pass,
    /// The line drops before the request reaches the hub.
    LoseRequest,
    /// Half the request reaches the hub, then the line drops.
    CutRequest,
    /// The hub answers (it has committed), the answer is lost.
    LoseAnswer,
    /// Half the answer reaches the device, then the line drops.
    CutAnswer,
}

/// Where a request is, told to whoever listens (to kill the hub there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The whole request was written to the hub.
    Forwarded(String),
    /// The hub's whole answer reached the proxy.
    Answered(String),
    /// The whole answer was written to the device.
    Delivered(String),
}

type Rule = Box<dyn FnMut(&str) -> Fate + Send>;

#[derive(Clone)]
pub struct Proxy {
    /// What the device uses as the hub's address.
    pub url: String,
    upstream: Arc<Mutex<String>>,
    rule: Arc<Mutex<Rule>>,
    log: Arc<Mutex<Vec<(String, Fate)>>>,
    seen: Arc<Mutex<Option<mpsc::UnboundedSender<Seen>>>>,
}

impl Proxy {
    /// A proxy to `upstream` (`host:port`) that passes everything.
    pub async fn start(upstream: &str) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let proxy = Proxy {
            url: format!("http://{}", listener.local_addr().expect("bound")),
            upstream: Arc::new(Mutex::new(upstream.to_string())),
            rule: Arc::new(Mutex::new(Box::new(|_: &str| Fate::Pass))),
            log: Arc::default(),
            seen: Arc::default(),
        };
        let p = proxy.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(p.clone().serve(client));
            }
        });
        proxy
    }

    /// Decides each request's fate from its request line from now on.
    pub fn set_rule(&self, rule: impl FnMut(&str) -> Fate + Send + 'static) {
        *self.rule.lock().unwrap() = Box::new(rule);
    }

    /// Points the proxy at another hub address (a restarted hub).
    pub fn set_upstream(&self, upstream: &str) {
        *self.upstream.lock().unwrap() = upstream.to_string();
    }

    /// Reports where each request is from now on.
    pub fn watch(&self) -> Watch {
        let (tx, rx) = mpsc::unbounded_channel();
        *self.seen.lock().unwrap() = Some(tx);
        Watch(rx)
    }

    /// Every request seen so far and what was done to it.
    pub fn log(&self) -> Vec<(String, Fate)> {
        self.log.lock().unwrap().clone()
    }

    /// How many requests met `fate`.
    pub fn count(&self, fate: Fate) -> usize {
        self.log.lock().unwrap().iter().filter(|(_, f)| *f == fate).count()
    }

    fn tell(&self, seen: Seen) {
        if let Some(tx) = &*self.seen.lock().unwrap() {
            let _ = tx.send(seen);
        }
    }

    /// One device connection: request by request, each over a fresh
    /// connection to the hub. Any fault closes the device's connection.
    async fn serve(self, mut client: TcpStream) {
        let mut from_client = Vec::new();
        while let Ok(Some(request)) = read_message(&mut client, &mut from_client).await {
            let line = request_line(&request);
            let fate = (self.rule.lock().unwrap())(&line);
            self.log.lock().unwrap().push((line.clone(), fate));
            if fate == Fate::LoseRequest {
                return;
            }
            let upstream = self.upstream.lock().unwrap().clone();
            let Ok(mut hub) = TcpStream::connect(&upstream).await else { return };
            if fate == Fate::CutRequest {
                let _ = hub.write_all(&request[..request.len() / 2]).await;
                return;
            }
            if hub.write_all(&request).await.is_err() {
                return;
            }
            self.tell(Seen::Forwarded(line.clone()));
            let Ok(Some(answer)) = read_message(&mut hub, &mut Vec::new()).await else { return };
            self.tell(Seen::Answered(line.clone()));
            match fate {
                Fate::LoseAnswer => return,
                Fate::CutAnswer => {
                    let _ = client.write_all(&answer[..answer.len() / 2]).await;
                    return;
                }
                _ => {
                    if client.write_all(&answer).await.is_err() {
                        return;
                    }
                    self.tell(Seen::Delivered(line));
                }
            }
        }
    }
}

/// What the proxy reports, awaited one point at a time.
pub struct Watch(mpsc::UnboundedReceiver<Seen>);

impl Watch {
    /// Forgets what was reported so far.
    pub fn clear(&mut self) {
        while self.0.try_recv().is_ok() {}
    }

    /// Waits (up to `limit`) for the first report `want` accepts.
    pub async fn until(&mut self, limit: std::time::Duration, want: impl Fn(&Seen) -> bool) -> Seen {
        let wait = async {
            loop {
                match self.0.recv().await {
                    Some(seen) if want(&seen) => return seen,
                    Some(_) => {}
                    None => panic!("the proxy stopped reporting"),
                }
            }
        };
        tokio::time::timeout(limit, wait).await.unwrap_or_else(|_| panic!("the proxy saw nothing wanted in {limit:?}"))
    }
}
