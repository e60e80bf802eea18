//! devise_token_auth's routes under `/auth` (DeviseOverrides in upstream).

pub mod sessions;
pub mod token_validations;
