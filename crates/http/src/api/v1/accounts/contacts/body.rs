//! The body of contact create/update. The dashboard sends JSON, but multipart form data when
//! an avatar is attached (`buildContactFormData`, with Rails bracket keys such as
//! `additional_attributes[city]`). Avatars are not stored yet, so file parts are dropped and
//! the text parts read as the same parameters JSON would give.

use crate::error::{ApiError, ApiResult};
use crate::extract::Params;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::multipart::Multipart;
use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::routing::MethodRouter;
use serde_json::{Map, Value};

/// Upstream accepts avatars up to 15 MB; the multipart body may be that large.
const MULTIPART_LIMIT: usize = 16 * 1024 * 1024;
/// Other bodies keep the router's usual limit.
const BODY_LIMIT: usize = 1024 * 1024;

/// Raises the body limit of a contact create/update route so avatar uploads fit; `ContactBody`
/// holds JSON and form bodies to the usual limit itself.
pub fn with_upload_limit(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.layer(DefaultBodyLimit::max(MULTIPART_LIMIT))
}

pub struct ContactBody(pub Params);

fn too_large() -> ApiError {
    ApiError::Error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Request body is too large".to_string(),
    )
}

fn unreadable() -> ApiError {
    ApiError::unprocessable("Request body could not be read")
}

/// Percent-encodes a form key or value.
fn encode(text: &str, out: &mut String) {
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

async fn multipart_params(req: Request, state: &AppState) -> ApiResult<Params> {
    let mut multipart = Multipart::from_request(req, state)
        .await
        .map_err(|_| unreadable())?;
    let mut form = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(unreadable()),
        };
        if field.file_name().is_some() {
            continue;
        }
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        let text = field.text().await.map_err(|_| unreadable())?;
        if !form.is_empty() {
            form.push('&');
        }
        encode(&name, &mut form);
        form.push('=');
        encode(&text, &mut form);
    }
    form_params(form.as_bytes())
}

/// A Rails-style form body as parameters. Read into a map: serde_qs cannot deserialize a
/// top-level `Value` (which is why this does not go through `Params` for form bodies).
fn form_params(form: &[u8]) -> ApiResult<Params> {
    let map: Map<String, Value> = serde_qs::Config::new(5, false)
        .deserialize_bytes(form)
        .map_err(|e| ApiError::unprocessable(format!("Invalid form body: {e}")))?;
    Ok(Params(map))
}

impl FromRequest<AppState> for ContactBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            return multipart_params(req, state).await.map(ContactBody);
        }
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, BODY_LIMIT)
            .await
            .map_err(|_| too_large())?;
        if content_type.starts_with("application/x-www-form-urlencoded") {
            return form_params(&bytes).map(ContactBody);
        }
        let req = Request::from_parts(parts, Body::from(bytes));
        Params::from_request(req, state).await.map(ContactBody)
    }
}
