//! `app/controllers/api/v1/accounts/inboxes_controller.rb`. Member actions first find the
//! account's inbox (404) and check `InboxPolicy#show?` (401 for an agent outside it), then the
//! action's own policy (administrators only for writes).

mod forms;

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Audit, Params, Path};
use crate::state::AppState;
use crate::views::agent::AgentView;
use crate::views::agent_bot::AgentBotView;
use crate::views::inbox::InboxView;
use app::inboxes::{InboxDetails, InboxParams};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::enums::ChannelKind;
use serde_json::{json, Value};
use store::inboxes::Inbox;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inboxes", get(index).post(create))
        .route(
            "/inboxes/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/inboxes/{id}/assignable_agents", get(assignable_agents))
        .route("/inboxes/{id}/agent_bot", get(agent_bot))
        .route("/inboxes/{id}/set_agent_bot", post(set_agent_bot))
}

/// Upstream's `messages.inbox_deletetion_response` (sic): deletion was asynchronous there.
const DELETED: &str = "Your inbox deletion request will be processed in some time.";

fn view(state: &AppState, scope: &AccountScope, d: &InboxDetails) -> Json<InboxView> {
    Json(InboxView::new(
        d,
        scope.is_admin(),
        &state.app.config.frontend_url,
    ))
}

/// `fetch_inbox`: the account's inbox the caller may see.
async fn fetch_inbox(state: &AppState, scope: &AccountScope, id: i64) -> ApiResult<Inbox> {
    Ok(app::inboxes::find_for(
        &state.app.db,
        scope.account_id(),
        id,
        scope.user.id,
        scope.role(),
    )
    .await?)
}

pub async fn index(State(state): State<AppState>, scope: AccountScope) -> ApiResult<Json<Value>> {
    let db = &state.app.db;
    let inboxes =
        app::inboxes::visible(db, scope.account_id(), scope.user.id, scope.role()).await?;
    let details = app::inboxes::details_many(db, inboxes).await?;
    let payload: Vec<InboxView> = details
        .iter()
        .map(|d| InboxView::new(d, scope.is_admin(), &state.app.config.frontend_url))
        .collect();
    Ok(Json(json!({ "payload": payload })))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<InboxView>> {
    let inbox = fetch_inbox(&state, &scope, id).await?;
    let details = app::inboxes::details(&state.app.db, inbox).await?;
    Ok(view(&state, &scope, &details))
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<InboxView>> {
    // `validate_limit` runs before `check_authorization` upstream.
    if app::inboxes::limit_reached(&state.app.db, &scope.account).await? {
        return Err(ApiError::Error(
            StatusCode::PAYMENT_REQUIRED,
            "Account limit exceeded. Upgrade to a higher plan".into(),
        ));
    }
    scope.require_admin()?;
    let map = forms::flat(&params);
    let inbox: InboxParams = forms::inbox(&map)?;
    let channel = forms::channel_map(&map)?.ok_or_else(|| ApiError::param_missing("channel"))?;
    let kind = app::inboxes::channel_kind(channel.get("type").and_then(Value::as_str))?;
    let channel = forms::channel(kind, channel)?;
    let details =
        app::inboxes::create(&state.app, &actor, scope.account_id(), inbox, channel).await?;
    Ok(view(&state, &scope, &details))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<InboxView>> {
    let inbox = fetch_inbox(&state, &scope, id).await?;
    scope.require_admin()?;
    let map = forms::flat(&params);
    let inbox_params = forms::inbox(&map)?;
    let hours = forms::working_hours(&map)?;
    let kind = inbox
        .channel_type
        .as_deref()
        .and_then(ChannelKind::from_class_name);
    let channel = match (kind, forms::channel_map(&map)?) {
        (Some(kind), Some(c)) => Some(forms::channel(kind, c)?),
        _ => None,
    };
    let details = app::inboxes::update(
        &state.app,
        &actor,
        scope.account_id(),
        inbox.id,
        inbox_params,
        channel,
        hours,
    )
    .await?;
    Ok(view(&state, &scope, &details))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let inbox = fetch_inbox(&state, &scope, id).await?;
    scope.require_admin()?;
    app::inboxes::destroy(&state.app.db, &actor, scope.account_id(), inbox.id).await?;
    Ok(Json(json!({ "message": DELETED })))
}

/// Deprecated upstream ("will be removed in 2.7.0") but still routed: members and admins.
pub async fn assignable_agents(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let inbox = fetch_inbox(&state, &scope, id).await?;
    let agents =
        store::inbox_members::agents(&state.app.db, scope.account_id(), inbox.id, true).await?;
    let payload: Vec<AgentView> = agents
        .iter()
        .map(|a| AgentView::of_agent(a, scope.account_id(), &state.app.presence))
        .collect();
    Ok(Json(json!({ "payload": payload })))
}

/// `{"agent_bot": {...}}`, or `{"agent_bot": {}}` without one. The bot's access token is shown
/// to administrators for the account's own bots only (upstream shows any bot's token to anyone
/// who can see the inbox, which would hand out system bots' tokens).
pub async fn agent_bot(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let inbox = fetch_inbox(&state, &scope, id).await?;
    let Some(bot) = app::inboxes::agent_bot(&state.app.db, inbox.id).await? else {
        return Ok(Json(json!({ "agent_bot": {} })));
    };
    let own = bot.account_id == Some(scope.account_id());
    let token = if scope.is_admin() && own {
        store::access_tokens::token_for(
            &state.app.db,
            store::access_tokens::OWNER_AGENT_BOT,
            bot.id,
        )
        .await?
    } else {
        None
    };
    let v = AgentBotView::new(&bot, token, scope.is_admin());
    Ok(Json(json!({ "agent_bot": v })))
}

/// `agent_bot` names the bot; null, "" or no key disconnects. An id that is no bot of this
/// account (nor a system bot) is a 404, as `AgentBot.find` is upstream.
pub async fn set_agent_bot(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<StatusCode> {
    let inbox = fetch_inbox(&state, &scope, id).await?;
    scope.require_admin()?;
    let bot_id = match params.get("agent_bot") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::Number(n)) => Some(n.as_i64().ok_or_else(ApiError::not_found)?),
        Some(Value::String(s)) => Some(s.trim().parse().map_err(|_| ApiError::not_found())?),
        Some(_) => return Err(ApiError::not_found()),
    };
    app::inboxes::set_agent_bot(&state.app.db, scope.account_id(), inbox.id, bot_id).await?;
    Ok(StatusCode::OK)
}
