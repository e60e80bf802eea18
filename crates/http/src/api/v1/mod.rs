//! `/api/v1`.

pub mod accounts;
pub mod profiles;
