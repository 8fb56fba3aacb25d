//! Just enough HTTP/1.1 framing for the proxy and the fake hub: one whole
//! message at a time (head plus a `Content-Length` body).

use std::io;

use tokio::io::{AsyncRead, AsyncReadExt};

/// Reads one whole HTTP/1.1 message from `stream`, keeping bytes past it in
/// `buf`. `None` when the peer closed the connection between messages.
pub async fn read_message(stream: &mut (impl AsyncRead + Unpin), buf: &mut Vec<u8>) -> io::Result<Option<Vec<u8>>> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = find(buf, b"\r\n\r\n") {
            let total = end + 4 + content_length(&buf[..end])?;
            while buf.len() < total {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            return Ok(Some(buf.drain(..total).collect()));
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return if buf.is_empty() { Ok(None) } else { Err(io::ErrorKind::UnexpectedEof.into()) };
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// `"POST /v1/stores/…/events"`: the method and path of a request.
pub fn request_line(message: &[u8]) -> String {
    let line = message.split(|b| *b == b'\r').next().unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let mut parts = line.split(' ');
    format!("{} {}", parts.next().unwrap_or(""), parts.next().unwrap_or(""))
}

/// A whole response with a JSON (or any) body.
pub fn response(status: u16, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// The body of a whole message.
pub fn body(message: &[u8]) -> &[u8] {
    find(message, b"\r\n\r\n").map_or(&[][..], |end| &message[end + 4..])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> io::Result<usize> {
    let head = String::from_utf8_lossy(head);
    let mut length = 0;
    for line in head.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else { continue };
        let name = name.trim().to_ascii_lowercase();
        if name == "transfer-encoding" {
            return Err(io::Error::other(format!("this test proxy frames by Content-Length only, got {line:?}")));
        }
        if name == "content-length" {
            length = value.trim().parse().map_err(|_| io::Error::other(format!("bad {line:?}")))?;
        }
    }
    Ok(length)
}
