//! `app/controllers/api/v1/accounts/contacts/notes_controller.rb`: notes on a contact, open to
//! every member (no policy upstream). Index is a bare array, newest first.

use crate::error::{ApiError, ApiResult};
use crate::extract::params::parse_map;
use crate::extract::{AccountScope, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::contact::NoteView;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/contacts/{contact_id}/notes", get(index).post(create))
        .route(
            "/contacts/{contact_id}/notes/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize)]
struct NoteForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    content: Option<String>,
}

/// `params.require(:note).permit(:content)`.
fn note_form(params: &Params) -> ApiResult<NoteForm> {
    parse_map(params.require("note")?)
}

async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id)): Path<(i64, i64)>,
) -> ApiResult<Json<Vec<NoteView>>> {
    let notes = app::contact_notes::list(&state.app.db, scope.account_id(), contact_id).await?;
    Ok(Json(
        notes
            .iter()
            .map(|n| NoteView::new(n, &state.app.presence))
            .collect(),
    ))
}

async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id, id)): Path<(i64, i64, i64)>,
) -> ApiResult<Json<NoteView>> {
    let note = app::contact_notes::show(&state.app.db, scope.account_id(), contact_id, id).await?;
    Ok(Json(NoteView::new(&note, &state.app.presence)))
}

async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<NoteView>> {
    let form = note_form(&params)?;
    let note = app::contact_notes::create(
        &state.app.db,
        scope.account_id(),
        contact_id,
        scope.user.id,
        form.content.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(Json(NoteView::new(&note, &state.app.presence)))
}

async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id, id)): Path<(i64, i64, i64)>,
    params: Params,
) -> ApiResult<Json<NoteView>> {
    let form = note_form(&params)?;
    let note = app::contact_notes::update(
        &state.app.db,
        scope.account_id(),
        contact_id,
        id,
        scope.user.id,
        form.content.as_deref(),
    )
    .await?;
    Ok(Json(NoteView::new(&note, &state.app.presence)))
}

async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id, id)): Path<(i64, i64, i64)>,
) -> ApiResult<StatusCode> {
    app::contact_notes::destroy(&state.app.db, scope.account_id(), contact_id, id)
        .await
        .map_err(ApiError::from)?;
    Ok(StatusCode::OK)
}
