//! `app/controllers/api/v1/accounts/custom_attribute_definitions_controller.rb`. No policy: any
//! member may read and write.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path, Query};
use crate::forms;
use crate::state::AppState;
use crate::views::custom_attribute_definition::CustomAttributeDefinitionView as View;
use app::custom_attributes::DefinitionChanges;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use domain::enums::AttributeModel;
use serde::Deserialize;
use serde_json::Value;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/custom_attribute_definitions", get(index).post(create))
        .route(
            "/custom_attribute_definitions/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    attribute_model: Option<String>,
}

/// All definitions, or those of `?attribute_model=` (a name or its number). An unknown model
/// matches nothing, as Rails' enum `where` does.
pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Vec<View>>> {
    let model = match q.attribute_model.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match AttributeModel::parse(text) {
            Some(m) => Some(m.as_i32()),
            None => return Ok(Json(Vec::new())),
        },
    };
    let defs =
        store::custom_attribute_definitions::list(&state.app.db, scope.account_id(), model).await?;
    Ok(Json(defs.iter().map(View::from).collect()))
}

async fn fetch(
    state: &AppState,
    scope: &AccountScope,
    id: i64,
) -> ApiResult<store::custom_attribute_definitions::CustomAttributeDefinition> {
    store::custom_attribute_definitions::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(ApiError::not_found)
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<View>> {
    Ok(Json(View::from(&fetch(&state, &scope, id).await?)))
}

#[derive(Deserialize)]
struct DefinitionForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    attribute_display_name: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    attribute_key: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    attribute_display_type: Option<Option<Value>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    attribute_model: Option<Option<Value>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    attribute_description: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    regex_pattern: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    regex_cue: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    attribute_values: Option<Option<Vec<Value>>>,
}

/// An enum given by name (`"list"`) or number (`6`, as the API docs show it).
fn enum_text(attribute: &str, v: Option<Option<Value>>) -> ApiResult<Option<Option<String>>> {
    Ok(match v {
        None => None,
        Some(None) => Some(None),
        Some(Some(Value::String(s))) => Some(Some(s)),
        Some(Some(Value::Number(n))) => Some(Some(n.to_string())),
        Some(Some(_)) => return Err(ApiError::invalid(attribute, "is not included in the list")),
    })
}

fn changes(params: &Params) -> ApiResult<DefinitionChanges> {
    let f: DefinitionForm =
        crate::extract::params::parse_map(params.require("custom_attribute_definition")?)?;
    Ok(DefinitionChanges {
        attribute_display_name: f.attribute_display_name,
        attribute_key: f.attribute_key,
        attribute_display_type: enum_text("attribute_display_type", f.attribute_display_type)?,
        attribute_model: enum_text("attribute_model", f.attribute_model)?,
        attribute_description: f.attribute_description,
        regex_pattern: f.regex_pattern,
        regex_cue: f.regex_cue,
        attribute_values: f.attribute_values.flatten(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    params: Params,
) -> ApiResult<Json<View>> {
    let def = app::custom_attributes::create(&state.app.db, scope.account_id(), changes(&params)?)
        .await?;
    Ok(Json(View::from(&def)))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<View>> {
    fetch(&state, &scope, id).await?;
    let def =
        app::custom_attributes::update(&state.app.db, scope.account_id(), id, changes(&params)?)
            .await?;
    Ok(Json(View::from(&def)))
}

/// 204 No Content.
pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::custom_attributes::destroy(&state.app.db, scope.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
