//! `Platform::Api::V1::AccountsController` and `AccountUsersController`. Membership changes are
//! audited (`Audit::AccountUser`) with the platform app as the actor, and so are account updates
//! (`Audit::Account`, `on: [:update]`), which upstream audits whatever the controller.

use super::{present, ACCOUNT, AGENT_BOT};
use crate::accounts::{create_account, NewAccountParams};
use crate::audit::{self, Action, Actor};
use crate::{AppError, Result};
use domain::enums::{feature_bit, locale_index, AccountStatus, Role};
use domain::{validate, ValidationErrors};
use serde_json::{Map, Value};
use store::access_tokens::OWNER_AGENT_BOT;
use store::account_users::{AccountUserRecord, NewAccountUser};
use store::accounts::Account;
use store::{Db, Json};

/// The permitted account params (`name, locale, domain, support_email, status, features{},
/// limits{}, custom_attributes{}`); `None` when the request left the key out.
#[derive(Debug, Default)]
pub struct AccountInput {
    pub name: Option<String>,
    pub locale: Option<String>,
    pub domain: Option<Option<String>>,
    pub support_email: Option<Option<String>>,
    pub status: Option<String>,
    pub features: Option<Map<String, Value>>,
    pub limits: Option<Map<String, Value>>,
    pub custom_attributes: Option<Map<String, Value>>,
}

/// Enterprise `validate_limit_keys`: only these keys, each a number.
const LIMIT_KEYS: [&str; 4] = [
    "inboxes",
    "agents",
    "captain_responses",
    "captain_documents",
];

fn validate_input(errors: &mut ValidationErrors, input: &AccountInput) -> Option<AccountStatus> {
    if let Some(limits) = &input.limits {
        let valid = limits
            .iter()
            .all(|(k, v)| LIMIT_KEYS.contains(&k.as_str()) && v.is_number());
        if !valid {
            errors.add("limits", ": Invalid data");
        }
    }
    if let Some(features) = &input.features {
        // Upstream calls `feature_<name>=`, which raises for an unknown name.
        for name in features.keys().filter(|k| feature_bit(k).is_none()) {
            errors.add("features", &format!("{name} is not a valid feature"));
        }
    }
    match input.status.as_deref() {
        None => None,
        Some(s) => AccountStatus::parse(s).or_else(|| {
            errors.add("status", "is not included in the list");
            None
        }),
    }
}

/// `update_resource_features`: a present value enables the feature, anything else disables it.
fn apply_features(flags: i64, features: Option<&Map<String, Value>>) -> i64 {
    features
        .into_iter()
        .flatten()
        .fold(flags, |acc, (name, on)| match feature_bit(name) {
            Some(bit) if present(on) => acc | bit,
            Some(bit) => acc & !bit,
            None => acc,
        })
}

/// The Account entry of an update (`audited except: :updated_at`); none when nothing changed.
async fn record_update(
    tx: &store::Tx,
    actor: &Actor,
    before: &Account,
    after: &Account,
) -> Result<()> {
    let (old, new) = (
        crate::accounts::audit_json(before),
        crate::accounts::audit_json(after),
    );
    let changes = audit::changes(Action::Update, Some(&old), Some(&new));
    audit::record(
        tx,
        actor,
        after.id,
        "Account",
        after.id,
        Action::Update,
        changes,
    )
    .await
}

/// `POST /platform/api/v1/accounts`: the account, its features, and the app's grant on it.
/// Creating an account is not audited upstream; the feature toggles are saved afterwards, as an
/// audited update.
pub async fn create(db: &Db, actor: &Actor, app_id: i64, input: AccountInput) -> Result<Account> {
    let mut errors = ValidationErrors::new();
    let status = validate_input(&mut errors, &input);
    errors.into_result()?;
    let tx = db.begin().await?;
    // A missing name reaches `create_account` as "", which it refuses ("Name can't be blank").
    let params = NewAccountParams {
        name: input.name.clone().unwrap_or_default(),
        locale: input.locale.clone(),
        domain: input.domain.clone().flatten(),
        support_email: input.support_email.clone().flatten(),
        status,
        limits: input.limits.clone().map(Value::Object),
        custom_attributes: input.custom_attributes.clone().map(Value::Object),
    };
    let mut account = create_account(&tx, params).await?;
    let flags = apply_features(account.feature_flags, input.features.as_ref());
    if flags != account.feature_flags {
        let before = account.clone();
        account.feature_flags = flags;
        account = store::accounts::update(&tx, &account, domain::time::now()).await?;
        record_update(&tx, actor, &before, &account).await?;
    }
    let now = domain::time::now();
    store::platform_apps::permit(&tx, app_id, ACCOUNT, account.id, now).await?;
    tx.commit().await?;
    Ok(account)
}

/// `PATCH /platform/api/v1/accounts/:id`: `assign_attributes` (JSON columns are replaced, not
/// merged) and the feature toggles.
pub async fn update(db: &Db, actor: &Actor, id: i64, input: AccountInput) -> Result<Account> {
    let mut errors = ValidationErrors::new();
    let status = validate_input(&mut errors, &input);
    let tx = db.begin().await?;
    let mut account = store::accounts::find(&tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = account.clone();
    if let Some(name) = input.name {
        validate::presence(&mut errors, "name", Some(&name));
        validate::max_length(&mut errors, "name", Some(&name), 255);
        account.name = name;
    }
    if let Some(code) = input.locale.as_deref() {
        match locale_index(code) {
            Some(i) => account.locale = Some(i),
            None => errors.add("locale", "is not included in the list"),
        }
    }
    if let Some(domain_name) = input.domain {
        validate::max_length(&mut errors, "domain", domain_name.as_deref(), 100);
        account.domain = domain_name;
    }
    if let Some(email) = input.support_email {
        validate::max_length(&mut errors, "support_email", email.as_deref(), 100);
        account.support_email = email;
    }
    errors.into_result()?;
    if let Some(status) = status {
        account.status = Some(status.as_i32());
    }
    if let Some(limits) = input.limits {
        account.limits = Some(Json(Value::Object(limits)));
    }
    if let Some(custom) = input.custom_attributes {
        account.custom_attributes = Some(Json(Value::Object(custom)));
    }
    account.feature_flags = apply_features(account.feature_flags, input.features.as_ref());
    let account = store::accounts::update(&tx, &account, domain::time::now()).await?;
    record_update(&tx, actor, &before, &account).await?;
    tx.commit().await?;
    Ok(account)
}

/// `DELETE /platform/api/v1/accounts/:id` (upstream's `DeleteObjectJob`, run at once). Rows
/// that reference the account cascade; polymorphic rows (tokens, grants) are removed here.
pub async fn destroy(db: &Db, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    for bot_id in store::platform_agent_bots::ids_for_account(&tx, id).await? {
        store::access_tokens::delete_for(&tx, OWNER_AGENT_BOT, bot_id).await?;
        store::platform_apps::forget(&tx, AGENT_BOT, bot_id).await?;
    }
    store::platform_apps::forget(&tx, ACCOUNT, id).await?;
    if store::accounts::delete(&tx, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// `POST .../account_users`: `find_or_initialize_by(user_id).update!(user_id, role)`. The user
/// need not be the app's; it must exist ("User must exist").
pub async fn upsert_member(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    user_id: Option<i64>,
    role: Option<Role>,
) -> Result<AccountUserRecord> {
    let tx = db.begin().await?;
    let user = match user_id {
        Some(id) => store::users::find(&tx, id).await?,
        None => None,
    };
    let Some(user) = user else {
        return Err(ValidationErrors::single("user", "must exist").into());
    };
    let now = domain::time::now();
    match store::account_users::find(&tx, account_id, user.id).await? {
        Some(mut au) => {
            if let Some(role) = role {
                let before = au.clone();
                au.role = role.as_i32();
                let au = store::account_users::update(&tx, &au, now).await?;
                crate::agents::record(&tx, actor, Action::Update, Some(&before), Some(&au)).await?;
            }
        }
        None => {
            let new = NewAccountUser {
                account_id,
                user_id: user.id,
                role: role.unwrap_or(Role::Agent).as_i32(),
                inviter_id: None,
            };
            let au = store::account_users::insert(&tx, &new, now).await?;
            crate::agents::record(&tx, actor, Action::Create, None, Some(&au)).await?;
        }
    }
    let record = store::account_users::find_record(&tx, account_id, user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(record)
}

/// `DELETE .../account_users`: ends the membership if there is one (always 200 upstream), and
/// takes the user out of the account's teams and inboxes as `Agents::DestroyJob` does.
pub async fn remove_member(db: &Db, actor: &Actor, account_id: i64, user_id: i64) -> Result<()> {
    let tx = db.begin().await?;
    if let Some(au) = store::account_users::find(&tx, account_id, user_id).await? {
        crate::agents::end_membership(&tx, actor, &au).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn features_follow_present_values() {
        let help = feature_bit("help_center").unwrap();
        let sla = feature_bit("sla").unwrap();
        let mut f = Map::new();
        f.insert("help_center".into(), json!(false));
        f.insert("sla".into(), json!(true));
        assert_eq!(apply_features(help, Some(&f)), sla);
        assert_eq!(apply_features(help, None), help);
    }

    #[test]
    fn limits_take_known_numeric_keys_only() {
        let mut e = ValidationErrors::new();
        let input = AccountInput {
            limits: Some(
                json!({"agents": 5, "inboxes": "x"})
                    .as_object()
                    .unwrap()
                    .clone(),
            ),
            ..Default::default()
        };
        validate_input(&mut e, &input);
        assert_eq!(e.full_message(), "Limits : Invalid data");
    }
}
