//! Agents: an account's users (`AgentsController`, `AgentBuilder`, `Agents::DestroyJob`).
//! Memberships are audited as Enterprise's `Audit::AccountUser` does (`on: [:create, :update]`,
//! only availability, role, account_id, inviter_id and user_id).

use crate::accounts::{create_user, object, NewUserParams};
use crate::audit::{self, Action, Actor};
use crate::tokens::secure_token;
use crate::{AppError, Config, Result};
use domain::enums::{Availability, Role};
use domain::{validate, ValidationErrors};
use serde_json::{json, Value};
use store::account_users::{AccountUser, NewAccountUser};
use store::accounts::Account;
use store::users::User;
use store::{Db, Json, Tx};

const NAME_MAX: usize = 255;
/// `ChatwootApp.max_limit`: the limit when none is configured.
const MAX_LIMIT: i64 = 100_000;
pub const LIMIT_EXCEEDED: &str = "Account limit exceeded. Please purchase more licenses";

/// A number given as a JSON number or a numeric string (Ruby's `to_i`).
fn json_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `usage_limits[:agents]` as the enterprise edition computes it: the subscribed quantity, else
/// `limits.agents`, else unlimited.
pub fn agent_limit(account: &Account) -> i64 {
    let custom = object(account.custom_attributes.clone());
    let limits = object(account.limits.clone());
    custom
        .get("subscribed_quantity")
        .and_then(json_int)
        .or_else(|| limits.get("agents").and_then(json_int))
        .unwrap_or(MAX_LIMIT)
}

/// 402 unless `wanted` more agents fit under the account's limit (`validate_limit`).
async fn ensure_capacity(tx: &Tx, account: &Account, wanted: i64) -> Result<()> {
    let members = store::account_users::count_for_account(tx, account.id).await?;
    let available = agent_limit(account) - members;
    if available <= 0 || wanted > available {
        return Err(AppError::Custom {
            status: 402,
            message: LIMIT_EXCEEDED.to_string(),
        });
    }
    Ok(())
}

/// The audited attributes of a membership (`audited only: [...]`), enums as stored integers.
pub(crate) fn audit_json(au: &AccountUser) -> Value {
    json!({
        "availability": au.availability,
        "role": au.role,
        "account_id": au.account_id,
        "inviter_id": au.inviter_id,
        "user_id": au.user_id,
    })
}

/// Records a membership change; an update that touches none of the audited attributes (say
/// `auto_offline` alone) leaves no entry, as with the gem's `only:`.
pub(crate) async fn record(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    before: Option<&AccountUser>,
    after: Option<&AccountUser>,
) -> Result<()> {
    let Some(au) = after.or(before) else {
        return Ok(());
    };
    let changes = audit::changes(
        action,
        before.map(audit_json).as_ref(),
        after.map(audit_json).as_ref(),
    );
    audit::record(
        tx,
        actor,
        au.account_id,
        "AccountUser",
        au.id,
        action,
        changes,
    )
    .await
}

/// Ends a membership as `AccountUser#destroy!` and its `Agents::DestroyJob` do: the user leaves
/// the account's teams and inboxes (each removal audited, as upstream's `TeamMember` and
/// `InboxMember` after_commit hooks are when the job destroys them), then the membership goes.
/// Upstream's job runs with no current user, so its seat entries name nobody; here they name the
/// caller who removed the agent.
/// Auditing the membership's destroy is a Switchboard extension: upstream audits AccountUser
/// only on create and update, which leaves removals out of the trail.
pub(crate) async fn end_membership(tx: &Tx, actor: &Actor, au: &AccountUser) -> Result<()> {
    let (account_id, user_id) = (au.account_id, au.user_id);
    for (id, team_id) in
        store::team_members::delete_for_user_in_account(tx, account_id, user_id).await?
    {
        let changes = json!({"id": id, "team_id": team_id, "user_id": user_id});
        audit::record(
            tx,
            actor,
            account_id,
            "TeamMember",
            id,
            Action::Destroy,
            changes,
        )
        .await?;
    }
    for (id, inbox_id) in
        store::account_users::delete_inbox_memberships(tx, account_id, user_id).await?
    {
        let changes = json!({"id": id, "user_id": user_id, "inbox_id": inbox_id});
        audit::record(
            tx,
            actor,
            account_id,
            "InboxMember",
            id,
            Action::Destroy,
            changes,
        )
        .await?;
    }
    store::account_users::delete(tx, account_id, user_id).await?;
    record(tx, actor, Action::Destroy, Some(au), None).await
}

/// What `AgentBuilder` is given. Absent role, availability and auto_offline take the columns'
/// defaults (agent, online, true) as the controller passes them as nil.
#[derive(Debug, Default)]
pub struct NewAgent {
    pub email: String,
    pub name: String,
    pub role: Option<Role>,
    pub availability: Option<Availability>,
    pub auto_offline: Option<bool>,
}

/// `AgentBuilder#perform`: finds the user by email or creates one (unconfirmed, with a random
/// password; no mail is sent), then adds the membership.
async fn build(
    tx: &Tx,
    config: &Config,
    actor: &Actor,
    account_id: i64,
    inviter_id: i64,
    a: NewAgent,
) -> Result<(User, AccountUser)> {
    let email = a.email.trim().to_lowercase();
    let user = match store::users::find_by_email(tx, &email).await? {
        Some(user) => user,
        None => {
            let mut errors = ValidationErrors::new();
            validate::max_length(&mut errors, "email", Some(&email), NAME_MAX);
            validate::max_length(&mut errors, "name", Some(&a.name), NAME_MAX);
            errors.into_result()?;
            let params = NewUserParams {
                name: a.name,
                display_name: None,
                email,
                // `temp_password`: meets the complexity rules, known to no one.
                password: format!("1!aA{}", &secure_token()[..12]),
                confirmed: false,
                custom_attributes: json!({}),
            };
            create_user(tx, config, params).await?
        }
    };
    if store::account_users::find(tx, account_id, user.id)
        .await?
        .is_some()
    {
        return Err(ValidationErrors::single("user_id", "has already been taken").into());
    }
    let new = NewAccountUser {
        account_id,
        user_id: user.id,
        role: a.role.unwrap_or(Role::Agent).as_i32(),
        inviter_id: Some(inviter_id),
    };
    let now = domain::time::now();
    let mut au = store::account_users::insert(tx, &new, now).await?;
    if a.availability.is_some() || a.auto_offline.is_some() {
        if let Some(availability) = a.availability {
            au.availability = availability.as_i32();
        }
        if let Some(auto_offline) = a.auto_offline {
            au.auto_offline = auto_offline;
        }
        au = store::account_users::update(tx, &au, now).await?;
    }
    // Upstream creates the row with every attribute at once: one `create` entry.
    record(tx, actor, Action::Create, None, Some(&au)).await?;
    Ok((user, au))
}

pub async fn create(
    db: &Db,
    config: &Config,
    actor: &Actor,
    account: &Account,
    inviter_id: i64,
    a: NewAgent,
) -> Result<(User, AccountUser)> {
    let tx = db.begin().await?;
    ensure_capacity(&tx, account, 1).await?;
    let out = build(&tx, config, actor, account.id, inviter_id, a).await?;
    tx.commit().await?;
    Ok(out)
}

/// `bulk_create`: an agent per email (named after the address), skipping invalid emails and
/// existing members; then the account's onboarding is over (an audited Account update when
/// `onboarding_step` was there to remove).
pub async fn bulk_create(
    db: &Db,
    config: &Config,
    actor: &Actor,
    account: &Account,
    inviter_id: i64,
    emails: &[String],
) -> Result<()> {
    let tx = db.begin().await?;
    ensure_capacity(&tx, account, emails.len() as i64).await?;
    for email in emails {
        let a = NewAgent {
            email: email.clone(),
            name: email.split('@').next().unwrap_or_default().to_string(),
            // AgentBuilder's own defaults, as bulk_create passes none.
            role: Some(Role::Agent),
            availability: Some(Availability::Offline),
            auto_offline: Some(false),
        };
        match build(&tx, config, actor, account.id, inviter_id, a).await {
            Ok(_) | Err(AppError::Invalid(_)) => {}
            Err(other) => return Err(other),
        }
    }
    let mut account = store::accounts::find(&tx, account.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = crate::accounts::audit_json(&account);
    let mut custom = object(account.custom_attributes.take());
    custom.remove("onboarding_step");
    account.custom_attributes = Some(Json(Value::Object(custom)));
    let account = store::accounts::update(&tx, &account, domain::time::now()).await?;
    let after = crate::accounts::audit_json(&account);
    let changes = audit::changes(Action::Update, Some(&before), Some(&after));
    audit::record(
        &tx,
        actor,
        account.id,
        "Account",
        account.id,
        Action::Update,
        changes,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The fields `PATCH /agents/:id` changes; `None` leaves one as it is.
#[derive(Debug, Default)]
pub struct AgentChanges {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub availability: Option<Availability>,
    pub auto_offline: Option<bool>,
}

/// The account's user `user_id` with its membership, or NotFound.
pub async fn find(
    e: &impl store::Exec,
    account_id: i64,
    user_id: i64,
) -> Result<(User, AccountUser)> {
    let au = store::account_users::find(e, account_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = store::users::find(e, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((user, au))
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    user_id: i64,
    c: AgentChanges,
) -> Result<(User, AccountUser)> {
    let tx = db.begin().await?;
    let (mut user, mut au) = find(&tx, account_id, user_id).await?;
    let before = au.clone();
    let now = domain::time::now();
    if let Some(name) = c.name {
        let mut errors = ValidationErrors::new();
        validate::presence(&mut errors, "name", Some(&name));
        validate::max_length(&mut errors, "name", Some(&name), NAME_MAX);
        errors.into_result()?;
        user.name = name;
        user = store::users::update(&tx, &user, now).await?;
    }
    if let Some(role) = c.role {
        au.role = role.as_i32();
    }
    if let Some(availability) = c.availability {
        au.availability = availability.as_i32();
    }
    if let Some(auto_offline) = c.auto_offline {
        au.auto_offline = auto_offline;
    }
    let au = store::account_users::update(&tx, &au, now).await?;
    record(&tx, actor, Action::Update, Some(&before), Some(&au)).await?;
    tx.commit().await?;
    Ok((user, au))
}

/// Removes the user from the account, its teams and inboxes (`Agents::DestroyJob`); a user left
/// in no account is deleted, as upstream's `DeleteObjectJob` does. Conversations assigned to
/// the user are unassigned by the conversations table's foreign key where it exists.
pub async fn destroy(db: &Db, actor: &Actor, account_id: i64, user_id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let (user, au) = find(&tx, account_id, user_id).await?;
    end_membership(&tx, actor, &au).await?;
    if store::account_users::memberships(&tx, user.id)
        .await?
        .is_empty()
    {
        store::access_tokens::delete_for(&tx, store::access_tokens::OWNER_USER, user.id).await?;
        store::users::delete(&tx, user.id).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(limits: Value, custom: Value) -> Account {
        let now = domain::time::now();
        Account {
            id: 1,
            name: "Acme".into(),
            locale: Some(0),
            domain: None,
            support_email: None,
            feature_flags: 0,
            limits: Some(Json(limits)),
            custom_attributes: Some(Json(custom)),
            status: Some(0),
            settings: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn agent_limit_prefers_subscribed_quantity_then_limits() {
        assert_eq!(agent_limit(&account(json!({}), json!({}))), MAX_LIMIT);
        assert_eq!(agent_limit(&account(json!({"agents": 4}), json!({}))), 4);
        assert_eq!(agent_limit(&account(json!({"agents": "7"}), json!({}))), 7);
        assert_eq!(
            agent_limit(&account(
                json!({"agents": 4}),
                json!({"subscribed_quantity": 9})
            )),
            9
        );
        assert_eq!(
            agent_limit(&account(
                json!({"agents": null}),
                json!({"subscribed_quantity": "x"})
            )),
            MAX_LIMIT
        );
    }
}
