//! `switchboard`: the Chatwoot-compatible support server.

mod bench;
mod bench_cable;
mod bench_load;
mod bench_ws;
mod cli;
mod config;
mod maintenance;

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command, PlatformAppCommand};
use serde_json::json;
use store::db::ConnectOptions;
use store::{Db, Exec};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    config::init_tracing(&cli.log_level);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(cli))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = config::Settings::from_cli(&cli)?;
    // The benchmark opens a database of its own.
    if let Command::Bench(args) = cli.command {
        return match args.mode {
            Some(bench::BenchMode::Cable(cable)) => {
                bench_cable::run(cable, &settings.data_dir).await
            }
            None => bench::run(args, &settings.data_dir).await,
        };
    }
    let db = Db::connect(&settings.database_url, ConnectOptions::default())
        .await
        .with_context(|| {
            format!(
                "opening the database at {}",
                config::redact(&settings.database_url)
            )
        })?;
    db.migrate().await.context("running migrations")?;
    let app = app::App::new(db.clone(), settings.app_config()?);
    match cli.command {
        Command::Serve => serve(app, settings.port, settings.webhook_timeout).await?,
        Command::Migrate => tracing::info!("migrations are up to date"),
        Command::Setup {
            account_name,
            email,
            password,
            name,
        } => {
            let out = app::setup::setup(&app, &account_name, &email, &password, name.as_deref())
                .await
                .map_err(|e| anyhow::anyhow!("setup failed: {e}"))?;
            println!(
                "{}",
                json!({"account_id": out.account_id, "user_id": out.user_id, "access_token": out.access_token})
            );
        }
        Command::Bench(_) => unreachable!("handled above"),
        Command::PlatformApp {
            command: PlatformAppCommand::Create { name },
        } => {
            let out = app::setup::create_platform_app(&app, &name)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "{}",
                json!({"id": out.id, "name": out.name, "access_token": out.access_token})
            );
        }
    }
    db.close().await;
    Ok(())
}

async fn serve(
    app: app::App,
    port: u16,
    webhook_timeout: std::time::Duration,
) -> anyhow::Result<()> {
    // The job worker: deliveries (webhooks, API inboxes, agent bots) queued by use cases,
    // retried with backoff. A running job's lock is extended while it runs, so only a crashed
    // node's jobs are taken over, within `lock_for` of the crash.
    let config = jobs::WorkerConfig {
        lock_for: (webhook_timeout * 2).max(std::time::Duration::from_secs(10)),
        ..Default::default()
    };
    if app.db.backend() == store::Backend::Sqlite {
        // One process serves an embedded database: locks left behind are this node's own,
        // from a run that crashed, so those deliveries go out again now.
        let released = store::jobs::release_all(&app.db, domain::time::now()).await?;
        if released > 0 {
            tracing::info!(released, "resuming jobs a previous run left unfinished");
        }
    }
    let worker = app::delivery_failures::worker(&app, config, webhook_timeout).spawn();
    let compaction = maintenance::spawn_count_compaction(app.db.clone());
    // Realtime across nodes: on PostgreSQL, LISTEN for the other nodes' broadcasts.
    app.realtime
        .start()
        .await
        .context("listening for the other nodes' realtime broadcasts")?;
    let realtime = app.realtime.clone();
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
        .await
        .with_context(|| format!("binding port {port}"))?;
    tracing::info!(port, "switchboard listening");
    axum::serve(listener, http::router(app))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    // Frames of the last changes go out, then cable clients are told to reconnect (to another
    // node, or to this one restarted).
    realtime.settle().await;
    realtime.shutdown();
    tracing::info!("drained in-flight requests; finishing running jobs");
    worker.stop().await;
    compaction.abort();
    tracing::info!("bye");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C; axum then stops accepting and lets requests in flight finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutdown requested");
}
