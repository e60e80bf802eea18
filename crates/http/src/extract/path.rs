//! Path parameters. A malformed id is just an id that does not exist: Rails' `find("abc")`
//! raises RecordNotFound, so the answer is 404, not axum's 400.

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

pub struct Path<T>(pub T);

impl<S, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(_) => Err(ApiError::not_found()),
        }
    }
}

/// Reads one named path parameter as an id, for extractors that run before the handler's own.
/// `None` when the route has no such parameter; a non-numeric value is a 404.
pub async fn raw_id<S: Send + Sync>(
    parts: &mut Parts,
    state: &S,
    name: &str,
) -> Option<Result<i64, ApiError>> {
    let raw = axum::extract::RawPathParams::from_request_parts(parts, state)
        .await
        .ok()?;
    raw.iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.parse::<i64>().map_err(|_| ApiError::not_found()))
}
