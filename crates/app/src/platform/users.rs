//! `Platform::Api::V1::UsersController`: users made or claimed by a platform app, their SSO
//! links and access tokens.

use super::USER;
use crate::accounts::{create_user, NewUserParams};
use crate::auth::hash_password;
use crate::tokens::secure_token;
use crate::{AppError, Config, Result};
use domain::{validate, ValidationErrors};
use serde_json::{Map, Value};
use store::access_tokens::OWNER_USER;
use store::users::User;
use store::{Db, Json};

/// The permitted params (`name, display_name, email, password, custom_attributes{}`).
#[derive(Debug, Default)]
pub struct UserInput {
    pub name: Option<String>,
    pub display_name: Option<Option<String>>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub custom_attributes: Option<Map<String, Value>>,
}

const NAME_MAX: usize = 255;

/// Devise checks a blank password for presence only; `create_user` runs the content rules.
fn blank_password_errors(v: ValidationErrors) -> ValidationErrors {
    let mut out = ValidationErrors::new();
    let mut reported = false;
    for e in v.errors() {
        if e.attribute != "password" {
            out.add(&e.attribute, &e.message);
        } else if !reported {
            out.add("password", "can't be blank");
            reported = true;
        }
    }
    out
}

/// `POST /platform/api/v1/users`: `User.from_email(email) || User.new(params)`, confirmed, and
/// granted to the app. An existing user is returned as it is (the params are not applied).
pub async fn create(db: &Db, config: &Config, app_id: i64, input: UserInput) -> Result<User> {
    let tx = db.begin().await?;
    let now = domain::time::now();
    let existing = match input.email.as_deref() {
        Some(email) if !email.trim().is_empty() => store::users::find_by_email(&tx, email).await?,
        _ => None,
    };
    let user = match existing {
        Some(mut user) => {
            if user.confirmed_at.is_none() {
                user.confirmed_at = Some(now);
                user = store::users::update(&tx, &user, now).await?;
            }
            user
        }
        None => {
            let mut errors = ValidationErrors::new();
            validate::max_length(
                &mut errors,
                "display_name",
                input.display_name.clone().flatten().as_deref(),
                NAME_MAX,
            );
            errors.into_result()?;
            let password = input.password.unwrap_or_default();
            let params = NewUserParams {
                name: input.name.unwrap_or_default(),
                display_name: input.display_name.flatten(),
                email: input.email.unwrap_or_default(),
                password: password.clone(),
                confirmed: true,
                custom_attributes: Value::Object(input.custom_attributes.unwrap_or_default()),
            };
            match create_user(&tx, config, params).await {
                Ok(user) => user,
                Err(AppError::Invalid(v)) if password.is_empty() => {
                    return Err(AppError::Invalid(blank_password_errors(v)))
                }
                Err(e) => return Err(e),
            }
        }
    };
    store::platform_apps::permit(&tx, app_id, USER, user.id, now).await?;
    tx.commit().await?;
    Ok(user)
}

/// `PATCH /platform/api/v1/users/:id`: the fields given, `custom_attributes` merged into the
/// stored ones, a new email taken at once (no reconfirmation).
pub async fn update(db: &Db, config: &Config, id: i64, input: UserInput) -> Result<User> {
    let tx = db.begin().await?;
    let mut user = store::users::find(&tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    if let Some(name) = input.name {
        validate::presence(&mut errors, "name", Some(&name));
        validate::max_length(&mut errors, "name", Some(&name), NAME_MAX);
        user.name = name;
    }
    if let Some(display_name) = input.display_name {
        validate::max_length(
            &mut errors,
            "display_name",
            display_name.as_deref(),
            NAME_MAX,
        );
        user.display_name = display_name;
    }
    if let Some(email) = input.email {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            errors.add("email", "can't be blank");
        } else if !validate::is_email(&email) {
            errors.add("email", "is invalid");
        } else if store::users::email_taken(&tx, &email, Some(user.id)).await? {
            errors.add("email", "has already been taken");
        }
        user.email = Some(email);
    }
    if let Some(password) = &input.password {
        if password.is_empty() {
            errors.add("password", "can't be blank");
        } else {
            validate::password(&mut errors, password);
        }
    }
    errors.into_result()?;
    if let Some(password) = input.password {
        user.encrypted_password = hash_password(&password, config.bcrypt_cost).await?;
    }
    if let Some(custom) = input.custom_attributes {
        let mut merged = crate::accounts::object(user.custom_attributes.take());
        merged.extend(custom);
        user.custom_attributes = Some(Json(Value::Object(merged)));
    }
    let user = store::users::update(&tx, &user, domain::time::now()).await?;
    tx.commit().await?;
    Ok(user)
}

/// `DELETE /platform/api/v1/users/:id` (upstream's `DeleteObjectJob`, run at once). Memberships
/// and sign-in tokens cascade; the access token and grants are removed here.
pub async fn destroy(db: &Db, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    store::access_tokens::delete_for(&tx, OWNER_USER, id).await?;
    store::platform_apps::forget(&tx, USER, id).await?;
    if store::users::delete(&tx, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// The user's `api_access_token`, made if missing (`AccessTokenable` always has one).
pub async fn access_token(db: &Db, id: i64) -> Result<String> {
    if let Some(token) = store::access_tokens::token_for(db, OWNER_USER, id).await? {
        return Ok(token);
    }
    let tx = db.begin().await?;
    let token = secure_token();
    store::access_tokens::insert(&tx, OWNER_USER, id, &token, domain::time::now()).await?;
    tx.commit().await?;
    Ok(token)
}

/// `generate_sso_link`: `<FRONTEND_URL>/app/login?email=<email>&sso_auth_token=<token>`, the
/// token good for one sign-in within five minutes.
pub async fn login_url(db: &Db, config: &Config, user: &User) -> Result<String> {
    let tx = db.begin().await?;
    let token = crate::sso::issue(&tx, user.id).await?;
    tx.commit().await?;
    Ok(format!(
        "{}/app/login?email={}&sso_auth_token={}",
        config.frontend_url,
        url_encode(user.email.as_deref().unwrap_or_default()),
        url_encode(&token)
    ))
}

/// `ERB::Util.url_encode`: every byte but `A-Z a-z 0-9 _ . - ~` percent-encoded.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encode_matches_erb() {
        assert_eq!(
            url_encode("dev+testing@chatwoot.com"),
            "dev%2Btesting%40chatwoot.com"
        );
        assert_eq!(url_encode("a b~"), "a%20b~");
    }

    #[test]
    fn blank_password_is_reported_once() {
        let mut v = ValidationErrors::new();
        v.add("name", "can't be blank");
        v.add("password", "is too short (minimum is 6 characters)");
        v.add("password", "must contain at least 1 number character");
        assert_eq!(
            blank_password_errors(v).full_message(),
            "Name can't be blank, Password can't be blank"
        );
    }
}
