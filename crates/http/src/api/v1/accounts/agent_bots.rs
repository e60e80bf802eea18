//! `app/controllers/api/v1/accounts/agent_bots_controller.rb`: the account's bots plus the
//! system bots. Any member reads (`AgentBotPolicy`); administrators write, and only the
//! account's own bots (a system bot is a 404 for writes).

use crate::error::ApiResult;
use crate::extract::{AccountScope, AdminScope, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::agent_bot::AgentBotView;
use app::agent_bots::{AgentBotParams, BotWithToken};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agent_bots", get(index).post(create))
        .route(
            "/agent_bots/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/agent_bots/{id}/avatar", delete(avatar))
        .route(
            "/agent_bots/{id}/reset_access_token",
            post(reset_access_token),
        )
}

/// `params.permit(:name, :description, :outgoing_url, :bot_type, bot_config: {})`: top-level
/// keys (the controller does not read a wrapped `agent_bot` object). `avatar` and
/// `avatar_url` are accepted and ignored until Switchboard stores files.
#[derive(Deserialize)]
struct BotForm {
    #[serde(default, deserialize_with = "forms::nullable_string")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable_string")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable_string")]
    outgoing_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    bot_type: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    bot_config: Option<Option<Value>>,
}

impl From<BotForm> for AgentBotParams {
    fn from(f: BotForm) -> Self {
        AgentBotParams {
            name: f.name,
            description: f.description,
            outgoing_url: f.outgoing_url,
            bot_type: f.bot_type,
            bot_config: f.bot_config.map(|v| v.unwrap_or(Value::Null)),
        }
    }
}

fn view(b: BotWithToken, scope: &AccountScope) -> AgentBotView {
    AgentBotView::new(&b.bot, b.access_token, scope.is_admin())
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
) -> ApiResult<Json<Vec<AgentBotView>>> {
    let bots = app::agent_bots::list(&state.app.db, scope.account_id()).await?;
    Ok(Json(bots.into_iter().map(|b| view(b, &scope)).collect()))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<AgentBotView>> {
    let bot = app::agent_bots::show(&state.app.db, scope.account_id(), id).await?;
    Ok(Json(view(bot, &scope)))
}

pub async fn create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    params: Params,
) -> ApiResult<Json<AgentBotView>> {
    let form: BotForm = params.parse_flat()?;
    let bot = app::agent_bots::create(&state.app.db, scope.account_id(), form.into()).await?;
    Ok(Json(view(bot, &scope)))
}

pub async fn update(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<AgentBotView>> {
    let form: BotForm = params.parse_flat()?;
    let bot = app::agent_bots::update(&state.app.db, scope.account_id(), id, form.into()).await?;
    Ok(Json(view(bot, &scope)))
}

/// `head :ok`.
pub async fn destroy(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::agent_bots::destroy(&state.app.db, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}

/// `DELETE avatar`: purges the avatar and shows the bot. Switchboard stores no avatars yet, so
/// there is nothing to purge and the bot is shown as it is (`thumbnail` "").
pub async fn avatar(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<AgentBotView>> {
    let bot = app::agent_bots::find_own(&state.app.db, scope.account_id(), id).await?;
    Ok(Json(view(bot, &scope)))
}

pub async fn reset_access_token(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<AgentBotView>> {
    let bot = app::agent_bots::reset_access_token(&state.app.db, scope.account_id(), id).await?;
    Ok(Json(view(bot, &scope)))
}
