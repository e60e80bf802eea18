//! `app/controllers/api/v1/accounts/webhooks_controller.rb`: administrators only
//! (`WebhookPolicy`), the policy checked before the webhook is looked up.

use crate::error::ApiResult;
use crate::extract::{AdminScope, Audit, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::webhook::WebhookView;
use app::webhooks::WebhookParams;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks", get(index).post(create))
        .route("/webhooks/{id}", patch(update).put(update).delete(destroy))
}

/// `params.require(:webhook).permit(:inbox_id, :name, :url, subscriptions: [])`.
#[derive(Deserialize)]
struct WebhookForm {
    #[serde(default, deserialize_with = "forms::nullable_int")]
    inbox_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "forms::nullable_string")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable_string")]
    url: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    subscriptions: Option<Option<Value>>,
}

fn webhook_params(params: &Params) -> ApiResult<WebhookParams> {
    let form: WebhookForm = crate::extract::params::parse_map(params.require("webhook")?)?;
    Ok(WebhookParams {
        inbox_id: form.inbox_id,
        name: form.name,
        url: form.url,
        subscriptions: form.subscriptions.map(|v| v.unwrap_or(Value::Null)),
    })
}

fn payload(webhook: &store::webhooks::Webhook) -> Json<Value> {
    Json(json!({ "payload": { "webhook": WebhookView::new(webhook) } }))
}

pub async fn index(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
) -> ApiResult<Json<Value>> {
    let webhooks = store::webhooks::list(&state.app.db, scope.account_id()).await?;
    let views: Vec<WebhookView> = webhooks.iter().map(WebhookView::new).collect();
    Ok(Json(json!({ "payload": { "webhooks": views } })))
}

pub async fn create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<Value>> {
    let p = webhook_params(&params)?;
    let webhook = app::webhooks::create(&state.app.db, &actor, scope.account_id(), p).await?;
    Ok(payload(&webhook))
}

pub async fn update(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    // `fetch_webhook` runs before `params.require`: an unknown id is a 404 whatever the body.
    store::webhooks::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(crate::error::ApiError::not_found)?;
    let p = webhook_params(&params)?;
    let webhook = app::webhooks::update(&state.app.db, &actor, scope.account_id(), id, p).await?;
    Ok(payload(&webhook))
}

/// `head :ok`.
pub async fn destroy(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::webhooks::destroy(&state.app.db, &actor, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}
