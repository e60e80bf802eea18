//! The body of contact create/update. The dashboard sends JSON, but multipart form data when
//! an avatar is attached (`buildContactFormData`); `Params` reads both (avatars are not stored
//! yet, so the file part is dropped). Only multipart bodies may be avatar-sized.

use crate::error::ApiError;
use crate::extract::Params;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::routing::MethodRouter;

/// Upstream accepts avatars up to 15 MB; the multipart body may be that large.
const MULTIPART_LIMIT: usize = 16 * 1024 * 1024;
/// Other bodies keep the router's usual limit.
const BODY_LIMIT: usize = 1024 * 1024;

/// Raises the body limit of a contact create/update route so avatar uploads fit; `ContactBody`
/// holds other bodies to the usual limit itself.
pub fn with_upload_limit(route: MethodRouter<AppState>) -> MethodRouter<AppState> {
    route.layer(DefaultBodyLimit::max(MULTIPART_LIMIT))
}

pub struct ContactBody(pub Params);

impl FromRequest<AppState> for ContactBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
        if multipart {
            return Params::from_request(req, state).await.map(ContactBody);
        }
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
            ApiError::Error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Request body is too large".to_string(),
            )
        })?;
        Params::from_request(Request::from_parts(parts, Body::from(bytes)), state)
            .await
            .map(ContactBody)
    }
}
