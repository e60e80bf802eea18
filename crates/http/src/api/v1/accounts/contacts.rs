//! `app/controllers/api/v1/accounts/contacts_controller.rb`: contact CRUD, the contactable
//! inboxes and custom attribute removal here; the lists (index, search, filter, active) in
//! `contacts/lists.rs`, import and export in `contacts/transfer.rs`, and the nested
//! controllers (`contacts/*`) beside them. `ContactPolicy`: members may do everything but
//! destroy, import and export, which are for administrators.

pub mod body;
pub mod contact_inboxes;
pub mod labels;
pub mod lists;
pub mod notes;
pub mod transfer;

use crate::error::{ApiError, ApiResult};
use crate::extract::params::parse_map;
use crate::extract::{AccountScope, Params, Path, Query};
use crate::forms;
use crate::state::AppState;
use crate::views::contact::{self as view, InboxRecordView, InboxSlimView};
use app::contacts::ContactParams;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use body::ContactBody;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/contacts",
            body::with_upload_limit(get(lists::index).post(create)),
        )
        // Rails routes any other verb on these paths to the member routes with a non-numeric
        // id, which is a 404 after authentication; `show`/`update`/`destroy` do the same here.
        .route(
            "/contacts/active",
            get(lists::active).patch(update).put(update).delete(destroy),
        )
        .route(
            "/contacts/search",
            get(lists::search).patch(update).put(update).delete(destroy),
        )
        .route("/contacts/filter", post(lists::filter).get(show))
        .route("/contacts/import", transfer::import_route().get(show))
        .route("/contacts/export", post(transfer::export).get(show))
        .route(
            "/contacts/{id}",
            body::with_upload_limit(get(show).patch(update).put(update).delete(destroy)),
        )
        .route("/contacts/{id}/avatar", axum::routing::delete(avatar))
        .route(
            "/contacts/{id}/contactable_inboxes",
            get(contactable_inboxes),
        )
        .route(
            "/contacts/{id}/destroy_custom_attributes",
            post(destroy_custom_attributes),
        )
        .merge(contact_inboxes::routes())
        .merge(labels::routes())
        .merge(notes::routes())
        .merge(super::actions::contact_merges::routes())
}

/// `include_contact_inboxes`: on unless given and other than the string "true".
#[derive(Deserialize, Default)]
pub struct IncludeInboxes {
    pub include_contact_inboxes: Option<String>,
}

impl IncludeInboxes {
    pub fn on(&self) -> bool {
        match self.include_contact_inboxes.as_deref() {
            None | Some("") => true,
            Some(v) => v == "true",
        }
    }
}

/// A nullable text param: absent -> `None`, null -> `Some(None)`, a string, number or boolean
/// -> its text (Rails keeps scalars as strings).
fn nullable_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    forms::string_like(d).map(Some)
}

#[derive(Deserialize)]
struct ContactForm {
    #[serde(default, deserialize_with = "nullable_text")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_text")]
    email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_text")]
    phone_number: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_text")]
    identifier: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    blocked: Option<bool>,
    #[serde(default)]
    additional_attributes: Option<Map<String, Value>>,
    #[serde(default)]
    custom_attributes: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    source_id: Option<String>,
}

impl ContactForm {
    fn params(self) -> ContactParams {
        ContactParams {
            name: self.name,
            email: self.email,
            phone_number: self.phone_number,
            identifier: self.identifier,
            blocked: self.blocked,
            additional_attributes: self.additional_attributes,
            custom_attributes: self.custom_attributes,
        }
    }
}

/// An id param as Rails' `find` reads it: a number or numeric text; anything else finds
/// nothing (404). Blank is `Ok(None)`.
pub fn id_param(v: Option<&Value>) -> ApiResult<Option<i64>> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(ApiError::not_found),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::not_found()),
        Some(_) => Err(ApiError::not_found()),
    }
}

async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    Query(inc): Query<IncludeInboxes>,
) -> ApiResult<Json<Value>> {
    let c = app::contacts::find(&state.app.db, scope.account_id(), id).await?;
    let contact = view::contact(&state.app, &c, inc.on()).await?;
    Ok(Json(json!({ "payload": contact })))
}

async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    ContactBody(params): ContactBody,
) -> ApiResult<Json<Value>> {
    let flat = params.wrapped("contact");
    let inbox_id = id_param(flat.get("inbox_id"))?;
    let form: ContactForm = parse_map(flat)?;
    let source_id = form.source_id.clone();
    let created = app::contacts::create(
        &state.app,
        scope.account_id(),
        form.params(),
        inbox_id.map(|id| (id, source_id)),
    )
    .await?;
    let contact = view::contact(&state.app, &created.contact, true).await?;
    // `json.inbox @contact_inbox&.inbox`: the Inbox record whole, or null.
    let contact_inbox = match &created.contact_inbox {
        Some((ci, inbox)) => {
            json!({ "inbox": InboxRecordView::new(inbox), "source_id": ci.source_id })
        }
        None => json!({ "inbox": null, "source_id": null }),
    };
    Ok(Json(
        json!({ "payload": { "contact": contact, "contact_inbox": contact_inbox } }),
    ))
}

async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    Query(inc): Query<IncludeInboxes>,
    ContactBody(params): ContactBody,
) -> ApiResult<Json<Value>> {
    let form: ContactForm = params.parse("contact")?;
    let c = app::contacts::update(&state.app, scope.account_id(), id, form.params()).await?;
    let contact = view::contact(&state.app, &c, inc.on()).await?;
    Ok(Json(json!({ "payload": contact })))
}

/// `DELETE /contacts/:id/avatar`: purges the avatar (none is stored yet) and answers the
/// contact without its contact inboxes.
async fn avatar(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let c = app::contacts::find(&state.app.db, scope.account_id(), id).await?;
    let contact = view::contact(&state.app, &c, false).await?;
    Ok(Json(json!({ "payload": contact })))
}

async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    scope.require_admin()?;
    app::contacts::destroy(&state.app, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}

async fn contactable_inboxes(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let db = &state.app.db;
    let account_id = scope.account_id();
    let contact = app::contacts::find(db, account_id, id).await?;
    let visible =
        app::contact_inboxes::visible_inbox_ids(db, account_id, scope.user.id, scope.is_admin())
            .await?;
    let inboxes = app::contact_inboxes::contactable(db, account_id, &contact, visible).await?;
    let payload: Vec<Value> = inboxes
        .iter()
        .map(|(inbox, source_id)| json!({ "inbox": InboxSlimView::of_inbox(inbox), "source_id": source_id }))
        .collect();
    Ok(Json(json!({ "payload": payload })))
}

/// `custom_attributes` as a list of keys (`excluding` takes one key or several).
pub fn string_list(v: Option<&Value>, name: &str) -> ApiResult<Vec<String>> {
    let bad = || {
        ApiError::unprocessable(format!(
            "Invalid parameters: {name} must be a list of strings"
        ))
    };
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(bad()),
            })
            .collect(),
        Some(_) => Err(bad()),
    }
}

async fn destroy_custom_attributes(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let keys = string_list(params.get("custom_attributes"), "custom_attributes")?;
    let c =
        app::contacts::destroy_custom_attributes(&state.app, scope.account_id(), id, &keys).await?;
    let contact = view::contact(&state.app, &c, true).await?;
    Ok(Json(json!({ "payload": contact })))
}
