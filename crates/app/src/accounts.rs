//! Creating accounts and users (upstream `AccountBuilder`) and updating an account
//! (`Api::V1::AccountsController#update`).

use crate::audit::{self, Actor};
use crate::auth::hash_password;
use crate::tokens::secure_token;
use crate::{AppError, Config, Result};
use domain::enums::{default_feature_flags, AccountStatus, Role};
use domain::{validate, ValidationErrors};
use serde_json::{json, Map, Value};
use store::access_tokens::OWNER_USER;
use store::account_users::NewAccountUser;
use store::accounts::{Account, NewAccount};
use store::users::{NewUser, User};
use store::{Db, Exec, Json, Tx};

pub struct NewUserParams {
    pub name: String,
    pub display_name: Option<String>,
    pub email: String,
    pub password: String,
    /// Chatwoot sends a confirmation mail; users made by setup or the Platform API are confirmed.
    pub confirmed: bool,
    pub custom_attributes: Value,
}

/// Validates and inserts a user with its access token (User `AccessTokenable`).
pub async fn create_user(tx: &Tx, config: &Config, p: NewUserParams) -> Result<User> {
    let mut errors = ValidationErrors::new();
    validate::presence(&mut errors, "name", Some(&p.name));
    let email = p.email.trim().to_lowercase();
    if email.is_empty() {
        errors.add("email", "can't be blank");
    } else if !validate::is_email(&email) {
        errors.add("email", "is invalid");
    } else if store::users::email_taken(tx, &email, None).await? {
        errors.add("email", "has already been taken");
    }
    validate::max_length(&mut errors, "name", Some(&p.name), 255);
    validate::password(&mut errors, &p.password);
    errors.into_result()?;
    let now = domain::time::now();
    let new = NewUser {
        name: p.name,
        display_name: p.display_name,
        email,
        encrypted_password: hash_password(&p.password, config.bcrypt_cost).await?,
        pubsub_token: secure_token(),
        confirmed_at: p.confirmed.then_some(now),
        custom_attributes: p.custom_attributes,
    };
    let user = store::users::insert(tx, &new, now).await?;
    store::access_tokens::insert(tx, OWNER_USER, user.id, &secure_token(), now).await?;
    Ok(user)
}

pub struct NewAccountParams {
    pub name: String,
    pub locale: Option<String>,
    pub domain: Option<String>,
    pub support_email: Option<String>,
    pub status: Option<AccountStatus>,
    pub limits: Option<Value>,
    pub custom_attributes: Option<Value>,
}

impl NewAccountParams {
    pub fn named(name: impl Into<String>) -> Self {
        NewAccountParams {
            name: name.into(),
            locale: None,
            domain: None,
            support_email: None,
            status: None,
            limits: None,
            custom_attributes: None,
        }
    }
}

/// `Account.create!` with its validations and default features.
pub async fn create_account(tx: &Tx, p: NewAccountParams) -> Result<Account> {
    let mut errors = ValidationErrors::new();
    validate::presence(&mut errors, "name", Some(&p.name));
    validate::max_length(&mut errors, "name", Some(&p.name), 255);
    validate::max_length(&mut errors, "domain", p.domain.as_deref(), 100);
    validate::max_length(
        &mut errors,
        "support_email",
        p.support_email.as_deref(),
        100,
    );
    let locale = match p.locale.as_deref() {
        None | Some("") => 0,
        Some(code) => domain::enums::locale_index(code).unwrap_or_else(|| {
            errors.add("locale", "is not included in the list");
            0
        }),
    };
    errors.into_result()?;
    let new = NewAccount {
        name: p.name,
        locale,
        domain: p.domain,
        support_email: p.support_email,
        feature_flags: default_feature_flags(),
        status: p.status.unwrap_or(AccountStatus::Active).as_i32(),
        limits: p.limits.unwrap_or_else(|| json!({})),
        custom_attributes: p.custom_attributes.unwrap_or_else(|| json!({})),
        settings: json!({}),
    };
    Ok(store::accounts::insert(tx, &new, domain::time::now()).await?)
}

pub async fn add_member(
    tx: &Tx,
    account_id: i64,
    user_id: i64,
    role: Role,
    inviter_id: Option<i64>,
) -> Result<()> {
    let new = NewAccountUser {
        account_id,
        user_id,
        role: role.as_i32(),
        inviter_id,
    };
    store::account_users::insert(tx, &new, domain::time::now()).await?;
    Ok(())
}

pub struct SignupParams {
    pub account_name: Option<String>,
    pub user_full_name: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub locale: Option<String>,
}

fn signup_error(message: impl Into<String>) -> AppError {
    AppError::Custom {
        status: 403,
        message: message.into(),
    }
}

/// `POST /api/v1/accounts`: a new account with a new administrator, or, for a signed-in user,
/// a new account that user administers.
pub async fn signup(
    db: &Db,
    config: &Config,
    p: SignupParams,
    current: Option<User>,
) -> Result<(User, Account)> {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    // Upstream `ensure_account_name`: one of the two names must be given.
    if blank(&p.account_name) && blank(&p.user_full_name) {
        return Err(signup_error(
            "Invalid, please check the signup paramters and try again",
        ));
    }
    let tx = db.begin().await?;
    let user_params = match &current {
        Some(_) => None,
        None => {
            let email = p.email.clone().unwrap_or_default().trim().to_lowercase();
            if !validate::is_email(&email) {
                return Err(signup_error("You have entered an invalid email"));
            }
            if store::users::email_taken(&tx, &email, None).await? {
                return Err(signup_error(format!(
                    "You have already signed up for an account with {email}"
                )));
            }
            Some(NewUserParams {
                name: p.user_full_name.clone().unwrap_or_default(),
                display_name: None,
                email,
                password: p.password.clone().unwrap_or_default(),
                confirmed: false,
                custom_attributes: json!({}),
            })
        }
    };
    let mut params = NewAccountParams::named(p.account_name.clone().unwrap_or_default());
    params.locale = p.locale.clone();
    let account = create_account(&tx, params).await?;
    let user = match (current, user_params) {
        (Some(user), _) => user,
        (None, Some(up)) => match create_user(&tx, config, up).await {
            Ok(u) => u,
            // Upstream `UserErrors`: the messages joined by ',' in a 403 `{"message"}` body.
            Err(AppError::Invalid(v)) => {
                return Err(signup_error(v.full_message().replace(", ", ",")))
            }
            Err(other) => return Err(other),
        },
        (None, None) => unreachable!("a user is either signed in or described by the request"),
    };
    add_member(&tx, account.id, user.id, Role::Administrator, None).await?;
    tx.commit().await?;
    Ok((user, account))
}

/// The fields `PATCH /api/v1/accounts/:id` accepts, already typed.
#[derive(Debug, Default)]
pub struct AccountUpdate {
    pub name: Option<String>,
    pub locale: Option<String>,
    pub domain: Option<Option<String>>,
    pub support_email: Option<Option<String>>,
    /// `industry`, `company_size`, `timezone`: merged into `custom_attributes`.
    pub custom_attributes: Map<String, Value>,
    /// `auto_resolve_*`, `audio_transcriptions`: merged into `settings`.
    pub settings: Map<String, Value>,
}

/// Validates `settings` against upstream `SETTINGS_PARAMS_SCHEMA`.
fn validate_settings(errors: &mut ValidationErrors, settings: &Map<String, Value>) {
    let type_error = |errors: &mut ValidationErrors, key: &str, expected: &str| {
        errors.add("settings", &format!("{key} must be {expected}"));
    };
    for (key, value) in settings {
        match key.as_str() {
            "auto_resolve_after" => match value {
                Value::Null => {}
                Value::Number(n) if n.is_i64() => {
                    let v = n.as_i64().unwrap_or_default();
                    if !(10..=1_439_856).contains(&v) {
                        errors.add(
                            "settings",
                            "auto_resolve_after must be between 10 and 1439856",
                        );
                    }
                }
                _ => type_error(errors, key, "an integer or null"),
            },
            "auto_resolve_message" | "auto_resolve_label"
                if !(value.is_null() || value.is_string()) =>
            {
                type_error(errors, key, "a string or null")
            }
            "auto_resolve_ignore_waiting" | "audio_transcriptions"
                if !(value.is_null() || value.is_boolean()) =>
            {
                type_error(errors, key, "a boolean or null")
            }
            _ => {}
        }
    }
}

pub async fn update_account(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    u: AccountUpdate,
) -> Result<Account> {
    let tx = db.begin().await?;
    let mut account = store::accounts::find(&tx, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let before = audit_json(&account);
    let mut errors = ValidationErrors::new();
    if let Some(name) = u.name {
        validate::presence(&mut errors, "name", Some(&name));
        validate::max_length(&mut errors, "name", Some(&name), 255);
        account.name = name;
    }
    if let Some(code) = u.locale {
        match domain::enums::locale_index(&code) {
            Some(i) => account.locale = Some(i),
            None => errors.add("locale", "is not included in the list"),
        }
    }
    if let Some(domain_name) = u.domain {
        validate::max_length(&mut errors, "domain", domain_name.as_deref(), 100);
        account.domain = domain_name;
    }
    if let Some(email) = u.support_email {
        validate::max_length(&mut errors, "support_email", email.as_deref(), 100);
        account.support_email = email;
    }
    validate_settings(&mut errors, &u.settings);
    errors.into_result()?;
    let mut custom = object(account.custom_attributes.take());
    custom.extend(u.custom_attributes);
    // Upstream moves onboarding on once the account details are saved.
    if custom.get("onboarding_step").and_then(Value::as_str) == Some("account_update") {
        custom.insert("onboarding_step".into(), json!("invite_team"));
    }
    account.custom_attributes = Some(Json(Value::Object(custom)));
    let mut settings = object(account.settings.take());
    settings.extend(u.settings);
    account.settings = Some(Json(Value::Object(settings)));
    let account = store::accounts::update(&tx, &account, domain::time::now()).await?;
    let diff = audit::changes(
        audit::Action::Update,
        Some(&before),
        Some(&audit_json(&account)),
    );
    audit::record(
        &tx,
        actor,
        account.id,
        "Account",
        account.id,
        audit::Action::Update,
        diff,
    )
    .await?;
    tx.commit().await?;
    Ok(account)
}

/// The audited attributes of an account (the gem audits every column but `updated_at`).
pub(crate) fn audit_json(a: &Account) -> Value {
    json!({
        "name": a.name,
        "locale": a.locale,
        "domain": a.domain,
        "support_email": a.support_email,
        "feature_flags": a.feature_flags,
        "limits": a.limits.as_ref().map(|j| &j.0),
        "custom_attributes": a.custom_attributes.as_ref().map(|j| &j.0),
        "status": a.status,
        "settings": a.settings.as_ref().map(|j| &j.0),
    })
}

/// A JSON column as an object (NULL or a non-object reads as empty).
pub fn object(v: Option<Json<Value>>) -> Map<String, Value> {
    match v.map(|j| j.0) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Marks the member active now (`update_active_at`).
pub async fn touch_active_at(e: &impl Exec, account_id: i64, user_id: i64) -> Result<()> {
    let mut au = store::account_users::find(e, account_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    au.active_at = Some(domain::time::now());
    store::account_users::update(e, &au, domain::time::now()).await?;
    Ok(())
}
