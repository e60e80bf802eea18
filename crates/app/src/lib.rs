//! Switchboard's use cases: everything that needs a transaction, writes several tables, or will
//! emit events. Handlers in the http crate call these; these call the store.

pub mod accounts;
pub mod agent_bots;
pub mod agents;
pub mod audit;
pub mod auth;
pub mod cache_keys;
pub mod canned_responses;
pub mod config;
pub mod contact_events;
pub mod contact_import;
pub mod contact_inboxes;
pub mod contact_merge;
pub mod contact_notes;
pub mod contacts;
pub mod conversations;
pub mod csv;
pub mod custom_attributes;
pub mod custom_filters;
pub mod dashboard_apps;
pub mod deliveries;
pub mod delivery_failures;
pub mod error;
pub mod events;
pub mod help_center;
pub mod inboxes;
pub mod integrations;
pub mod labels;
pub mod listeners;
pub mod messages;
pub mod payloads;
pub mod platform;
pub mod reporting_events;
pub mod setup;
pub mod sso;
pub mod teams;
pub mod tokens;
pub mod webhooks;

pub use config::Config;
pub use error::AppError;
/// Presence lives with the realtime layer that feeds it; the old path keeps working.
pub use realtime::presence;

use std::sync::Arc;
use store::Db;

/// What every request needs: the database, the configuration, and the realtime hub.
#[derive(Clone)]
pub struct App {
    pub db: Db,
    pub config: Arc<Config>,
    pub presence: Arc<presence::Presence>,
    pub realtime: realtime::Realtime,
    /// Wakes the job worker when a commit queued deliveries, so they leave at once rather than
    /// at its next poll.
    pub wake_jobs: Arc<tokio::sync::Notify>,
}

impl App {
    pub fn new(db: Db, config: Config) -> Self {
        let presence = Arc::<presence::Presence>::default();
        App {
            realtime: realtime::Realtime::new(db.clone(), presence.clone()),
            db,
            config: Arc::new(config),
            presence,
            wake_jobs: Arc::default(),
        }
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
