//! Request extractors whose rejections are Chatwoot-shaped `ApiError`s.

pub mod account_actor;
pub mod auth;
pub mod params;
pub mod path;

pub use account_actor::AccountActor;
pub use auth::{AccountScope, AdminScope, Audit, Caller, CurrentUser, DeviseSession, PlatformAuth};
pub use params::{Params, Query};
pub use path::Path;
