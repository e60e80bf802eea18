//! `switchboard bench`: seeds one account with many conversations and messages, serves it on a
//! loopback port in this process, and measures what agents call all day: the conversation list
//! (default view with counts), a message page, contact search, and message creates per second.
//! Runs on a fresh SQLite file, or in a fresh schema of the PostgreSQL database given.

use anyhow::{bail, Context};
use app::accounts::{add_member, create_user, NewUserParams};
use app::inboxes::{ApiParams, ChannelParams, InboxParams};
use domain::enums::Role;
use serde_json::json;
use std::time::{Duration, Instant};
use store::db::ConnectOptions;
use store::seed::Plan;
use store::{Db, Exec, Sql};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// sqlite (a fresh file in the data folder) or a postgres:// URL (a fresh schema in it).
    #[arg(long, default_value = "sqlite")]
    pub backend: String,
    #[arg(long, default_value_t = 1_000_000)]
    pub conversations: i64,
    #[arg(long, default_value_t = 10)]
    pub messages_per_conversation: i64,
    /// Contacts (each has conversations/contacts conversations); default conversations / 10.
    #[arg(long)]
    pub contacts: Option<i64>,
    /// Requests per latency measurement.
    #[arg(long, default_value_t = 400)]
    pub requests: usize,
    /// Seconds of sustained message creation.
    #[arg(long, default_value_t = 10)]
    pub create_seconds: u64,
    /// Concurrent connections creating messages.
    #[arg(long, default_value_t = 16)]
    pub connections: usize,
    /// Keep the PostgreSQL schema afterwards (to inspect query plans); the SQLite file is
    /// always kept.
    #[arg(long)]
    pub keep: bool,
}

pub async fn run(args: BenchArgs, data_dir: &std::path::Path) -> anyhow::Result<()> {
    let (db, label, schema) = open(&args, data_dir).await?;
    let outcome = measure(&args, data_dir, &db, &label).await;
    db.close().await;
    // The PostgreSQL schema is dropped whatever happened (unless kept); the SQLite file stays
    // for inspection.
    if let Some(schema) = schema.filter(|_| !args.keep) {
        let admin = Db::connect(
            &args.backend,
            ConnectOptions {
                max_connections: 1,
                ..Default::default()
            },
        )
        .await?;
        admin
            .execute(Sql::new(format!("DROP SCHEMA IF EXISTS {schema} CASCADE")))
            .await?;
        admin.close().await;
    }
    outcome
}

async fn measure(
    args: &BenchArgs,
    data_dir: &std::path::Path,
    db: &Db,
    label: &str,
) -> anyhow::Result<()> {
    let db = db.clone();
    db.migrate().await?;
    let mut config = app::Config::for_tests();
    config.data_dir = data_dir.to_path_buf();
    let app = app::App::new(db.clone(), config);

    // An account, its administrator, an agent who is a member of one API inbox.
    let out = app::setup::setup(
        &app,
        "Bench",
        "bench-admin@example.com",
        "Password1!",
        Some("Admin"),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (account_id, admin_token) = (out.account_id, out.access_token);
    let tx = db.begin().await?;
    let agent = create_user(
        &tx,
        &app.config,
        NewUserParams {
            name: "Agent".into(),
            display_name: None,
            email: "bench-agent@example.com".into(),
            password: "Password1!".into(),
            confirmed: true,
            custom_attributes: json!({}),
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    add_member(&tx, account_id, agent.id, Role::Agent, None)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    tx.commit().await?;
    let agent_token = store::access_tokens::token_for(&db, "User", agent.id)
        .await?
        .context("agent token")?;
    let inbox = app::inboxes::create(
        &db,
        &app::audit::Actor::default(),
        account_id,
        InboxParams {
            name: Some("Bench API".into()),
            ..Default::default()
        },
        ChannelParams::Api(ApiParams::default()),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?
    .inbox
    .id;
    let tx = db.begin().await?;
    store::inbox_members::insert(&tx, inbox, agent.id, domain::time::now()).await?;
    tx.commit().await?;

    let plan = Plan {
        account_id,
        inbox_id: inbox,
        agent_id: agent.id,
        contacts: args.contacts.unwrap_or((args.conversations / 10).max(1)),
        conversations: args.conversations,
        messages_per_conversation: args.messages_per_conversation,
    };
    println!("backend: {label}");
    println!(
        "seeding {} contacts, {} conversations, {} messages ...",
        plan.contacts,
        plan.conversations,
        plan.conversations * plan.messages_per_conversation
    );
    let t = Instant::now();
    for (what, step) in [("contacts", 0), ("conversations", 1), ("messages", 2)] {
        let s = Instant::now();
        let tx = db.begin().await?;
        match step {
            0 => store::seed::contacts(&tx, &plan).await?,
            1 => store::seed::conversations(&tx, &plan, out.user_id).await?,
            _ => store::seed::messages(&tx, &plan).await?,
        }
        tx.commit().await?;
        println!("  {what}: {:.1} s", s.elapsed().as_secs_f64());
    }
    if db.backend() == store::Backend::Postgres {
        db.execute(Sql::new("ANALYZE")).await?;
    }
    println!("seeded in {:.1} s", t.elapsed().as_secs_f64());

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(async move { axum::serve(listener, http::router(app)).await });
    let compaction = crate::maintenance::spawn_count_compaction(db.clone());
    let base = format!("/api/v1/accounts/{account_id}");
    let n = args.conversations.max(1);

    let mut rng = Lcg(42);
    report(
        "conversation list (admin, default view with counts)",
        latencies(addr, args.requests, &admin_token, |_| {
            format!("{base}/conversations")
        })
        .await?,
    );
    report(
        "conversation list (agent, default view with counts)",
        latencies(addr, args.requests, &agent_token, |_| {
            format!("{base}/conversations")
        })
        .await?,
    );
    report(
        "message page (latest 20)",
        latencies(addr, args.requests, &admin_token, |_| {
            format!(
                "{base}/conversations/{}/messages",
                1 + rng.next() % n as u64
            )
        })
        .await?,
    );
    let contacts = plan.contacts as u64;
    let mut rng = Lcg(7);
    report(
        "contact search (?q=contactNNN)",
        latencies(addr, args.requests, &admin_token, |_| {
            format!(
                "{base}/contacts/search?q=contact{}",
                1 + rng.next() % contacts
            )
        })
        .await?,
    );
    let (created, failed) = creates(
        addr,
        &admin_token,
        &base,
        n as u64,
        args.connections,
        Duration::from_secs(args.create_seconds),
    )
    .await?;
    println!(
        "message creates: {:.0}/s sustained over {} s with {} connections ({} created, {} failed)",
        created as f64 / args.create_seconds as f64,
        args.create_seconds,
        args.connections,
        created,
        failed
    );
    if let Some(kib) = rss_kib() {
        println!("server RSS at the end: {} MiB", kib / 1024);
    }
    server.abort();
    compaction.abort();
    Ok(())
}

/// The database to seed: (db, what to call it, the PostgreSQL schema to drop afterwards).
async fn open(
    args: &BenchArgs,
    data_dir: &std::path::Path,
) -> anyhow::Result<(Db, String, Option<String>)> {
    if args.backend == "sqlite" {
        std::fs::create_dir_all(data_dir)?;
        let path = data_dir.join("bench.db");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        let db = Db::connect(
            &format!("sqlite://{}", path.display()),
            ConnectOptions::default(),
        )
        .await?;
        return Ok((db, format!("sqlite ({})", path.display()), None));
    }
    if !args.backend.starts_with("postgres") {
        bail!("--backend is sqlite or a postgres:// URL");
    }
    let schema = format!("bench_{}", std::process::id());
    let admin = Db::connect(
        &args.backend,
        ConnectOptions {
            max_connections: 1,
            ..Default::default()
        },
    )
    .await?;
    admin
        .execute(Sql::new(format!("DROP SCHEMA IF EXISTS {schema} CASCADE")))
        .await?;
    admin
        .execute(Sql::new(format!("CREATE SCHEMA {schema}")))
        .await?;
    admin.close().await;
    let db = Db::connect(
        &args.backend,
        ConnectOptions {
            pg_schema: Some(schema.clone()),
            ..Default::default()
        },
    )
    .await?;
    Ok((
        db,
        format!(
            "postgres (schema {schema}{})",
            if args.keep {
                ", kept"
            } else {
                ", dropped afterwards"
            }
        ),
        Some(schema),
    ))
}

/// A small deterministic generator, so runs pick the same conversations.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// A keep-alive HTTP/1.1 connection that sends JSON and reads `Content-Length` bodies.
struct Conn(TcpStream);

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> anyhow::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn(s))
    }

    async fn send(
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
async fn latencies(
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

fn report(what: &str, mut l: Vec<Duration>) {
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

/// Message creates from `connections` clients for `duration`: (created, failed).
async fn creates(
    addr: std::net::SocketAddr,
    token: &str,
    base: &str,
    conversations: u64,
    connections: usize,
    duration: Duration,
) -> anyhow::Result<(u64, u64)> {
    let deadline = Instant::now() + duration;
    let mut tasks = Vec::new();
    for c in 0..connections {
        let (token, base) = (token.to_string(), base.to_string());
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let mut rng = Lcg(1000 + c as u64);
            let (mut ok, mut failed) = (0u64, 0u64);
            let mut i = 0u64;
            while Instant::now() < deadline {
                i += 1;
                let conversation = 1 + rng.next() % conversations;
                let body = json!({"content": "bench reply", "message_type": "outgoing", "echo_id": format!("bench-{c}-{i}")}).to_string();
                let (status, _) = conn.send("POST", &format!("{base}/conversations/{conversation}/messages"), &token, Some(&body)).await?;
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

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}
