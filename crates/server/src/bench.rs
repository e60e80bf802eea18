//! `switchboard bench`: seeds one account with many conversations and messages, serves it on a
//! loopback port in this process, and measures what agents call all day: the conversation list
//! (default view with counts), a message page, contact search, and message creates per second.
//! Runs on a fresh SQLite file, or in a fresh schema of the PostgreSQL database given.

use anyhow::{bail, Context};
use app::accounts::{add_member, create_user, NewUserParams};
use app::inboxes::{ApiParams, ChannelParams, InboxParams};
use domain::enums::Role;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::db::ConnectOptions;
use store::seed::Plan;
use store::{Db, Exec, Sql};

pub(crate) use crate::bench_load::Conn;
use crate::bench_load::{latencies, report, sustained, Lcg, Request};

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
    /// Account webhooks subscribed to every event, so creates queue deliveries (nothing sends
    /// them here: the bench measures what a change costs, not the delivery).
    #[arg(long, default_value_t = 0)]
    pub webhooks: usize,
    #[command(subcommand)]
    pub mode: Option<BenchMode>,
}

#[derive(clap::Subcommand, Debug, Clone)]
pub enum BenchMode {
    /// Realtime: many subscribed cable clients, latency from message create to frame, server RSS.
    Cable(crate::bench_cable::CableArgs),
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
        &app,
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
    for i in 0..args.webhooks {
        let hook = store::webhooks::NewWebhook {
            account_id,
            inbox_id: None,
            url: format!("http://127.0.0.1:9/bench-{i}"),
            webhook_type: 0,
            subscriptions: json!(domain::webhook_events::ALLOWED_WEBHOOK_EVENTS),
            name: None,
            secret: app::tokens::secure_token(),
        };
        store::webhooks::insert(&tx, &hook, domain::time::now()).await?;
    }
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
    let seconds = Duration::from_secs(args.create_seconds);
    let sustained = |what: &'static str, request: Request| {
        let token = admin_token.clone();
        async move {
            let (ok, failed) = sustained(addr, &token, args.connections, seconds, request).await?;
            println!(
                "{what}: {:.0}/s sustained over {} s with {} connections ({ok} done, {failed} failed)",
                ok as f64 / seconds.as_secs_f64(),
                seconds.as_secs(),
                args.connections,
            );
            anyhow::Ok(())
        }
    };
    let messages = base.clone();
    sustained(
        "message creates",
        Arc::new(move |c, i, rng| {
            let conversation = 1 + rng.next() % n as u64;
            let body = json!({"content": "bench reply", "message_type": "outgoing", "echo_id": format!("bench-{c}-{i}")});
            (format!("{messages}/conversations/{conversation}/messages"), body)
        }),
    )
    .await?;
    // Both change the maintained counters: a new open conversation, and a status moving.
    let (creates, contact0) = (base.clone(), contact0(&db, account_id).await?);
    sustained(
        "conversation creates",
        Arc::new(move |_, _, rng| {
            let contact = contact0 + (rng.next() % contacts) as i64;
            let body = json!({"contact_id": contact, "inbox_id": inbox});
            (format!("{creates}/conversations"), body)
        }),
    )
    .await?;
    let toggles = base.clone();
    sustained(
        "status changes",
        Arc::new(move |_, _, rng| {
            let conversation = 1 + rng.next() % n as u64;
            let status = ["open", "resolved", "pending"][(rng.next() % 3) as usize];
            let body = json!({"status": status});
            (
                format!("{toggles}/conversations/{conversation}/toggle_status"),
                body,
            )
        }),
    )
    .await?;
    let off = store::conversation_counts::mismatches(&db, account_id).await?;
    println!("conversation counters after the load: {off} differ from a scan");
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

/// The first contact id of the account (seeded contacts have consecutive ids).
async fn contact0(db: &Db, account_id: i64) -> anyhow::Result<i64> {
    let q = Sql::new("SELECT CAST(MIN(id) AS BIGINT) FROM contacts WHERE account_id = $1")
        .bind(account_id);
    Ok(db.scalar::<i64>(q).await?)
}

fn rss_kib() -> Option<u64> {
    rss_kib_of("self")
}

/// VmRSS of a process (`self` or a pid), from /proc.
pub(crate) fn rss_kib_of(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}
