//! `app/controllers/platform/api/v1/agent_bots_controller.rb`.

use super::support::{authorize, platform_error, record_id};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Params, PlatformAuth};
use crate::forms;
use crate::state::AppState;
use crate::views::platform::AgentBotView;
use app::platform::agent_bots::BotInput;
use app::platform::AGENT_BOT;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::{Deserialize, Deserializer};
use store::access_tokens::OWNER_AGENT_BOT;
use store::agent_bots::AgentBot;
use store::platform_apps::PlatformApp;

/// Routes under `/platform/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agent_bots", get(index).post(create))
        .route(
            "/agent_bots/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/agent_bots/{id}/avatar", delete(avatar))
}

/// A nullable id: absent -> `None`; null or "" -> `Some(None)`.
fn nullable_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    forms::int_like(d).map(Some)
}

/// `params.permit(:name, :description, :account_id, :outgoing_url, :avatar, :avatar_url)`;
/// the avatar keys are not read (Switchboard keeps no avatars).
#[derive(Deserialize)]
struct BotForm {
    #[serde(default, deserialize_with = "forms::nullable")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    outgoing_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_id")]
    account_id: Option<Option<i64>>,
}

fn input(params: &Params) -> ApiResult<BotInput> {
    let form: BotForm = params.parse_flat()?;
    Ok(BotInput {
        name: form.name,
        description: form.description,
        outgoing_url: form.outgoing_url,
        account_id: form.account_id,
    })
}

async fn view(state: &AppState, bot: &AgentBot) -> ApiResult<AgentBotView> {
    let token = store::access_tokens::token_for(&state.app.db, OWNER_AGENT_BOT, bot.id).await?;
    Ok(AgentBotView::new(bot, token))
}

/// `set_resource` + `validate_platform_app_permissible`.
async fn permitted_bot(state: &AppState, app: &PlatformApp, raw_id: &str) -> ApiResult<AgentBot> {
    let id = record_id(raw_id)?;
    let bot = store::agent_bots::find(&state.app.db, id)
        .await?
        .ok_or(ApiError::RoutingNotFound)?;
    authorize(state, app, AGENT_BOT, id).await?;
    Ok(bot)
}

/// The app's bots only.
pub async fn index(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
) -> ApiResult<Json<Vec<AgentBotView>>> {
    let bots = store::platform_agent_bots::list_permitted(&state.app.db, app.id).await?;
    let mut out = Vec::with_capacity(bots.len());
    for bot in &bots {
        out.push(view(&state, bot).await?);
    }
    Ok(Json(out))
}

pub async fn create(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    params: Params,
) -> ApiResult<Json<AgentBotView>> {
    let (bot, token) = app::platform::agent_bots::create(&state.app.db, app.id, input(&params)?)
        .await
        .map_err(platform_error)?;
    Ok(Json(AgentBotView::new(&bot, Some(token))))
}

pub async fn show(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentBotView>> {
    let bot = permitted_bot(&state, &app, &id).await?;
    Ok(Json(view(&state, &bot).await?))
}

pub async fn update(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<Json<AgentBotView>> {
    let bot = permitted_bot(&state, &app, &id).await?;
    let bot = app::platform::agent_bots::update(&state.app.db, bot.id, input(&params)?)
        .await
        .map_err(platform_error)?;
    Ok(Json(view(&state, &bot).await?))
}

pub async fn destroy(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let bot = permitted_bot(&state, &app, &id).await?;
    app::platform::agent_bots::destroy(&state.app.db, bot.id)
        .await
        .map_err(platform_error)?;
    Ok(StatusCode::OK)
}

/// `DELETE /agent_bots/:id/avatar`: upstream purges the attachment and renders the bot; there is
/// never an attachment here, so only the rendering remains.
pub async fn avatar(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AgentBotView>> {
    let bot = permitted_bot(&state, &app, &id).await?;
    Ok(Json(view(&state, &bot).await?))
}
