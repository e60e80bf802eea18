//! `app/controllers/api/v1/accounts/conversations/messages_controller.rb`: list, create,
//! status update (API inboxes) and soft delete of a conversation's messages, plus the URL that
//! serves stored attachment files. The conversation is addressed by its display id and
//! authorized as `ConversationPolicy#show?` (administrators, members of its inbox or team; 401
//! otherwise). `create` is also open to agent bots of the account.

pub mod body;

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountActor, AccountScope, Params, Path, Query};
use crate::state::AppState;
use crate::views::message::{self as view, MessageView};
use app::messages::Actor;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch};
use axum::{Json, Router};
use body::MessageBody;
use domain::time::iso_opt;
use serde::Deserialize;
use serde_json::{json, Value};
use store::message_conversations::MessageConversation;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/conversations/{conversation_id}/messages",
            get(index)
                .post(create)
                .layer(DefaultBodyLimit::max(body::UPLOAD_LIMIT)),
        )
        .route(
            "/conversations/{conversation_id}/messages/{id}",
            patch(update).put(update).delete(destroy),
        )
}

/// Stored attachment files, at the path of ActiveStorage's blob URLs. Like upstream's signed
/// blob URLs they need no session: the 24-character random key is the credential.
pub fn file_routes() -> Router<AppState> {
    Router::new().route(
        "/rails/active_storage/blobs/redirect/{key}/{filename}",
        get(file),
    )
}

fn member(scope: &AccountScope) -> Actor {
    Actor::User {
        id: scope.user.id,
        admin: scope.is_admin(),
    }
}

async fn load(
    state: &AppState,
    scope: &AccountScope,
    display_id: i64,
) -> ApiResult<MessageConversation> {
    Ok(
        app::messages::conversation(&state.app, scope.account.id, display_id, member(scope))
            .await?,
    )
}

/// Rails' `String#to_i`: leading digits (with a sign), anything else 0, as `MessageFinder`
/// reads `before`/`after`.
fn to_i(s: &str) -> i64 {
    let t = s.trim_start();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1, &t[1..]),
        Some(b'+') => (1, &t[1..]),
        _ => (1, t),
    };
    let digits: String = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .take(18)
        .collect();
    digits.parse::<i64>().map_or(0, |n| sign * n)
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    before: Option<Value>,
    after: Option<Value>,
    filter_internal_messages: Option<Value>,
}

/// `params[:x].present?` then `.to_i`.
fn cursor(v: &Option<Value>) -> Option<i64> {
    match v {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(to_i(s)),
        Some(Value::Number(n)) => n.as_i64(),
        _ => None,
    }
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, display_id)): Path<(i64, i64)>,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Value>> {
    let conv = load(&state, &scope, display_id).await?;
    let page = store::messages::PageQuery {
        before: cursor(&q.before),
        after: cursor(&q.after),
        filter_internal: cursor(&q.filter_internal_messages).is_some()
            || matches!(&q.filter_internal_messages, Some(Value::String(s)) if !s.trim().is_empty()),
    };
    let rows = store::messages::page(&state.app.db, conv.id, page).await?;
    let payload = view::messages(&state.app, &rows, false).await?;
    Ok(Json(
        json!({ "meta": meta(&state, &conv).await?, "payload": payload }),
    ))
}

/// `messages/index.json.jbuilder`'s meta block.
async fn meta(state: &AppState, conv: &MessageConversation) -> ApiResult<Value> {
    let db = &state.app.db;
    let labels: Vec<String> = conv
        .cached_label_list
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let contact = match conv.contact_id {
        Some(id) => store::contacts::find(db, conv.account_id, id)
            .await?
            .map(|c| app::payloads::contact::push(&c)),
        None => None,
    };
    let mut meta = json!({
        "labels": labels,
        "additional_attributes": conv.additional_attributes.as_ref().map(|j| j.0.clone()).unwrap_or(json!({})),
        "contact": contact,
        "agent_last_seen_at": iso_opt(conv.agent_last_seen_at),
        "assignee_last_seen_at": iso_opt(conv.assignee_last_seen_at),
    });
    if let Some(id) = conv.assignee_id {
        let users = store::messages::sender_users(db, conv.account_id, &[id]).await?;
        if let Some(a) = users.first() {
            meta["assignee"] = app::payloads::user::push(&state.app, a, conv.account_id);
        }
    }
    Ok(meta)
}

pub async fn create(
    State(state): State<AppState>,
    actor: AccountActor,
    Path((_account_id, display_id)): Path<(i64, i64)>,
    MessageBody(params): MessageBody,
) -> ApiResult<Json<MessageView>> {
    let who = match &actor {
        AccountActor::Member(scope) => member(scope),
        AccountActor::Bot { bot, .. } => Actor::AgentBot { id: bot.id },
    };
    let conv = app::messages::conversation(&state.app, actor.account_id(), display_id, who).await?;
    let created = app::messages::create(&state.app, &conv, who, params).await?;
    Ok(Json(
        view::message(&state.app, &created.message, false).await?,
    ))
}

#[derive(Deserialize, Default)]
struct StatusParams {
    #[serde(default, deserialize_with = "crate::forms::string_like")]
    status: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::string_like")]
    external_error: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, display_id, id)): Path<(i64, i64, i64)>,
    params: Params,
) -> ApiResult<Json<MessageView>> {
    let conv = load(&state, &scope, display_id).await?;
    // `ensure_api_inbox` runs before the message is looked up.
    if !app::messages::is_api_inbox(&conv) {
        return Err(ApiError::Error(
            StatusCode::FORBIDDEN,
            "Message status update is only allowed for API inboxes".to_string(),
        ));
    }
    let p: StatusParams = params.parse_flat()?;
    let message = app::messages::update_status(
        &state.app,
        &conv,
        member(&scope),
        id,
        p.status.as_deref(),
        p.external_error.as_deref(),
    )
    .await?;
    Ok(Json(view::message(&state.app, &message, false).await?))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, display_id, id)): Path<(i64, i64, i64)>,
) -> ApiResult<Json<MessageView>> {
    let conv = load(&state, &scope, display_id).await?;
    let message = app::messages::delete(&state.app, &conv, member(&scope), id).await?;
    Ok(Json(view::message(&state.app, &message, false).await?))
}

pub async fn file(
    State(state): State<AppState>,
    axum::extract::Path((key, _filename)): axum::extract::Path<(String, String)>,
) -> Result<Response, ApiError> {
    let Some((a, bytes)) = app::messages::files::read(&state.app, &key).await? else {
        return Err(ApiError::RoutingNotFound);
    };
    let content_type = a
        .file_content_type
        .filter(|c| !c.is_empty() && c.is_ascii())
        .unwrap_or_else(|| "application/octet-stream".to_string());
    let name: String = a
        .file_name
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .filter(|c| *c != '"' && *c != '\\')
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response())
}
