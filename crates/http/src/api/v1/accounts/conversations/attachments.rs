//! `ConversationsController#attachments`: the files of a conversation's messages, 100 a
//! page, newest first, each with its message's sender (`attachments.json.jbuilder`).

use super::viewer;
use crate::error::ApiResult;
use crate::extract::{AccountScope, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

#[derive(serde::Deserialize, Default)]
pub struct AttachmentsQuery {
    page: Option<String>,
}

/// `attachments`: 100 a page, newest first, each with its message's sender.
pub async fn attachments(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    crate::extract::Query(q): crate::extract::Query<AttachmentsQuery>,
) -> ApiResult<Json<Value>> {
    let c = app::conversations::find(&state.app.db, scope.account_id(), id, viewer(&scope)).await?;
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let (rows, total) = store::conversation_reads::attachments_page(&state.app.db, c.id, page, 100)
        .await
        .map_err(app::AppError::from)?;
    let mut message_ids: Vec<i64> = rows.iter().map(|a| a.message_id).collect();
    message_ids.sort_unstable();
    message_ids.dedup();
    let messages = store::conversation_reads::messages_by_ids(&state.app.db, &message_ids)
        .await
        .map_err(app::AppError::from)?;
    let views = crate::views::message::messages(&state.app, &messages, false).await?;
    let by_message: std::collections::HashMap<i64, (i64, Option<Value>)> = messages
        .iter()
        .zip(views)
        .map(|(m, v)| (m.id, (domain::time::unix(m.created_at), v.sender)))
        .collect();
    let payload: Vec<Value> = rows
        .iter()
        .map(|a| {
            let data = app::payloads::attachment::push(&state.app, a);
            let (created_at, sender) = by_message.get(&a.message_id).cloned().unwrap_or((0, None));
            let mut v = json!({
                "message_id": data["message_id"],
                "thumb_url": data.get("thumb_url").cloned().unwrap_or(Value::Null),
                "data_url": data.get("data_url").cloned().unwrap_or(Value::Null),
                "file_size": data.get("file_size").cloned().unwrap_or(Value::Null),
                "file_type": data["file_type"],
                "extension": data.get("extension").cloned().unwrap_or(Value::Null),
                "width": data.get("width").cloned().unwrap_or(Value::Null),
                "height": data.get("height").cloned().unwrap_or(Value::Null),
                "created_at": created_at,
            });
            if let Some(s) = sender {
                v["sender"] = s;
            }
            v
        })
        .collect();
    Ok(Json(
        json!({ "meta": { "total_count": total }, "payload": payload }),
    ))
}
