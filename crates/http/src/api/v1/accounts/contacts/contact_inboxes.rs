//! `app/controllers/api/v1/accounts/contacts/contact_inboxes_controller.rb`: gives a contact a
//! contact inbox in an inbox the caller can see (`InboxPolicy#show?`), answering
//! `_contact_inbox` (`{"source_id", "inbox": inbox_slim}`).

use super::id_param;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::contact::{ContactInboxView, InboxSlimView};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/contacts/{contact_id}/contact_inboxes", post(create))
}

#[derive(Deserialize)]
struct Form {
    #[serde(default, deserialize_with = "forms::string_like")]
    source_id: Option<String>,
    /// `HmacConcern#hmac_verified?`: a boolean cast; anything else is false.
    #[serde(default)]
    hmac_verified: Option<serde_json::Value>,
}

async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<ContactInboxView>> {
    let account_id = scope.account_id();
    // `ensure_contact` runs before the inbox lookup.
    app::contacts::find(&state.app.db, account_id, contact_id).await?;
    let inbox_id = id_param(params.get("inbox_id"))?.ok_or_else(ApiError::not_found)?;
    let form: Form = params.parse_flat()?;
    let hmac_verified = match form.hmac_verified {
        Some(serde_json::Value::Bool(b)) => b,
        Some(serde_json::Value::String(s)) => matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "1" | "t" | "on" | "yes"
        ),
        Some(serde_json::Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    };
    let (ci, inbox) = app::contact_inboxes::create(
        &state.app.db,
        account_id,
        contact_id,
        (scope.user.id, scope.is_admin()),
        inbox_id,
        form.source_id,
        hmac_verified,
    )
    .await?;
    Ok(Json(ContactInboxView {
        source_id: ci.source_id,
        inbox: InboxSlimView::of_inbox(&inbox),
    }))
}
