//! `switchboard bench cable`: realtime latency under many connected clients. Seeds a fresh SQLite
//! database, starts `switchboard serve` on it as a child process (so its RSS is the server's
//! alone), connects agents (members of the inbox: each hears every message) and widget contacts
//! (each with a conversation of its own), subscribes them all to RoomChannel, then creates
//! messages over HTTP at a steady rate and measures the time from sending each create to each
//! recipient reading its `message.created` frame.

use crate::bench::{rss_kib_of, Conn};
use crate::bench_ws::{client, Clock};
use anyhow::{bail, Context};
use app::accounts::{add_member, create_user, NewUserParams};
use domain::enums::Role;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use store::db::ConnectOptions;
use store::{Db, Exec, Sql};
use tokio::sync::{mpsc, watch, Semaphore};

#[derive(clap::Args, Debug, Clone)]
pub struct CableArgs {
    /// Agents connected; every one is a member of the inbox and hears every message.
    #[arg(long, default_value_t = 100)]
    pub agents: usize,
    /// Widget contacts connected, each with a conversation of its own.
    #[arg(long, default_value_t = 900)]
    pub contacts: usize,
    /// Messages created over HTTP (round robin over the conversations).
    #[arg(long, default_value_t = 500)]
    pub messages: usize,
    /// Creates per second.
    #[arg(long, default_value_t = 50)]
    pub rate: u32,
}

struct Seeded {
    account_id: i64,
    inbox_id: i64,
    admin_token: String,
    /// (user id, RoomChannel identifier).
    agents: Vec<(i64, String)>,
}

pub async fn run(args: CableArgs, data_dir: &std::path::Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join("bench-cable.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url, ConnectOptions::default()).await?;
    db.migrate().await?;
    let mut seeded = seed(&db, data_dir, args.agents).await?;

    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut server = tokio::process::Command::new(std::env::current_exe()?)
        .arg("serve")
        .env("DATABASE_URL", &url)
        .env("PORT", port.to_string())
        .env("SWITCHBOARD_DATA_DIR", data_dir)
        .env("LOG_LEVEL", "warn")
        .kill_on_drop(true)
        .spawn()
        .context("starting the server")?;
    let pid = server.id().context("server pid")?.to_string();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    wait_ready(addr).await?;
    create_inbox(addr, &mut seeded).await?;

    // One conversation per contact, and enough that none passes upstream's limit of 200
    // messages a minute (`Conversation#validate_message_limit`) when few contacts listen.
    let count = args.contacts.max(args.messages.div_ceil(100)).max(1);
    let conversations = create_conversations(addr, &seeded, count).await?;
    let rss_idle = rss_kib_of(&pid);
    let contact_tokens = contact_tokens(&db, seeded.account_id).await?;
    let mut identifiers: Vec<String> = seeded.agents.iter().map(|a| a.1.clone()).collect();
    identifiers.extend(
        contact_tokens
            .iter()
            .take(args.contacts)
            .map(|t| json!({"channel": "RoomChannel", "pubsub_token": t}).to_string()),
    );

    let clock = Arc::new(Clock {
        sent: (0..args.messages).map(|_| OnceLock::new()).collect(),
        received: AtomicUsize::new(0),
    });
    let (stop_tx, stop_rx) = watch::channel(false);
    // At most 64 clients connecting and subscribing at a time.
    let gate = Arc::new(Semaphore::new(64));
    let (ready_tx, mut ready_rx) = mpsc::channel::<()>(identifiers.len().max(1));
    let started = Instant::now();
    let mut clients = Vec::with_capacity(identifiers.len());
    for identifier in identifiers {
        let (clock, stop, gate, ready) = (
            clock.clone(),
            stop_rx.clone(),
            gate.clone(),
            ready_tx.clone(),
        );
        clients.push(tokio::spawn(client(
            addr, identifier, clock, stop, gate, ready,
        )));
    }
    drop(ready_tx);
    for _ in 0..clients.len() {
        // A client that failed drops its sender without a signal: stop and show why.
        if ready_rx.recv().await.is_none() {
            for c in clients {
                c.await??;
            }
            bail!("a client failed to subscribe");
        }
    }
    let connected = clients.len();
    let connect_time = started.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_holding = rss_kib_of(&pid);

    let expected: usize = (0..args.messages)
        .map(|seq| args.agents + usize::from(seq % conversations.len() < args.contacts))
        .sum();
    let creates = create_messages(addr, &seeded, &conversations, &args, clock.clone()).await?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while clock.received.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let rss_after = rss_kib_of(&pid);
    stop_tx.send_replace(true);
    let mut samples: Vec<(usize, Duration)> = Vec::new();
    for c in clients {
        samples.extend(c.await??);
    }
    let _ = server.kill().await;
    db.close().await;

    println!(
        "cable bench: sqlite, {connected} clients ({} agents in the inbox, {} widget contacts), {} messages at {}/s",
        args.agents, args.contacts, args.messages, args.rate
    );
    println!(
        "connect + subscribe all: {:.2} s",
        connect_time.as_secs_f64()
    );
    let mib = |k: Option<u64>| k.map_or("?".to_string(), |k| format!("{} MiB", k / 1024));
    println!(
        "server RSS: {} before clients, {} holding {connected} subscribed clients, {} after the messages",
        mib(rss_idle),
        mib(rss_holding),
        mib(rss_after)
    );
    println!("frames: {} of {expected} expected", samples.len());
    let mut all: Vec<Duration> = samples.iter().map(|s| s.1).collect();
    report("create -> frame, every recipient", &mut all);
    let mut last: Vec<Option<Duration>> = vec![None; args.messages];
    for (seq, d) in &samples {
        last[*seq] = Some(last[*seq].map_or(*d, |l| l.max(*d)));
    }
    let mut last: Vec<Duration> = last.into_iter().flatten().collect();
    report("create -> frame, last recipient of each message", &mut last);
    let mut creates = creates;
    report("HTTP create (request to response)", &mut creates);
    Ok(())
}

fn report(what: &str, l: &mut [Duration]) {
    if l.is_empty() {
        println!("{what}: no samples");
        return;
    }
    l.sort();
    let pct = |p: f64| l[((l.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0;
    println!(
        "{what}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} samples)",
        pct(0.5),
        pct(0.99),
        pct(1.0),
        l.len()
    );
}

/// An account, its administrator and `agents` agents (users are written directly: creating a
/// thousand over HTTP would measure password hashing).
async fn seed(db: &Db, data_dir: &std::path::Path, agents: usize) -> anyhow::Result<Seeded> {
    let mut config = app::Config::for_tests();
    config.data_dir = data_dir.to_path_buf();
    let app = app::App::new(db.clone(), config);
    let e = |e: app::AppError| anyhow::anyhow!("{e}");
    let out = app::setup::setup(&app, "Bench", "cable-admin@example.com", "Password1!", None)
        .await
        .map_err(e)?;
    let tx = db.begin().await?;
    let mut agents_seeded = Vec::with_capacity(agents);
    for i in 0..agents {
        let user = create_user(
            &tx,
            &app.config,
            NewUserParams {
                name: format!("Agent {i}"),
                display_name: None,
                email: format!("cable-agent-{i}@example.com"),
                password: "Password1!".into(),
                confirmed: true,
                custom_attributes: json!({}),
            },
        )
        .await
        .map_err(e)?;
        add_member(&tx, out.account_id, user.id, Role::Agent, None)
            .await
            .map_err(e)?;
        let identifier = json!({"channel": "RoomChannel", "pubsub_token": user.pubsub_token,
            "account_id": out.account_id, "user_id": user.id});
        agents_seeded.push((user.id, identifier.to_string()));
    }
    tx.commit().await?;
    Ok(Seeded {
        account_id: out.account_id,
        inbox_id: 0,
        admin_token: out.access_token,
        agents: agents_seeded,
    })
}

/// A website inbox with every agent as a member, over HTTP.
async fn create_inbox(addr: SocketAddr, s: &mut Seeded) -> anyhow::Result<()> {
    let mut conn = Conn::open(addr).await?;
    let base = format!("/api/v1/accounts/{}", s.account_id);
    let body = json!({"name": "Website", "channel": {"type": "web_widget", "website_url": "https://example.com"}});
    let (status, res) = conn
        .send(
            "POST",
            &format!("{base}/inboxes"),
            &s.admin_token,
            Some(&body.to_string()),
        )
        .await?;
    let v: Value = serde_json::from_slice(&res)?;
    if status != 200 {
        bail!("inbox create answered {status}: {v}");
    }
    s.inbox_id = v["id"].as_i64().context("inbox id")?;
    if !s.agents.is_empty() {
        let ids: Vec<i64> = s.agents.iter().map(|a| a.0).collect();
        let body = json!({"inbox_id": s.inbox_id, "user_ids": ids});
        let (status, res) = conn
            .send(
                "POST",
                &format!("{base}/inbox_members"),
                &s.admin_token,
                Some(&body.to_string()),
            )
            .await?;
        if status != 200 {
            bail!(
                "inbox members answered {status}: {}",
                String::from_utf8_lossy(&res)
            );
        }
    }
    Ok(())
}

async fn wait_ready(addr: SocketAddr) -> anyhow::Result<()> {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if let Ok(mut c) = Conn::open(addr).await {
            if let Ok((200, _)) = c.send("GET", "/api", "", None).await {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("the server did not answer within 60 s")
}

/// `n` contacts with a conversation each, over HTTP; their display ids.
async fn create_conversations(addr: SocketAddr, s: &Seeded, n: usize) -> anyhow::Result<Vec<i64>> {
    let mut conn = Conn::open(addr).await?;
    let base = format!("/api/v1/accounts/{}", s.account_id);
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let body = json!({"name": format!("Visitor {i}")}).to_string();
        let (status, res) = conn
            .send(
                "POST",
                &format!("{base}/contacts"),
                &s.admin_token,
                Some(&body),
            )
            .await?;
        let v: Value = serde_json::from_slice(&res)?;
        if status != 200 {
            bail!("contact create answered {status}: {v}");
        }
        let body = json!({"contact_id": v["payload"]["contact"]["id"], "inbox_id": s.inbox_id})
            .to_string();
        let (status, res) = conn
            .send(
                "POST",
                &format!("{base}/conversations"),
                &s.admin_token,
                Some(&body),
            )
            .await?;
        let v: Value = serde_json::from_slice(&res)?;
        if status != 200 {
            bail!("conversation create answered {status}: {v}");
        }
        ids.push(v["id"].as_i64().context("conversation id")?);
    }
    Ok(ids)
}

/// The contact inbox tokens of the account's conversations, by display id.
async fn contact_tokens(db: &Db, account_id: i64) -> anyhow::Result<Vec<String>> {
    let rows: Vec<(String,)> = db
        .fetch_all(
            Sql::new(
                "SELECT ci.pubsub_token FROM conversations cv \
                 JOIN contact_inboxes ci ON ci.id = cv.contact_inbox_id \
                 WHERE cv.account_id = $1 ORDER BY cv.display_id",
            )
            .bind(account_id),
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Creates the messages at the given rate over four connections; returns each create's HTTP
/// latency.
async fn create_messages(
    addr: SocketAddr,
    s: &Seeded,
    conversations: &[i64],
    args: &CableArgs,
    clock: Arc<Clock>,
) -> anyhow::Result<Vec<Duration>> {
    const LANES: usize = 4;
    let period = Duration::from_secs_f64(LANES as f64 / f64::from(args.rate.max(1)));
    let mut tasks = Vec::new();
    for lane in 0..LANES {
        let (clock, token) = (clock.clone(), s.admin_token.clone());
        let base = format!("/api/v1/accounts/{}", s.account_id);
        let conversations = conversations.to_vec();
        let messages = args.messages;
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let start = tokio::time::Instant::now() + period.mul_f64(lane as f64 / LANES as f64);
            let mut tick = tokio::time::interval_at(start, period);
            let mut latencies = Vec::new();
            for seq in (lane..messages).step_by(LANES) {
                tick.tick().await;
                let display_id = conversations[seq % conversations.len()];
                let path = format!("{base}/conversations/{display_id}/messages");
                let body = json!({"content": format!("bench-{seq}-"), "message_type": "outgoing"})
                    .to_string();
                let t = Instant::now();
                let _ = clock.sent[seq].set(t);
                let (status, res) = conn.send("POST", &path, &token, Some(&body)).await?;
                latencies.push(t.elapsed());
                if status != 200 {
                    bail!(
                        "create answered {status}: {}",
                        String::from_utf8_lossy(&res)
                    );
                }
            }
            anyhow::Ok(latencies)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}
