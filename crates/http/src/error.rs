//! `ApiError`: one variant per body shape Chatwoot sends (RequestExceptionHandler and friends).

use app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::ValidationErrors;
use serde_json::json;
use store::StoreError;

pub const UNAUTHENTICATED: &str = "You need to sign in or sign up before continuing.";

#[derive(Debug)]
pub enum ApiError {
    /// `{"error": msg}` with any status: 401 denials, 404, 422 `render_could_not_create_error`,
    /// 402 limits.
    Error(StatusCode, String),
    /// `{"message": "...", "attributes": [...]}` (422 RecordInvalid).
    Invalid(ValidationErrors),
    /// `{"errors": [...]}` (devise_token_auth's `authenticate_user!`: 401 without credentials).
    Errors(StatusCode, Vec<String>),
    /// `{"success": false, "errors": [...]}` (devise_token_auth's sessions and validations).
    DeviseFailure(StatusCode, Vec<String>),
    /// `{"message": msg}` (CustomExceptions, 403 on signup).
    Message(StatusCode, String),
    /// Rails' default for a missing route or a Platform/Public record: `{"status":404,"error":"Not Found"}`.
    RoutingNotFound,
    /// Something broke; the cause is logged, never sent.
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn unauthorized(msg: &str) -> Self {
        ApiError::Error(StatusCode::UNAUTHORIZED, msg.to_string())
    }

    /// Pundit's denial.
    pub fn not_authorized() -> Self {
        Self::unauthorized(app::error::NOT_AUTHORIZED)
    }

    pub fn unauthenticated() -> Self {
        ApiError::Errors(StatusCode::UNAUTHORIZED, vec![UNAUTHENTICATED.to_string()])
    }

    /// `ActiveRecord::RecordNotFound` in an application controller.
    pub fn not_found() -> Self {
        ApiError::Error(
            StatusCode::NOT_FOUND,
            "Resource could not be found".to_string(),
        )
    }

    pub fn unprocessable(msg: impl Into<String>) -> Self {
        ApiError::Error(StatusCode::UNPROCESSABLE_ENTITY, msg.into())
    }

    /// `ActionController::ParameterMissing`.
    pub fn param_missing(key: &str) -> Self {
        Self::unprocessable(format!("param is missing or the value is empty: {key}"))
    }

    pub fn invalid(attribute: &str, message: &str) -> Self {
        ApiError::Invalid(ValidationErrors::single(attribute, message))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Error(status, msg) => (status, Json(json!({ "error": msg }))).into_response(),
            ApiError::Invalid(v) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({ "message": v.full_message(), "attributes": v.attribute_names() })),
            )
                .into_response(),
            ApiError::Errors(status, errors) => {
                (status, Json(json!({ "errors": errors }))).into_response()
            }
            ApiError::DeviseFailure(status, errors) => {
                (status, Json(json!({ "success": false, "errors": errors }))).into_response()
            }
            ApiError::Message(status, msg) => {
                (status, Json(json!({ "message": msg }))).into_response()
            }
            ApiError::RoutingNotFound => (
                StatusCode::NOT_FOUND,
                Json(json!({ "status": 404, "error": "Not Found" })),
            )
                .into_response(),
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(json!({ "error": "Internal server error" })),
                )
                    .into_response()
            }
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => ApiError::not_found(),
            AppError::Unauthorized(msg) => ApiError::Error(StatusCode::UNAUTHORIZED, msg),
            AppError::Invalid(v) => ApiError::Invalid(v),
            AppError::Unprocessable(msg) => ApiError::unprocessable(msg),
            AppError::Custom { status, message } => ApiError::Message(
                StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN),
                message,
            ),
            AppError::Store(s) => s.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            // A race past the use case's own uniqueness check; say so in Rails' words.
            StoreError::UniqueViolation { constraint } => {
                tracing::info!(%constraint, "unique violation");
                ApiError::Invalid(ValidationErrors::single("base", "has already been taken"))
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<domain::DomainError> for ApiError {
    fn from(e: domain::DomainError) -> Self {
        ApiError::from(AppError::from(e))
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(v: ValidationErrors) -> Self {
        ApiError::Invalid(v)
    }
}
