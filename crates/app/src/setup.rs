//! The operator's commands: `switchboard setup` and `switchboard platform-app create`.

use crate::accounts::{add_member, create_account, create_user, NewAccountParams, NewUserParams};
use crate::tokens::secure_token;
use crate::{App, AppError, Result};
use domain::enums::Role;
use serde_json::json;
use store::access_tokens::{OWNER_PLATFORM_APP, OWNER_USER};

pub struct SetupOutcome {
    pub account_id: i64,
    pub user_id: i64,
    pub access_token: String,
}

/// Creates an account administered by the user with `email`, creating the user unless it exists
/// (then the password is not checked or changed: the operator already owns the machine).
pub async fn setup(
    app: &App,
    account_name: &str,
    email: &str,
    password: &str,
    name: Option<&str>,
) -> Result<SetupOutcome> {
    let tx = app.db.begin().await?;
    let user = match store::users::find_by_email(&tx, email).await? {
        Some(user) => user,
        None => {
            let params = NewUserParams {
                name: name
                    .map(str::to_string)
                    .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string()),
                display_name: None,
                email: email.to_string(),
                password: password.to_string(),
                confirmed: true,
                custom_attributes: json!({}),
            };
            create_user(&tx, &app.config, params).await?
        }
    };
    let account = create_account(&tx, NewAccountParams::named(account_name)).await?;
    add_member(&tx, account.id, user.id, Role::Administrator, None).await?;
    let access_token = match store::access_tokens::token_for(&tx, OWNER_USER, user.id).await? {
        Some(t) => t,
        None => {
            let t = secure_token();
            store::access_tokens::insert(&tx, OWNER_USER, user.id, &t, domain::time::now()).await?;
            t
        }
    };
    tx.commit().await?;
    Ok(SetupOutcome {
        account_id: account.id,
        user_id: user.id,
        access_token,
    })
}

pub struct PlatformAppOutcome {
    pub id: i64,
    pub name: String,
    pub access_token: String,
}

pub async fn create_platform_app(app: &App, name: &str) -> Result<PlatformAppOutcome> {
    if name.trim().is_empty() {
        return Err(AppError::Invalid(domain::ValidationErrors::single(
            "name",
            "can't be blank",
        )));
    }
    let tx = app.db.begin().await?;
    let now = domain::time::now();
    let pa = store::platform_apps::insert(&tx, name, now).await?;
    let token = secure_token();
    store::access_tokens::insert(&tx, OWNER_PLATFORM_APP, pa.id, &token, now).await?;
    tx.commit().await?;
    Ok(PlatformAppOutcome {
        id: pa.id,
        name: pa.name,
        access_token: token,
    })
}
