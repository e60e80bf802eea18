//! Dashboard apps (`Api::V1::Accounts::DashboardAppsController`, app/models/dashboard_app.rb):
//! frames shown beside a conversation. Any member may manage them (no policy upstream).

use crate::{AppError, Result};
use domain::webhook_events::URL_LENGTH_LIMIT;
use domain::{http_url, validate, ValidationErrors};
use serde_json::{Map, Value};
use store::dashboard_apps::{DashboardApp, NewDashboardApp};
use store::Db;

/// Switchboard's cap on frames per app; upstream has none, the dashboard shows a handful.
const MAX_FRAMES: usize = 20;

/// The permitted `dashboard_app` params; `None` leaves a field alone.
#[derive(Debug, Default)]
pub struct DashboardAppParams {
    pub title: Option<Option<String>>,
    pub content: Option<Value>,
}

/// One frame as `permit(content: [:url, :type])` keeps it, if it passes the model's schema
/// (`type` is "frame", `url` an http(s) URI).
fn frame(item: &Value) -> Option<Value> {
    let object = item.as_object()?;
    let url = object.get("url")?.as_str()?;
    let kind = object.get("type")?.as_str()?;
    if kind != "frame" || url.chars().count() > URL_LENGTH_LIMIT || !http_url::is_http_url(url) {
        return None;
    }
    let mut kept = Map::new();
    kept.insert("url".into(), Value::from(url));
    kept.insert("type".into(), Value::from(kind));
    Some(Value::Object(kept))
}

/// `validate_content`: a non-empty array of frames, else "Content : Invalid data".
fn content(errors: &mut ValidationErrors, value: &Value) -> Value {
    let frames: Option<Vec<Value>> = match value {
        Value::Array(items) if !items.is_empty() && items.len() <= MAX_FRAMES => {
            items.iter().map(frame).collect()
        }
        _ => None,
    };
    match frames {
        Some(frames) => Value::Array(frames),
        None => {
            errors.add("content", ": Invalid data");
            Value::Array(Vec::new())
        }
    }
}

fn title(errors: &mut ValidationErrors, value: Option<&str>) {
    validate::presence(errors, "title", value);
    validate::max_length(errors, "title", value, 255);
}

pub async fn create(
    db: &Db,
    account_id: i64,
    user_id: i64,
    p: DashboardAppParams,
) -> Result<DashboardApp> {
    let mut errors = ValidationErrors::new();
    let t = p.title.clone().flatten();
    // `title` is NOT NULL upstream without a validation (a missing title is a 500 there).
    title(&mut errors, t.as_deref());
    let content = content(&mut errors, p.content.as_ref().unwrap_or(&Value::Null));
    errors.into_result()?;
    let tx = db.begin().await?;
    let new = NewDashboardApp {
        account_id,
        user_id,
        title: t.unwrap_or_default(),
        content,
    };
    let app = store::dashboard_apps::insert(&tx, &new, domain::time::now()).await?;
    tx.commit().await?;
    Ok(app)
}

pub async fn update(
    db: &Db,
    account_id: i64,
    id: i64,
    p: DashboardAppParams,
) -> Result<DashboardApp> {
    let tx = db.begin().await?;
    store::dashboard_apps::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    let new_title = p.title.map(Option::unwrap_or_default);
    if let Some(t) = &new_title {
        title(&mut errors, Some(t));
    }
    let new_content = p.content.as_ref().map(|c| content(&mut errors, c));
    errors.into_result()?;
    let app = store::dashboard_apps::update(
        &tx,
        id,
        new_title.as_deref(),
        new_content.as_ref(),
        domain::time::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(app)
}

pub async fn destroy(db: &Db, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    if store::dashboard_apps::delete(&tx, account_id, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
