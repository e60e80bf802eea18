//! `canned_responses`.

use crate::dialect::like_escape;
use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CannedResponse {
    pub id: i64,
    pub account_id: i64,
    pub short_code: Option<String>,
    pub content: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str = "id, account_id, short_code, content, created_at, updated_at";

pub async fn insert(
    e: &impl Exec,
    account_id: i64,
    short_code: &str,
    content: &str,
    now: NaiveDateTime,
) -> Result<CannedResponse> {
    let q = Sql::new(format!(
        "INSERT INTO canned_responses (account_id, short_code, content, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING {COLUMNS}"
    ))
    .bind(account_id)
    .bind(short_code)
    .bind(content)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<CannedResponse>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM canned_responses WHERE account_id = $1 AND id = $2"
    ))
    .bind(account_id)
    .bind(id);
    e.fetch_optional(q).await
}

pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<CannedResponse>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM canned_responses WHERE account_id = $1 ORDER BY id"
        ))
        .bind(account_id),
    )
    .await
}

/// Responses whose short code or content contains `term` (case-insensitive), ranked as
/// CannedResponse's `order_by_search`: short code starting with the term, then containing it,
/// then content containing it.
pub async fn search(e: &impl Exec, account_id: i64, term: &str) -> Result<Vec<CannedResponse>> {
    let like = e.backend().ilike();
    let escaped = like_escape(term);
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM canned_responses WHERE account_id = "
    ));
    let account = q.arg(account_id);
    let contains = q.arg(format!("%{escaped}%"));
    let prefix = q.arg(format!("{escaped}%"));
    q.push(&format!(
        "{account} AND (short_code {like} {contains} ESCAPE '\\' OR content {like} {contains} ESCAPE '\\') \
         ORDER BY CASE WHEN short_code {like} {prefix} ESCAPE '\\' THEN 3 \
         WHEN short_code {like} {contains} ESCAPE '\\' THEN 2 \
         WHEN content {like} {contains} ESCAPE '\\' THEN 1 ELSE 0 END DESC, id"
    ));
    e.fetch_all(q).await
}

pub async fn update(
    e: &impl Exec,
    cr: &CannedResponse,
    now: NaiveDateTime,
) -> Result<CannedResponse> {
    let q = Sql::new(format!(
        "UPDATE canned_responses SET short_code = $2, content = $3, updated_at = $4 WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(cr.id)
    .bind(cr.short_code.clone())
    .bind(cr.content.clone())
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM canned_responses WHERE id = $1").bind(id))
        .await
}

/// Rails' `uniqueness: { scope: :account_id }` on short_code (case-sensitive).
pub async fn short_code_taken(
    e: &impl Exec,
    account_id: i64,
    short_code: &str,
    except_id: Option<i64>,
) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM canned_responses WHERE account_id = $1 AND short_code = $2 AND id <> $3",
    )
    .bind(account_id)
    .bind(short_code)
    .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}
