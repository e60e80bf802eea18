//! The body of a message create: JSON (or a form), or multipart FormData when the dashboard
//! attaches files (`attachments[]` file parts beside the text fields). Text fields are read
//! with Rails' bracket names; files are kept for the builder.

use crate::error::ApiError;
use crate::extract::Params;
use crate::forms;
use crate::state::AppState;
use app::messages::files::Upload;
use app::messages::NewMessageParams;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::{Map, Value};

/// Fifteen files of a few megabytes fit; larger bodies are a 413 before anything is read.
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

pub struct MessageBody(pub NewMessageParams);

#[derive(Deserialize)]
struct Fields {
    #[serde(default, deserialize_with = "forms::string_like")]
    content: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    message_type: Option<String>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    private: Option<bool>,
    #[serde(default, deserialize_with = "forms::string_like")]
    content_type: Option<String>,
    #[serde(default)]
    content_attributes: Option<Value>,
    #[serde(default)]
    template_params: Option<Value>,
    #[serde(default, deserialize_with = "forms::string_like")]
    echo_id: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    source_id: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    sender_type: Option<String>,
    #[serde(default, deserialize_with = "forms::int_like")]
    sender_id: Option<i64>,
    #[serde(default)]
    external_created_at: Option<Value>,
    #[serde(default)]
    campaign_id: Option<Value>,
}

fn params(map: Map<String, Value>, uploads: Vec<Upload>) -> Result<NewMessageParams, ApiError> {
    let f: Fields = crate::extract::params::parse_map(map)?;
    Ok(NewMessageParams {
        content: f.content,
        message_type: f.message_type,
        private: f.private.unwrap_or(false),
        content_type: f.content_type,
        content_attributes: f.content_attributes,
        template_params: f.template_params,
        echo_id: f.echo_id,
        source_id: f.source_id,
        sender_type: f.sender_type,
        sender_id: f.sender_id,
        external_created_at: f.external_created_at,
        campaign_id: f.campaign_id,
        uploads,
    })
}

impl FromRequest<AppState> for MessageBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"));
        if !multipart {
            let Params(map) = Params::from_request(req, state).await?;
            return params(map, Vec::new()).map(MessageBody);
        }
        let mut form = Multipart::from_request(req, state)
            .await
            .map_err(|_| ApiError::unprocessable("Invalid multipart body"))?;
        let mut query = String::new();
        let mut uploads = Vec::new();
        while let Some(field) = form.next_field().await.map_err(bad)? {
            let Some(name) = field.name().map(str::to_string) else {
                continue;
            };
            if let Some(file_name) = field.file_name().map(str::to_string) {
                if name != "attachments[]" && name != "attachments" {
                    continue;
                }
                let content_type = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_string();
                let bytes = field.bytes().await.map_err(bad)?.to_vec();
                uploads.push(Upload {
                    file_name: sanitize(&file_name),
                    content_type,
                    bytes,
                });
                continue;
            }
            let value = field.text().await.map_err(bad)?;
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str(&encode(&name, true));
            query.push('=');
            query.push_str(&encode(&value, false));
        }
        let map = serde_qs::Config::new(5, false)
            .deserialize_str::<Map<String, Value>>(&query)
            .map_err(|e| ApiError::unprocessable(format!("Invalid form body: {e}")))?;
        params(map, uploads).map(MessageBody)
    }
}

fn bad(e: axum::extract::multipart::MultipartError) -> ApiError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::Error(e.status(), "Request body is too large".to_string())
    } else {
        ApiError::unprocessable("Invalid multipart body")
    }
}

/// ActiveStorage keeps the base name of an upload; so do we (no directories, bounded length).
fn sanitize(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    let base: String = base.chars().filter(|c| !c.is_control()).take(255).collect();
    if base.is_empty() {
        "file".to_string()
    } else {
        base
    }
}

fn encode(text: &str, keep_brackets: bool) -> String {
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
