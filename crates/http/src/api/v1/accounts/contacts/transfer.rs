//! `ContactsController#import` and `#export` (administrators only). Upstream queues both and
//! answers `head :ok` at once; here they run in the request (see app::contact_import) and
//! answer the same way.

use super::string_list;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AdminScope, Params};
use crate::state::AppState;
use app::contact_import::ExportParams;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, MethodRouter};
use serde_json::Value;

/// Largest CSV upload.
const IMPORT_LIMIT: usize = 20 * 1024 * 1024;

const FILE_IS_BLANK: &str = "File is blank";

pub fn import_route() -> MethodRouter<AppState> {
    post(import).layer(DefaultBodyLimit::max(IMPORT_LIMIT))
}

/// The `import_file` part of a multipart body, if any.
async fn import_file(
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Option<Vec<u8>>> {
    let Ok(mut multipart) = multipart else {
        return Ok(None);
    };
    let too_large = || {
        ApiError::Error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Request body is too large".to_string(),
        )
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Ok(None),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(ApiError::unprocessable("Request body could not be read")),
        };
        if field.name() != Some("import_file") {
            continue;
        }
        return match field.bytes().await {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(too_large()),
            Err(_) => Err(ApiError::unprocessable("Request body could not be read")),
        };
    }
}

async fn import(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<StatusCode> {
    let bytes = import_file(multipart)
        .await?
        .filter(|b| !b.is_empty())
        .ok_or_else(|| ApiError::unprocessable(FILE_IS_BLANK))?;
    let outcome = app::contact_import::import(&state.app, scope.account_id(), &bytes).await?;
    tracing::info!(
        account_id = scope.account_id(),
        processed = outcome.processed,
        rejected = outcome.rejected,
        failed_records = ?outcome.failed_records,
        "contacts imported"
    );
    Ok(StatusCode::OK)
}

/// `head :ok, message: ...` sends the message as a `Message` header.
const EXPORT_MESSAGE: &str = "We will notify you once contacts export file is ready to view.";

pub async fn export(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    params: Params,
) -> ApiResult<Response> {
    let payload = match params.get("payload") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => {
            return Err(ApiError::unprocessable(
                "Invalid parameters: payload must be a list of conditions",
            ))
        }
    };
    let label = match params.get("label") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            return Err(ApiError::unprocessable(
                "Invalid parameters: label must be a string",
            ))
        }
    };
    let p = ExportParams {
        column_names: string_list(params.get("column_names"), "column_names")?,
        payload,
        label,
    };
    let path = app::contact_import::export(&state.app, &scope.account, p).await?;
    tracing::info!(account_id = scope.account_id(), path = %path.display(), "contacts exported");
    let mut res = StatusCode::OK.into_response();
    res.headers_mut().insert(
        HeaderName::from_static("message"),
        HeaderValue::from_static(EXPORT_MESSAGE),
    );
    Ok(res)
}
