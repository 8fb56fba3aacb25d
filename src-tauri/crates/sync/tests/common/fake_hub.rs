//! A server that answers like a broken hub: whatever status and body the
//! test says, for each request line.

use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

use super::wire::{read_message, request_line, response};

/// Serves `answer(request line) = (status, body)` on a loopback port; returns its URL.
pub async fn start(answer: impl Fn(&str) -> (u16, String) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    let answer = Arc::new(answer);
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                while let Ok(Some(request)) = read_message(&mut conn, &mut buf).await {
                    let (status, body) = answer(&request_line(&request));
                    if conn.write_all(&response(status, &body)).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}
