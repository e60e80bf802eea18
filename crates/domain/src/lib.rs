//! Switchboard's domain: ids, enums, validation and policies. Pure code: no I/O, no async.

pub mod business_hours;
pub mod contact;
pub mod enums;
pub mod error;
pub mod events;
pub mod filters;
pub mod http_url;
pub mod integration_apps;
pub mod messages;
pub mod policy;
pub mod time;
pub mod validate;
pub mod webhook_events;

pub use error::{DomainError, ValidationErrors};
