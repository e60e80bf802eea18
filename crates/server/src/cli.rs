//! The command line. Settings come from Chatwoot's environment names; flags override them.

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "switchboard",
    version,
    about = "A Chatwoot-compatible customer-support server"
)]
pub struct Cli {
    /// Database: sqlite://path (default, created when missing) or postgres://...
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/switchboard.db",
        global = true
    )]
    pub database_url: String,

    /// HTTP port.
    #[arg(long, env = "PORT", default_value_t = 3000, global = true)]
    pub port: u16,

    /// Folder for uploads and generated secrets.
    #[arg(
        long,
        env = "SWITCHBOARD_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: std::path::PathBuf,

    /// trace, debug, info, warn or error.
    #[arg(long, env = "LOG_LEVEL", default_value = "info", global = true)]
    pub log_level: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP server (migrations run first).
    Serve,
    /// Run migrations and exit.
    Migrate,
    /// Create an account administered by EMAIL; prints {"account_id","user_id","access_token"}.
    Setup {
        #[arg(long)]
        account_name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        /// The user's full name (defaults to the part of the email before the @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Seed one account with many conversations and measure list, message page, search and
    /// message creates over HTTP on a loopback port.
    Bench(crate::bench::BenchArgs),
    /// Manage platform apps (tokens for the Platform API).
    PlatformApp {
        #[command(subcommand)]
        command: PlatformAppCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum PlatformAppCommand {
    /// Create a platform app; prints {"id","name","access_token"}.
    Create {
        #[arg(long)]
        name: String,
    },
}
