//! Teams and their members (`Team` model, `TeamsController`, `TeamMembersController`). Names are
//! lower-cased and unique per account; every change bumps the dashboard's "team" cache key.
//! Teams are audited as Enterprise's `Audit::Team` does (`audited`: create, update, destroy), and
//! memberships as `Audit::TeamMember`'s after_commit hooks do (create, destroy).

use crate::audit::{self, Action, Actor};
use crate::{cache_keys, AppError, Result};
use domain::{validate, ValidationErrors};
use serde_json::{json, Value};
use store::teams::{NewTeam, Team};
use store::users::User;
use store::{Db, Exec, Tx};

const NAME_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 10_000;

/// The permitted team params; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct TeamChanges {
    pub name: Option<String>,
    pub description: Option<Option<String>>,
    pub allow_auto_assign: Option<bool>,
}

fn apply(team: &mut Team, c: TeamChanges) {
    if let Some(name) = c.name {
        // `before_validation`: downcase when present.
        team.name = name.to_lowercase();
    }
    if let Some(description) = c.description {
        team.description = description;
    }
    if let Some(allow) = c.allow_auto_assign {
        team.allow_auto_assign = Some(allow);
    }
}

/// The audited attributes of a team: every column but the id and the timestamps.
fn audit_json(t: &Team) -> Value {
    json!({
        "name": t.name,
        "description": t.description,
        "allow_auto_assign": t.allow_auto_assign,
        "account_id": t.account_id,
    })
}

async fn record(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    before: Option<&Team>,
    after: Option<&Team>,
) -> Result<()> {
    let Some(team) = after.or(before) else {
        return Ok(());
    };
    let changes = audit::changes(
        action,
        before.map(audit_json).as_ref(),
        after.map(audit_json).as_ref(),
    );
    audit::record(tx, actor, team.account_id, "Team", team.id, action, changes).await
}

/// A membership row's entry: `attributes.except('updated_at', 'created_at')`.
async fn record_member(
    tx: &Tx,
    actor: &Actor,
    team: &Team,
    row_id: i64,
    user_id: i64,
    action: Action,
) -> Result<()> {
    let changes = json!({"id": row_id, "team_id": team.id, "user_id": user_id});
    audit::record(
        tx,
        actor,
        team.account_id,
        "TeamMember",
        row_id,
        action,
        changes,
    )
    .await
}

async fn validate(e: &impl Exec, team: &Team) -> Result<()> {
    let mut errors = ValidationErrors::new();
    if team.name.trim().is_empty() {
        errors.add("name", "must not be blank");
    } else if team.name.chars().count() > NAME_MAX {
        validate::max_length(&mut errors, "name", Some(&team.name), NAME_MAX);
    } else if store::teams::name_taken(e, team.account_id, &team.name, Some(team.id)).await? {
        errors.add("name", "has already been taken");
    }
    validate::max_length(
        &mut errors,
        "description",
        team.description.as_deref(),
        DESCRIPTION_MAX,
    );
    Ok(errors.into_result()?)
}

pub async fn create(db: &Db, actor: &Actor, account_id: i64, c: TeamChanges) -> Result<Team> {
    let now = domain::time::now();
    let mut team = Team {
        id: 0,
        name: String::new(),
        description: None,
        allow_auto_assign: Some(true),
        account_id,
        created_at: now,
        updated_at: now,
    };
    apply(&mut team, c);
    let tx = db.begin().await?;
    validate(&tx, &team).await?;
    let new = NewTeam {
        account_id,
        name: team.name,
        description: team.description,
        allow_auto_assign: team.allow_auto_assign.unwrap_or(true),
    };
    let team = store::teams::insert(&tx, &new, now).await?;
    record(&tx, actor, Action::Create, None, Some(&team)).await?;
    cache_keys::touch(&tx, account_id, "team").await?;
    tx.commit().await?;
    Ok(team)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    id: i64,
    c: TeamChanges,
) -> Result<Team> {
    let tx = db.begin().await?;
    let mut team = find(&tx, account_id, id).await?;
    let before = team.clone();
    apply(&mut team, c);
    validate(&tx, &team).await?;
    let team = store::teams::update(&tx, &team, domain::time::now()).await?;
    record(&tx, actor, Action::Update, Some(&before), Some(&team)).await?;
    cache_keys::touch(&tx, account_id, "team").await?;
    tx.commit().await?;
    Ok(team)
}

/// Deletes the team and its memberships. Upstream also nullifies `conversations.team_id`; the
/// conversations table's foreign key does that where it exists. The memberships leave no
/// entries: upstream removes them with `destroy_async`, when the team is gone and
/// `Audit::TeamMember` skips a member whose team is blank.
pub async fn destroy(db: &Db, actor: &Actor, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let team = find(&tx, account_id, id).await?;
    store::teams::delete(&tx, team.id).await?;
    record(&tx, actor, Action::Destroy, Some(&team), None).await?;
    cache_keys::touch(&tx, account_id, "team").await?;
    tx.commit().await?;
    Ok(())
}

async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Team> {
    store::teams::find(e, account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `validate_member_id_params`: every id must be a user of the account, else upstream answers
/// 401 "Invalid User IDs". `None` stands for an id that is not a number (Ruby's `to_i` gives 0).
async fn check_member_ids(tx: &Tx, account_id: i64, ids: &[Option<i64>]) -> Result<Vec<i64>> {
    let members = store::account_users::user_ids(tx, account_id).await?;
    let mut out: Vec<i64> = Vec::new();
    for id in ids {
        match id {
            Some(id) if members.contains(id) => {
                if !out.contains(id) {
                    out.push(*id);
                }
            }
            _ => return Err(AppError::Unauthorized("Invalid User IDs".to_string())),
        }
    }
    Ok(out)
}

/// Users by id, in the order of `ids`.
async fn users_in_order(e: &impl Exec, ids: &[i64]) -> Result<Vec<User>> {
    let users = store::users::list_by_ids(e, ids).await?;
    Ok(ids
        .iter()
        .filter_map(|id| users.iter().find(|u| u.id == *id).cloned())
        .collect())
}

/// The team's members, in the order they joined.
pub async fn members(db: &Db, account_id: i64, team_id: i64) -> Result<Vec<User>> {
    let team = find(db, account_id, team_id).await?;
    let ids = store::team_members::user_ids(db, team.id).await?;
    users_in_order(db, &ids).await
}

/// Loads the team first, so an unknown team is a 404 before anything else is checked.
pub async fn require_team(db: &Db, account_id: i64, team_id: i64) -> Result<Team> {
    find(db, account_id, team_id).await
}

/// `POST team_members`: adds the given users; answers the ones newly added.
pub async fn add_members(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    team_id: i64,
    ids: &[Option<i64>],
) -> Result<Vec<User>> {
    let tx = db.begin().await?;
    let team = find(&tx, account_id, team_id).await?;
    let ids = check_member_ids(&tx, account_id, ids).await?;
    let now = domain::time::now();
    let mut added = Vec::new();
    for id in ids {
        if let Some(row) = store::team_members::insert(&tx, team.id, id, now).await? {
            record_member(&tx, actor, &team, row, id, Action::Create).await?;
            added.push(id);
        }
    }
    cache_keys::touch(&tx, account_id, "team").await?;
    let users = users_in_order(&tx, &added).await?;
    tx.commit().await?;
    Ok(users)
}

/// `PATCH team_members`: makes the members exactly the given users; answers all members.
pub async fn replace_members(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    team_id: i64,
    ids: &[Option<i64>],
) -> Result<Vec<User>> {
    let tx = db.begin().await?;
    let team = find(&tx, account_id, team_id).await?;
    let wanted = check_member_ids(&tx, account_id, ids).await?;
    let current = store::team_members::user_ids(&tx, team.id).await?;
    let now = domain::time::now();
    for id in wanted.iter().filter(|id| !current.contains(id)) {
        if let Some(row) = store::team_members::insert(&tx, team.id, *id, now).await? {
            record_member(&tx, actor, &team, row, *id, Action::Create).await?;
        }
    }
    for id in current.iter().filter(|id| !wanted.contains(id)) {
        if let Some(row) = store::team_members::delete(&tx, team.id, *id).await? {
            record_member(&tx, actor, &team, row, *id, Action::Destroy).await?;
        }
    }
    cache_keys::touch(&tx, account_id, "team").await?;
    let ids = store::team_members::user_ids(&tx, team.id).await?;
    let users = users_in_order(&tx, &ids).await?;
    tx.commit().await?;
    Ok(users)
}

/// `DELETE team_members`: removes the given users from the team.
pub async fn remove_members(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    team_id: i64,
    ids: &[Option<i64>],
) -> Result<()> {
    let tx = db.begin().await?;
    let team = find(&tx, account_id, team_id).await?;
    let ids = check_member_ids(&tx, account_id, ids).await?;
    for id in ids {
        if let Some(row) = store::team_members::delete(&tx, team.id, id).await? {
            record_member(&tx, actor, &team, row, id, Action::Destroy).await?;
        }
    }
    cache_keys::touch(&tx, account_id, "team").await?;
    tx.commit().await?;
    Ok(())
}
