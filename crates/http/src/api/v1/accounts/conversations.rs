//! `app/controllers/api/v1/accounts/conversations_controller.rb`: create, show and the member
//! actions here; the lists (index, meta, search, filter) in `conversations/lists.rs`, and the
//! nested assignments, labels and participants controllers beside them. `ConversationPolicy`:
//! administrators, agent bots, and agents through an inbox or team of the conversation.

pub mod assignments;
pub mod attachments;
pub mod contact_conversations;
pub mod form;
pub mod labels;
pub mod lists;
pub mod participants;
pub mod reporting_events;

use crate::error::{ApiError, ApiResult};
use crate::extract::AccountActor as Actor;
use crate::extract::{AccountScope, Params, Path};
use crate::state::AppState;
use crate::views::conversation as view;
use app::conversations::changes;
use app::conversations::create::NewConversation;
use app::messages::NewMessageParams;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use form::{id_field, object_field, text_field, time_field};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/conversations", get(lists::index).post(create))
        .route("/conversations/meta", get(lists::meta))
        .route("/conversations/search", get(lists::search))
        .route("/conversations/filter", post(lists::filter))
        .route(
            "/conversations/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/conversations/{id}/toggle_status", post(toggle_status))
        .route("/conversations/{id}/toggle_priority", post(toggle_priority))
        .route(
            "/conversations/{id}/custom_attributes",
            post(custom_attributes),
        )
        .route(
            "/conversations/{id}/attachments",
            get(attachments::attachments),
        )
        .route("/conversations/{id}/mute", post(mute))
        .route("/conversations/{id}/unmute", post(unmute))
        .route("/conversations/{id}/unread", post(unread))
        .route(
            "/conversations/{id}/update_last_seen",
            post(update_last_seen),
        )
        .route(
            "/conversations/{id}/toggle_typing_status",
            post(toggle_typing_status),
        )
        .merge(assignments::routes())
        .merge(contact_conversations::routes())
        .merge(labels::routes())
        .merge(reporting_events::routes())
        .merge(participants::routes())
}

async fn create(
    State(state): State<AppState>,
    actor: Actor,
    params: Params,
) -> ApiResult<Json<Value>> {
    let p = &params.0;
    let new = NewConversation {
        inbox_id: crate::api::v1::accounts::contacts::id_param(p.get("inbox_id"))?,
        contact_id: crate::api::v1::accounts::contacts::id_param(p.get("contact_id"))?,
        source_id: text_field(p, "source_id")?,
        // `hmac_verified?` needs the inbox's HMAC token check (widget identity validation).
        hmac_verified: false,
        assignee_id: id_field(p, "assignee_id")?,
        team_id: id_field(p, "team_id")?,
        status: text_field(p, "status")?,
        snoozed_until: time_field(p, "snoozed_until")?,
        additional_attributes: object_field(p, "additional_attributes")?,
        custom_attributes: object_field(p, "custom_attributes")?,
    };
    if new.inbox_id.is_none() && new.source_id.is_none() {
        return Err(ApiError::not_found());
    }
    let message = first_message(p)?;
    let c = app::conversations::create::create(
        &state.app,
        actor.account_id(),
        actor.viewer(),
        new,
        message,
    )
    .await?;
    Ok(Json(
        view::conversation(&state.app, actor.user_id(), &c).await?,
    ))
}

/// `params[:message]` of create (`Messages::MessageBuilder`): its text params, checked before
/// anything is written.
fn first_message(p: &serde_json::Map<String, Value>) -> ApiResult<Option<NewMessageParams>> {
    let m = match p.get("message") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(m)) if m.is_empty() => return Ok(None),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(ApiError::invalid("message", "is invalid")),
    };
    let content = match m.get("content") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.chars().count() > 150_000 => {
            return Err(ApiError::unprocessable(
                "Validation failed: Content is too long (maximum is 150000 characters)",
            ))
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(ApiError::invalid("content", "is invalid")),
    };
    let private = matches!(m.get("private"), Some(Value::Bool(true)))
        || matches!(m.get("private"), Some(Value::String(s)) if s == "true");
    Ok(Some(NewMessageParams {
        content,
        private,
        message_type: text_field(m, "message_type")?,
        content_type: text_field(m, "content_type")?,
        content_attributes: m.get("content_attributes").cloned(),
        template_params: m.get("template_params").cloned(),
        echo_id: text_field(m, "echo_id")?,
        source_id: text_field(m, "source_id")?,
        ..NewMessageParams::default()
    }))
}

/// What the conversation handlers read of the caller (the messages helper's `AccountActor`).
pub trait ActorExt {
    fn viewer(&self) -> app::conversations::Viewer;
    fn user_id(&self) -> Option<i64>;
    fn role(&self) -> Option<domain::enums::Role>;
}

impl ActorExt for Actor {
    fn viewer(&self) -> app::conversations::Viewer {
        match self {
            Actor::Member(scope) => viewer(scope),
            Actor::Bot { bot, .. } => app::conversations::Viewer::Bot { id: bot.id },
        }
    }

    fn user_id(&self) -> Option<i64> {
        match self {
            Actor::Member(scope) => Some(scope.user.id),
            Actor::Bot { .. } => None,
        }
    }

    fn role(&self) -> Option<domain::enums::Role> {
        match self {
            Actor::Member(scope) => Some(scope.role()),
            Actor::Bot { .. } => None,
        }
    }
}

fn viewer(scope: &AccountScope) -> app::conversations::Viewer {
    app::conversations::Viewer::User {
        id: scope.user.id,
        admin: scope.is_admin(),
    }
}

async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let c = app::conversations::find(&state.app.db, scope.account_id(), id, viewer(&scope)).await?;
    Ok(Json(
        view::conversation(&state.app, Some(scope.user.id), &c).await?,
    ))
}

/// `update`: only `priority` is permitted.
async fn update(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let c = if params.0.contains_key("priority") {
        let priority = text_field(&params.0, "priority")?;
        changes::set_priority(&state.app, actor.account_id(), id, actor.viewer(), priority).await?
    } else {
        app::conversations::find(&state.app.db, actor.account_id(), id, actor.viewer()).await?
    };
    Ok(Json(
        view::conversation(&state.app, actor.user_id(), &c).await?,
    ))
}

async fn toggle_status(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let p = &params.0;
    let c = changes::toggle_status(
        &state.app,
        actor.account_id(),
        id,
        actor.viewer(),
        actor.role(),
        text_field(p, "status")?,
        time_field(p, "snoozed_until")?,
    )
    .await?;
    let status = domain::enums::ConversationStatus::from_i32(c.status)
        .map(|s| s.as_str())
        .unwrap_or("open");
    Ok(Json(json!({
        "meta": {},
        "payload": {
            "success": true,
            "conversation_id": c.display_id,
            "current_status": status,
            "snoozed_until": c.snoozed_until.map(domain::time::iso),
        }
    })))
}

async fn toggle_priority(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<StatusCode> {
    let priority = text_field(&params.0, "priority")?;
    changes::set_priority(&state.app, actor.account_id(), id, actor.viewer(), priority).await?;
    Ok(StatusCode::OK)
}

async fn custom_attributes(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let attrs = object_field(&params.0, "custom_attributes")?.unwrap_or_default();
    let c =
        changes::set_custom_attributes(&state.app, actor.account_id(), id, actor.viewer(), attrs)
            .await?;
    let attrs = c.custom_attributes.map(|j| j.0).unwrap_or(json!({}));
    Ok(Json(json!({ "custom_attributes": attrs })))
}

async fn mute(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    changes::set_muted(&state.app, scope.account_id(), id, viewer(&scope), true).await?;
    Ok(StatusCode::OK)
}

async fn unmute(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    changes::set_muted(&state.app, scope.account_id(), id, viewer(&scope), false).await?;
    Ok(StatusCode::OK)
}

async fn unread(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let c = changes::mark_seen(&state.app, scope.account_id(), id, viewer(&scope), true).await?;
    Ok(Json(
        view::conversation(&state.app, Some(scope.user.id), &c).await?,
    ))
}

async fn update_last_seen(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let c = changes::mark_seen(&state.app, scope.account_id(), id, viewer(&scope), false).await?;
    Ok(Json(
        view::conversation(&state.app, Some(scope.user.id), &c).await?,
    ))
}

/// `toggle_typing_status`: `typing_status` "on"/"off" (with `is_private`) becomes a typing
/// event for the realtime clients and the typing webhooks.
async fn toggle_typing_status(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<StatusCode> {
    let p = &params.0;
    // Upstream's `case` ignores anything but the two strings.
    let status = p.get("typing_status").and_then(Value::as_str);
    let is_private = matches!(p.get("is_private"), Some(Value::Bool(true)))
        || matches!(p.get("is_private"), Some(Value::String(s)) if s == "true");
    app::conversations::typing::toggle_typing_status(
        &state.app,
        scope.account_id(),
        id,
        viewer(&scope),
        status,
        is_private,
    )
    .await?;
    Ok(StatusCode::OK)
}

/// `destroy`: administrators only (`ConversationPolicy#destroy?`), after the show check.
async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let keys = changes::destroy(&state.app.db, scope.account_id(), id, viewer(&scope)).await?;
    app::messages::files::remove(&state.app, scope.account_id(), &keys).await;
    Ok(StatusCode::OK)
}
