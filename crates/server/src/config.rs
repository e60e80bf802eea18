//! Settings from the environment (Chatwoot's names) and the data folder.

use crate::cli::Cli;
use anyhow::Context;
use std::path::{Path, PathBuf};

pub struct Settings {
    pub database_url: String,
    pub port: u16,
    pub data_dir: PathBuf,
    /// `WEBHOOK_TIMEOUT`: seconds a webhook receiver gets to answer (Chatwoot's default 5).
    pub webhook_timeout: std::time::Duration,
}

impl Settings {
    pub fn from_cli(cli: &Cli) -> anyhow::Result<Self> {
        Ok(Settings {
            database_url: cli.database_url.clone(),
            port: cli.port,
            data_dir: cli.data_dir.clone(),
            webhook_timeout: std::time::Duration::from_secs(
                env("WEBHOOK_TIMEOUT")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .filter(|s| *s > 0)
                    .unwrap_or(5),
            ),
        })
    }

    pub fn app_config(&self) -> anyhow::Result<app::Config> {
        std::fs::create_dir_all(&self.data_dir)
            .with_context(|| format!("creating {}", self.data_dir.display()))?;
        Ok(app::Config {
            secret_key_base: secret_key_base(&self.data_dir)?,
            frontend_url: env("FRONTEND_URL")
                .unwrap_or_else(|| format!("http://localhost:{}", self.port)),
            enable_account_signup: env_flag("ENABLE_ACCOUNT_SIGNUP"),
            enable_api_cors: env_flag("ENABLE_API_CORS") || env_flag("CW_API_ONLY_SERVER"),
            bcrypt_cost: env("BCRYPT_COST")
                .and_then(|v| v.parse().ok())
                .unwrap_or(11),
            data_dir: self.data_dir.clone(),
            // Upstream checks `ENV['ENABLE_INBOX_EVENTS'].blank?`: any value turns them on.
            enable_inbox_events: env("ENABLE_INBOX_EVENTS").is_some(),
        })
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Rails' boolean cast: "true", "1", "yes"... are true.
fn env_flag(name: &str) -> bool {
    env(name).is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "true" | "1" | "yes" | "t" | "on"
        )
    })
}

/// `SECRET_KEY_BASE`, or one generated on first start and kept in the data folder.
fn secret_key_base(data_dir: &Path) -> anyhow::Result<String> {
    if let Some(v) = env("SECRET_KEY_BASE") {
        return Ok(v);
    }
    let path = data_dir.join("secret_key_base");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if !existing.trim().is_empty() {
            return Ok(existing.trim().to_string());
        }
    }
    let mut bytes = [0u8; 64];
    rand::Rng::fill(&mut rand::thread_rng(), &mut bytes[..]);
    let secret = hex::encode(bytes);
    std::fs::write(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok(secret)
}

pub fn init_tracing(level: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!("{level},sqlx=warn,tower_http=info"))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}
