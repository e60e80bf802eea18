//! Request parameters as Rails sees them.
//!
//! `Params` is the JSON (or form) body as an object. Rails' `wrap_parameters` lets a client send
//! either `{"inbox": {...}}` or the same keys flat; [`Params::wrapped`] accepts both.
//! `Query<T>` reads the query string with Rails' bracket syntax (`labels[]=a&labels[]=b`,
//! `q[name]=x`) through serde_qs.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Default)]
pub struct Params(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            return multipart_params(req, state).await;
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::Error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Request body is too large".to_string(),
                )
            } else {
                ApiError::unprocessable("Request body could not be read")
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params::default());
        }
        let value: Value = if content_type.starts_with("application/x-www-form-urlencoded") {
            // serde_qs reads a form into a map, not into a bare `Value`.
            qs_config()
                .deserialize_bytes::<Map<String, Value>>(&bytes)
                .map(Value::Object)
                .map_err(|e| ApiError::unprocessable(format!("Invalid form body: {e}")))?
        } else {
            // JSON is the default, as Chatwoot's clients send it with or without a content type.
            serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::Error(StatusCode::BAD_REQUEST, format!("Invalid JSON: {e}"))
            })?
        };
        match value {
            Value::Object(map) => Ok(Params(map)),
            _ => Err(ApiError::Error(
                StatusCode::BAD_REQUEST,
                "Request body must be a JSON object".to_string(),
            )),
        }
    }
}

/// A multipart form (the dashboard's FormData uploads) read as Rails reads it: text parts by
/// their bracketed names (`channel[widget_color]`, `flags[]`); file parts are skipped.
async fn multipart_params<S: Send + Sync>(req: Request, state: &S) -> Result<Params, ApiError> {
    let bad = |_| ApiError::unprocessable("Invalid multipart body");
    let mut form = axum::extract::Multipart::from_request(req, state)
        .await
        .map_err(|_| ApiError::unprocessable("Invalid multipart body"))?;
    let mut query = String::new();
    while let Some(field) = form.next_field().await.map_err(bad)? {
        let Some(name) = field.name().map(str::to_string) else {
            continue;
        };
        if field.file_name().is_some() {
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&percent_encode(&name, true));
        query.push('=');
        query.push_str(&percent_encode(&value, false));
    }
    qs_config()
        .deserialize_str::<Map<String, Value>>(&query)
        .map(Params)
        .map_err(|e| ApiError::unprocessable(format!("Invalid form body: {e}")))
}

/// Percent-encodes form text; brackets stay readable in names, where they carry structure.
fn percent_encode(text: &str, keep_brackets: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let plain = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (keep_brackets && matches!(b, b'[' | b']'));
        if plain {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Params {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The object under `key` when the body wraps it, else the whole flat body.
    pub fn wrapped(&self, key: &str) -> Map<String, Value> {
        match self.0.get(key) {
            Some(Value::Object(inner)) => inner.clone(),
            _ => self.0.clone(),
        }
    }

    /// `params.require(key)`: like `wrapped`, but an empty result is ParameterMissing (422).
    pub fn require(&self, key: &str) -> Result<Map<String, Value>, ApiError> {
        let map = self.wrapped(key);
        if map.is_empty() {
            Err(ApiError::param_missing(key))
        } else {
            Ok(map)
        }
    }

    /// Deserialises the (possibly wrapped) parameters into a typed form.
    pub fn parse<T: DeserializeOwned>(&self, key: &str) -> Result<T, ApiError> {
        parse_map(self.wrapped(key))
    }

    /// Deserialises the whole body.
    pub fn parse_flat<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        parse_map(self.0.clone())
    }
}

/// A typed form from a JSON object; a wrong type is a 422 that names the problem.
pub fn parse_map<T: DeserializeOwned>(map: Map<String, Value>) -> Result<T, ApiError> {
    serde_json::from_value(Value::Object(map))
        .map_err(|e| ApiError::unprocessable(format!("Invalid parameters: {e}")))
}

fn qs_config() -> serde_qs::Config {
    // Non-strict: clients percent-encode the brackets (`labels%5B%5D=a`).
    serde_qs::Config::new(5, false)
}

/// The query string, Rails style.
#[derive(Debug, Clone, Default)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        qs_config()
            .deserialize_str(q)
            .map(Query)
            .map_err(|e| ApiError::unprocessable(format!("Invalid query parameters: {e}")))
    }
}
