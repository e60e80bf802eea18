//! `labels`. Titles are stored lower-case (Label `before_validation`) and listed by title
//! (the model's `default_scope { order(:title) }`).

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Label {
    pub id: i64,
    pub title: Option<String>,
    pub description: Option<String>,
    pub color: String,
    pub show_on_sidebar: Option<bool>,
    pub account_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewLabel {
    pub account_id: i64,
    pub title: String,
    pub description: Option<String>,
    pub color: String,
    pub show_on_sidebar: Option<bool>,
}

const COLUMNS: &str =
    "id, title, description, color, show_on_sidebar, account_id, created_at, updated_at";

pub async fn insert(e: &impl Exec, new: &NewLabel, now: NaiveDateTime) -> Result<Label> {
    let q = Sql::new(format!(
        "INSERT INTO labels (title, description, color, show_on_sidebar, account_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {COLUMNS}"
    ))
    .bind(&new.title)
    .bind(new.description.clone())
    .bind(&new.color)
    .bind(new.show_on_sidebar)
    .bind(new.account_id)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<Label>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM labels WHERE account_id = $1 AND id = $2"
    ))
    .bind(account_id)
    .bind(id);
    e.fetch_optional(q).await
}

pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<Label>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM labels WHERE account_id = $1 ORDER BY title, id"
        ))
        .bind(account_id),
    )
    .await
}

pub async fn update(e: &impl Exec, label: &Label, now: NaiveDateTime) -> Result<Label> {
    let q = Sql::new(format!(
        "UPDATE labels SET title = $2, description = $3, color = $4, show_on_sidebar = $5, updated_at = $6 \
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(label.id)
    .bind(label.title.clone())
    .bind(label.description.clone())
    .bind(&label.color)
    .bind(label.show_on_sidebar)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM labels WHERE id = $1").bind(id))
        .await
}

/// True when another label of the account already has this title.
pub async fn title_taken(
    e: &impl Exec,
    account_id: i64,
    title: &str,
    except_id: Option<i64>,
) -> Result<bool> {
    let q =
        Sql::new("SELECT COUNT(*) FROM labels WHERE account_id = $1 AND title = $2 AND id <> $3")
            .bind(account_id)
            .bind(title)
            .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}
