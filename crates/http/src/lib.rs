//! Switchboard's HTTP surface: Chatwoot's routes, extractors, and JSON views.

pub mod api;
pub mod auth;
pub mod cable;
pub mod error;
pub mod extract;
pub mod forms;
pub mod platform;
pub mod router;
pub mod state;
pub mod views;

pub use error::{ApiError, ApiResult};
pub use router::router;
pub use state::AppState;
