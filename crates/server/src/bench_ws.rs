//! The cable benchmark's client: an ActionCable subscriber that timestamps `message.created`
//! frames, over the smallest WebSocket client it needs (RFC 6455: the upgrade, masked text frames
//! out, unmasked frames in), written here so the binary carries no WebSocket library for a
//! measurement.

use anyhow::{bail, Context};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, watch, Semaphore};

/// What the clients share: when each message's create was sent, and how many frames arrived.
pub struct Clock {
    pub sent: Vec<OnceLock<Instant>>,
    pub received: AtomicUsize,
}

pub struct Ws {
    read: BufReader<OwnedReadHalf>,
    write: OwnedWriteHalf,
}

impl Ws {
    /// Opens `/cable`, offering the ActionCable subprotocol.
    pub async fn connect(addr: std::net::SocketAddr) -> anyhow::Result<Ws> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        let (read, mut write) = s.into_split();
        write
            .write_all(
                b"GET /cable HTTP/1.1\r\nHost: bench\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
                  Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
                  Sec-WebSocket-Protocol: actioncable-v1-json, actioncable-unsupported\r\n\r\n",
            )
            .await?;
        let mut read = BufReader::with_capacity(16 * 1024, read);
        let mut head = Vec::with_capacity(256);
        while !head.ends_with(b"\r\n\r\n") {
            let b = read.read_u8().await.context("upgrade response")?;
            head.push(b);
        }
        if !head.starts_with(b"HTTP/1.1 101") {
            bail!("upgrade refused: {}", String::from_utf8_lossy(&head));
        }
        Ok(Ws { read, write })
    }

    /// Sends one masked text frame.
    pub async fn send(&mut self, text: &str) -> anyhow::Result<()> {
        const MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];
        let payload = text.as_bytes();
        let mut frame = Vec::with_capacity(payload.len() + 14);
        frame.push(0x81);
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(n as u64).to_be_bytes());
            }
        }
        frame.extend_from_slice(&MASK);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ MASK[i % 4]));
        self.write.write_all(&frame).await?;
        Ok(())
    }

    /// The next text frame; None when the server closed.
    pub async fn recv(&mut self) -> anyhow::Result<Option<Vec<u8>>> {
        loop {
            let b0 = self.read.read_u8().await?;
            let b1 = self.read.read_u8().await?;
            let len = match b1 & 0x7f {
                126 => u64::from(self.read.read_u16().await?),
                127 => self.read.read_u64().await?,
                n => u64::from(n),
            };
            let mask = if b1 & 0x80 != 0 {
                let mut m = [0u8; 4];
                self.read.read_exact(&mut m).await?;
                Some(m)
            } else {
                None
            };
            let mut payload = vec![0u8; len as usize];
            self.read.read_exact(&mut payload).await?;
            if let Some(m) = mask {
                payload
                    .iter_mut()
                    .enumerate()
                    .for_each(|(i, b)| *b ^= m[i % 4]);
            }
            match b0 & 0x0f {
                0x1 => return Ok(Some(payload)),
                0x8 => return Ok(None),
                // Pings would want a pong; the server sends its pings as text frames.
                _ => continue,
            }
        }
    }
}

/// One subscribed client: the `message.created` frames it read, as (message, latency).
pub async fn client(
    addr: SocketAddr,
    identifier: String,
    clock: Arc<Clock>,
    mut stop: watch::Receiver<bool>,
    gate: Arc<Semaphore>,
    ready: mpsc::Sender<()>,
) -> anyhow::Result<Vec<(usize, Duration)>> {
    let permit = gate.acquire_owned().await?;
    let mut ws = Ws::connect(addr).await?;
    ws.send(&json!({"command": "subscribe", "identifier": identifier}).to_string())
        .await?;
    loop {
        let frame = ws.recv().await?.context("closed before confirming")?;
        if contains(&frame, b"reject_subscription") {
            bail!("subscription rejected: {identifier}");
        }
        if contains(&frame, b"confirm_subscription") {
            break;
        }
    }
    drop(permit);
    ready.send(()).await?;
    drop(ready);
    let mut out = Vec::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            frame = ws.recv() => {
                let Some(frame) = frame? else { break };
                if !contains(&frame, br#""event":"message.created""#) {
                    continue;
                }
                let Some(seq) = sequence(&frame) else { continue };
                if let Some(sent) = clock.sent.get(seq).and_then(OnceLock::get) {
                    out.push((seq, sent.elapsed()));
                    clock.received.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
    Ok(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The message number in `"content":"bench-<n>-"`.
fn sequence(frame: &[u8]) -> Option<usize> {
    let marker = br#""content":"bench-"#;
    let at = frame.windows(marker.len()).position(|w| w == marker)? + marker.len();
    let digits: Vec<u8> = frame[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}
