//! Saved filters (`CustomFilter` model): each member's own, at most 1000 per user and account.

use crate::{AppError, Result};
use domain::enums::FilterType;
use domain::{validate, ValidationErrors};
use serde_json::Value;
use store::custom_filters::{CustomFilter, NewCustomFilter};
use store::{Db, Json};

/// `Limits::MAX_CUSTOM_FILTERS_PER_USER`.
pub const MAX_PER_USER: i64 = 1000;
const NAME_MAX: usize = 255;
/// Serialised size of `query`; a saved filter is a handful of conditions.
const QUERY_MAX_BYTES: usize = 100_000;

/// The permitted params; `None` leaves a field as it is. `filter_type` is a name or its number.
#[derive(Debug, Default)]
pub struct FilterChanges {
    pub name: Option<String>,
    pub filter_type: Option<String>,
    pub query: Option<Value>,
}

fn apply(f: &mut CustomFilter, c: FilterChanges, errors: &mut ValidationErrors) {
    if let Some(name) = c.name {
        f.name = name;
    }
    if let Some(t) = c.filter_type {
        // Upstream raises ArgumentError (a 500) on an unknown type.
        match FilterType::parse(t.trim()) {
            Some(t) => f.filter_type = t.as_i32(),
            None => errors.add("filter_type", "is not included in the list"),
        }
    }
    if let Some(query) = c.query {
        if !query.is_object() {
            errors.add("query", "is invalid");
        } else if query.to_string().len() > QUERY_MAX_BYTES {
            errors.add("query", "is too long");
        }
        f.query = Json(query);
    }
}

/// `name` and `query` are NOT NULL columns; upstream lets the database refuse a missing one
/// (a 500), Switchboard says so in Rails' words.
fn validate(f: &CustomFilter, mut errors: ValidationErrors) -> Result<()> {
    validate::presence(&mut errors, "name", Some(&f.name));
    validate::max_length(&mut errors, "name", Some(&f.name), NAME_MAX);
    if f.query.0.is_null() {
        errors.add("query", "can't be blank");
    }
    Ok(errors.into_result()?)
}

pub async fn create(
    db: &Db,
    account_id: i64,
    user_id: i64,
    c: FilterChanges,
) -> Result<CustomFilter> {
    let now = domain::time::now();
    let mut f = CustomFilter {
        id: 0,
        name: String::new(),
        filter_type: FilterType::Conversation.as_i32(),
        query: Json(Value::Null),
        account_id,
        user_id,
        created_at: now,
        updated_at: now,
    };
    let mut errors = ValidationErrors::new();
    apply(&mut f, c, &mut errors);
    let tx = db.begin().await?;
    // `validate_number_of_filters`. Upstream runs it on update too, so a user at the limit
    // cannot edit; Switchboard only refuses new filters.
    if store::custom_filters::count_for_user(&tx, account_id, user_id).await? >= MAX_PER_USER {
        errors.add(
            "account_id",
            "Limit reached. The maximum number of allowed custom filters for a user per account is 1000.",
        );
    }
    validate(&f, errors)?;
    let new = NewCustomFilter {
        account_id,
        user_id,
        name: f.name,
        filter_type: f.filter_type,
        query: f.query.0,
    };
    let f = store::custom_filters::insert(&tx, &new, now).await?;
    tx.commit().await?;
    Ok(f)
}

pub async fn update(
    db: &Db,
    account_id: i64,
    user_id: i64,
    id: i64,
    c: FilterChanges,
) -> Result<CustomFilter> {
    let tx = db.begin().await?;
    let mut f = store::custom_filters::find(&tx, account_id, user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    apply(&mut f, c, &mut errors);
    validate(&f, errors)?;
    let f = store::custom_filters::update(&tx, &f, domain::time::now()).await?;
    tx.commit().await?;
    Ok(f)
}

pub async fn destroy(db: &Db, account_id: i64, user_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let f = store::custom_filters::find(&tx, account_id, user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::custom_filters::delete(&tx, f.id).await?;
    tx.commit().await?;
    Ok(())
}
