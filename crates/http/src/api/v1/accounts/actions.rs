//! `app/controllers/api/v1/accounts/actions/*`.

pub mod contact_merges;
