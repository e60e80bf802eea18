//! Switchboard's storage: one code base over SQLite and PostgreSQL. SQL lives here and nowhere
//! else; `db.rs` is the only place that knows which backend runs a query, `dialect.rs` the only
//! place with SQL that differs between them. Tables and columns follow Chatwoot's `db/schema.rb`.

pub mod db;
pub mod dialect;
pub mod error;
pub mod value;

pub mod access_tokens;
pub mod account_users;
pub mod accounts;
pub mod agent_bot_inboxes;
pub mod agent_bots;
pub mod articles;
pub mod attachments;
pub mod audits;
pub mod cable;
pub mod canned_responses;
pub mod categories;
pub mod channel_api;
pub mod channel_web_widgets;
pub mod contact_inboxes;
pub mod contact_moves;
pub mod contacts;
pub mod conversation_counts;
pub mod conversation_page;
pub mod conversation_participants;
pub mod conversation_reads;
pub mod conversations;
pub mod custom_attribute_definitions;
pub mod custom_filters;
pub mod dashboard_apps;
pub mod delivery_receivers;
pub mod filter_sql;
pub mod inbox_members;
pub mod inboxes;
pub mod integrations_hooks;
pub mod jobs;
pub mod labels;
pub mod message_conversations;
pub mod messages;
pub mod notes;
pub mod platform_agent_bots;
pub mod platform_apps;
pub mod portals;
pub mod pubsub;
pub mod reporting_events;
pub mod seed;
pub mod taggings;
pub mod team_members;
pub mod teams;
pub mod users;
pub mod webhook_deliveries;
pub mod webhooks;
pub mod working_hours;

pub use db::{Db, Exec, Record, Tx};
pub use dialect::Backend;
pub use error::StoreError;
/// JSON columns decode into this on both backends.
pub use sqlx::types::Json;
pub use value::{Sql, Value};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
