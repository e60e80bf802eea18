//! `team_members`: which users belong to a team.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

/// User ids of the team's members, in the order they joined.
pub async fn user_ids(e: &impl Exec, team_id: i64) -> Result<Vec<i64>> {
    let q =
        Sql::new("SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY id").bind(team_id);
    Ok(e.fetch_all::<(i64,)>(q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}

/// Adds a member; a user already in the team is left as is. The new row's id when one was
/// added.
pub async fn insert(
    e: &impl Exec,
    team_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<Option<i64>> {
    let q = Sql::new(
        "INSERT INTO team_members (team_id, user_id, created_at, updated_at) VALUES ($1, $2, $3, $3) \
         ON CONFLICT (team_id, user_id) DO NOTHING RETURNING id",
    )
    .bind(team_id)
    .bind(user_id)
    .bind(now);
    Ok(e.fetch_optional::<(i64,)>(q).await?.map(|r| r.0))
}

/// Removes a member; the removed row's id, if there was one.
pub async fn delete(e: &impl Exec, team_id: i64, user_id: i64) -> Result<Option<i64>> {
    let q = Sql::new("DELETE FROM team_members WHERE team_id = $1 AND user_id = $2 RETURNING id")
        .bind(team_id)
        .bind(user_id);
    Ok(e.fetch_optional::<(i64,)>(q).await?.map(|r| r.0))
}

/// Removes the user from every team of the account (`Agents::DestroyJob#remove_user_from_teams`);
/// answers the removed rows as (id, team_id), for the audit trail.
pub async fn delete_for_user_in_account(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
) -> Result<Vec<(i64, i64)>> {
    let q = Sql::new(
        "DELETE FROM team_members WHERE user_id = $1 \
         AND team_id IN (SELECT id FROM teams WHERE account_id = $2) RETURNING id, team_id",
    )
    .bind(user_id)
    .bind(account_id);
    e.fetch_all(q).await
}
