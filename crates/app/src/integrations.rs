//! Integration apps and their hooks (`Integrations::App`, `Integrations::Hook`,
//! `Api::V1::Accounts::Integrations::{AppsController, HooksController}`).

use crate::tokens::secure_token;
use crate::{AppError, Result};
use domain::enums::enabled_features;
use domain::integration_apps::{self, HookStatus, HookType, IntegrationApp};
use domain::ValidationErrors;
use serde_json::{json, Value};
use store::accounts::Account;
use store::integrations_hooks::{Hook, NewHook};
use store::{Db, Exec};

/// Largest JSON object Switchboard keeps in a settings-like column (serialised bytes);
/// upstream has no limit, but nothing legitimate comes near it.
pub const JSON_SIZE_LIMIT: usize = 16 * 1024;

pub fn json_size_ok(v: &Value) -> bool {
    v.to_string().len() <= JSON_SIZE_LIMIT
}

/// An app as an account sees it: whether it is in use, and the account's hooks for it.
pub struct AppEntry {
    pub app: &'static IntegrationApp,
    pub enabled: bool,
    pub hooks: Vec<Hook>,
}

/// `Integrations::App#enabled?`: webhooks and dashboard apps count their own tables.
async fn entry(
    e: &impl Exec,
    account_id: i64,
    app: &'static IntegrationApp,
    all: &[Hook],
) -> Result<AppEntry> {
    let hooks: Vec<Hook> = all
        .iter()
        .filter(|h| h.app_id.as_deref() == Some(app.id()))
        .cloned()
        .collect();
    let enabled = match app.id() {
        "webhook" => store::webhooks::exists_for_account(e, account_id).await?,
        "dashboard_apps" => store::dashboard_apps::exists_for_account(e, account_id).await?,
        _ => !hooks.is_empty(),
    };
    Ok(AppEntry {
        app,
        enabled,
        hooks,
    })
}

/// `apps#index`: the apps active for the account.
pub async fn list_apps(db: &Db, account: &Account) -> Result<Vec<AppEntry>> {
    let features = enabled_features(account.feature_flags);
    let hooks = store::integrations_hooks::list(db, account.id).await?;
    let mut out = Vec::new();
    for app in integration_apps::all()
        .iter()
        .filter(|a| a.active(&features))
    {
        out.push(entry(db, account.id, app, &hooks).await?);
    }
    Ok(out)
}

/// `apps#show`: any known app, active or not.
pub async fn find_app(db: &Db, account: &Account, id: &str) -> Result<AppEntry> {
    let app = integration_apps::find(id).ok_or(AppError::NotFound)?;
    let hooks = store::integrations_hooks::list(db, account.id).await?;
    entry(db, account.id, app, &hooks).await
}

/// The permitted `hook` params.
#[derive(Debug, Default)]
pub struct HookParams {
    pub app_id: Option<String>,
    pub inbox_id: Option<i64>,
    pub status: Option<Value>,
    pub settings: Option<Value>,
}

fn status(errors: &mut ValidationErrors, value: Option<&Value>, current: HookStatus) -> HookStatus {
    match value {
        None => current,
        Some(v) => HookStatus::parse(v).unwrap_or_else(|| {
            errors.add("status", "is not included in the list");
            current
        }),
    }
}

/// `validate_settings_json_schema` ("Settings : Invalid settings data"); settings must be an
/// object, as `permit(settings: {})` keeps nothing else.
fn settings(errors: &mut ValidationErrors, app: &IntegrationApp, value: &Value) {
    if !value.is_object() || !app.settings_valid(value) {
        errors.add("settings", ": Invalid settings data");
    } else if !json_size_ok(value) {
        errors.add("settings", "is too large");
    }
}

/// `ensure_feature_enabled`.
fn feature(errors: &mut ValidationErrors, app: &IntegrationApp, account: &Account) {
    if let Some(flag) = app.feature_flag() {
        if !enabled_features(account.feature_flags).contains(&flag) {
            errors.add("feature_flag", "Feature not enabled");
        }
    }
}

async fn uniqueness(
    e: &impl Exec,
    errors: &mut ValidationErrors,
    app: &IntegrationApp,
    account_id: i64,
    except: Option<i64>,
) -> Result<()> {
    if !app.allow_multiple_hooks()
        && store::integrations_hooks::app_taken(e, account_id, app.id(), except).await?
    {
        errors.add("app_id", "has already been taken");
    }
    Ok(())
}

async fn reload(e: &impl Exec, account_id: i64, id: i64) -> Result<Hook> {
    store::integrations_hooks::find(e, account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// `Current.account.hooks.create!`. Switchboard refuses app ids apps.yml does not know
/// (upstream would store them) and inboxes of other accounts.
pub async fn create_hook(db: &Db, account: &Account, p: HookParams) -> Result<Hook> {
    let tx = db.begin().await?;
    let mut errors = ValidationErrors::new();
    let app_id = p.app_id.as_deref().map(str::trim).unwrap_or("");
    let app = integration_apps::find(app_id);
    if app_id.is_empty() {
        errors.add("app_id", "can't be blank");
    } else if app.is_none() {
        errors.add("app_id", "is not included in the list");
    }
    let hook_type = app.map(|a| a.hook_type()).unwrap_or(HookType::Account);
    match p.inbox_id {
        None if hook_type == HookType::Inbox => errors.add("inbox_id", "can't be blank"),
        Some(inbox_id) if !store::webhooks::inbox_in_account(&tx, account.id, inbox_id).await? => {
            errors.add("inbox", "must exist")
        }
        _ => {}
    }
    let settings_value = p.settings.clone().unwrap_or_else(|| json!({}));
    if let Some(app) = app {
        settings(&mut errors, app, &settings_value);
        feature(&mut errors, app, account);
        uniqueness(&tx, &mut errors, app, account.id, None).await?;
    }
    let status = status(&mut errors, p.status.as_ref(), HookStatus::Enabled);
    errors.into_result()?;
    let new = NewHook {
        account_id: account.id,
        app_id: app_id.to_string(),
        inbox_id: p.inbox_id,
        hook_type: hook_type.as_i32(),
        status: status.as_i32(),
        settings: settings_value,
        access_token: secure_token(),
    };
    let id = store::integrations_hooks::insert(&tx, &new, domain::time::now()).await?;
    let hook = reload(&tx, account.id, id).await?;
    tx.commit().await?;
    Ok(hook)
}

/// `update!(status:, settings:)`; the model's validations run again.
pub async fn update_hook(db: &Db, account: &Account, id: i64, p: HookParams) -> Result<Hook> {
    let tx = db.begin().await?;
    let hook = reload(&tx, account.id, id).await?;
    let mut errors = ValidationErrors::new();
    let current = if hook.status == Some(HookStatus::Disabled.as_i32()) {
        HookStatus::Disabled
    } else {
        HookStatus::Enabled
    };
    let status = status(&mut errors, p.status.as_ref(), current);
    let settings_value = match p.settings {
        Some(v) => v,
        None => hook
            .settings
            .clone()
            .map(|j| j.0)
            .unwrap_or_else(|| json!({})),
    };
    if let Some(app) = hook.app_id.as_deref().and_then(integration_apps::find) {
        settings(&mut errors, app, &settings_value);
        feature(&mut errors, app, account);
        uniqueness(&tx, &mut errors, app, account.id, Some(id)).await?;
    } else if !settings_value.is_object() || !json_size_ok(&settings_value) {
        errors.add("settings", ": Invalid settings data");
    }
    errors.into_result()?;
    store::integrations_hooks::update(
        &tx,
        id,
        status.as_i32(),
        &settings_value,
        domain::time::now(),
    )
    .await?;
    let hook = reload(&tx, account.id, id).await?;
    tx.commit().await?;
    Ok(hook)
}

pub async fn destroy_hook(db: &Db, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    if store::integrations_hooks::delete(&tx, account_id, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
