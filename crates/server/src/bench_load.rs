//! The benchmark's HTTP load: a minimal keep-alive client, sequential latency runs and
//! sustained POSTs from many connections.

use anyhow::{bail, Context};
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A small deterministic generator, so runs pick the same conversations.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// A keep-alive HTTP/1.1 connection that sends JSON and reads `Content-Length` bodies.
pub(crate) struct Conn(TcpStream);

impl Conn {
    pub(crate) async fn open(addr: std::net::SocketAddr) -> anyhow::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn(s))
    }

    pub(crate) async fn send(
        &mut self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&str>,
    ) -> anyhow::Result<(u16, Vec<u8>)> {
        let body = body.unwrap_or("");
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\napi_access_token: {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.0.write_all(req.as_bytes()).await?;
        let mut head = Vec::with_capacity(1024);
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            if self.0.read(&mut byte).await? == 0 {
                bail!("connection closed");
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .context("status line")?;
        let len: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap_or(0))
            })
            .unwrap_or(0);
        let mut body = vec![0u8; len];
        self.0.read_exact(&mut body).await?;
        Ok((status, body))
    }
}

/// Latencies of `count` sequential GETs of `path(i)`; fails on any non-200.
pub async fn latencies(
    addr: std::net::SocketAddr,
    count: usize,
    token: &str,
    mut path: impl FnMut(usize) -> String,
) -> anyhow::Result<Vec<Duration>> {
    let mut conn = Conn::open(addr).await?;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let p = path(i);
        let t = Instant::now();
        let (status, body) = conn.send("GET", &p, token, None).await?;
        out.push(t.elapsed());
        if status != 200 {
            bail!(
                "GET {p} answered {status}: {}",
                String::from_utf8_lossy(&body)
            );
        }
    }
    Ok(out)
}

pub fn report(what: &str, mut l: Vec<Duration>) {
    l.sort();
    let pct = |p: f64| l[((l.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "{what}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} requests)",
        pct(0.5),
        pct(0.99),
        pct(1.0),
        l.len()
    );
}

/// What a load connection sends next, given its number, a counter and its generator: a POST
/// path and JSON body.
pub type Request = Arc<dyn Fn(usize, u64, &mut Lcg) -> (String, Value) + Send + Sync>;

/// POSTs of `request` from `connections` clients for `duration`: (answered 200, other).
pub async fn sustained(
    addr: std::net::SocketAddr,
    token: &str,
    connections: usize,
    duration: Duration,
    request: Request,
) -> anyhow::Result<(u64, u64)> {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (token, request) = (token.to_string(), request.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let mut rng = Lcg(1000 + c as u64);
            let (mut ok, mut failed) = (0u64, 0u64);
            let mut i = 0u64;
            while Instant::now() < deadline {
                i += 1;
                let (path, body) = request(c, i, &mut rng);
                let (status, _) = conn
                    .send("POST", &path, &token, Some(&body.to_string()))
                    .await?;
                if status == 200 {
                    ok += 1;
                } else {
                    failed += 1;
                }
            }
            anyhow::Ok((ok, failed))
        }));
    }
    let (mut ok, mut failed) = (0, 0);
    for t in tasks {
        let (o, f) = t.await??;
        ok += o;
        failed += f;
    }
    Ok((ok, failed))
}
