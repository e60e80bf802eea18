//! `teams`. Names are stored lower-case (Team `before_validation`), so the unique index on
//! (name, account_id) makes them unique per account regardless of case.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub allow_auto_assign: Option<bool>,
    pub account_id: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewTeam {
    pub account_id: i64,
    pub name: String,
    pub description: Option<String>,
    pub allow_auto_assign: bool,
}

const COLUMNS: &str =
    "id, name, description, allow_auto_assign, account_id, created_at, updated_at";

pub async fn insert(e: &impl Exec, new: &NewTeam, now: NaiveDateTime) -> Result<Team> {
    let q = Sql::new(format!(
        "INSERT INTO teams (name, description, allow_auto_assign, account_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
    ))
    .bind(&new.name)
    .bind(new.description.clone())
    .bind(new.allow_auto_assign)
    .bind(new.account_id)
    .bind(now);
    e.fetch_one(q).await
}

/// A team of the account (`Current.account.teams.find`).
pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<Team>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM teams WHERE account_id = $1 AND id = $2"
    ))
    .bind(account_id)
    .bind(id);
    e.fetch_optional(q).await
}

/// The account's teams, oldest first (upstream has no order; ids are creation order).
pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<Team>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM teams WHERE account_id = $1 ORDER BY id"
        ))
        .bind(account_id),
    )
    .await
}

/// Writes the editable columns of `team`.
pub async fn update(e: &impl Exec, team: &Team, now: NaiveDateTime) -> Result<Team> {
    let q = Sql::new(format!(
        "UPDATE teams SET name = $2, description = $3, allow_auto_assign = $4, updated_at = $5 \
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(team.id)
    .bind(&team.name)
    .bind(team.description.clone())
    .bind(team.allow_auto_assign)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM teams WHERE id = $1").bind(id))
        .await
}

/// True when another team of the account already has this (lower-cased) name.
pub async fn name_taken(
    e: &impl Exec,
    account_id: i64,
    name: &str,
    except_id: Option<i64>,
) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM teams WHERE account_id = $1 AND name = $2 AND id <> $3")
        .bind(account_id)
        .bind(name)
        .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// Ids of the account's teams `user_id` belongs to (the team view's `is_member`).
pub async fn ids_with_member(e: &impl Exec, account_id: i64, user_id: i64) -> Result<Vec<i64>> {
    let q = Sql::new(
        "SELECT t.id FROM teams t JOIN team_members tm ON tm.team_id = t.id \
         WHERE t.account_id = $1 AND tm.user_id = $2 ORDER BY t.id",
    )
    .bind(account_id)
    .bind(user_id);
    Ok(e.fetch_all::<(i64,)>(q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}
