//! Errors of a use case. The http crate turns each into Chatwoot's status and body.

use domain::{DomainError, ValidationErrors};
use store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// `ActiveRecord::RecordNotFound`: 404 `{"error":"Resource could not be found"}`.
    #[error("not found")]
    NotFound,
    /// A policy denial or an auth failure with Chatwoot's message: 401 `{"error": msg}`.
    #[error("{0}")]
    Unauthorized(String),
    /// `RecordInvalid`: 422 `{"message": ..., "attributes": [...]}`.
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),
    /// A 422 with a plain `{"error": msg}` body (`render_could_not_create_error`).
    #[error("{0}")]
    Unprocessable(String),
    /// A `CustomExceptions::*` error: `{"message": msg}` with its status.
    #[error("{message}")]
    Custom { status: u16, message: String },
    #[error(transparent)]
    Store(StoreError),
}

pub const NOT_AUTHORIZED: &str = "You are not authorized to do this action";

impl AppError {
    pub fn not_authorized() -> Self {
        AppError::Unauthorized(NOT_AUTHORIZED.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            other => AppError::Store(other),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid(v) => AppError::Invalid(v),
            DomainError::NotAuthorized => AppError::not_authorized(),
        }
    }
}
