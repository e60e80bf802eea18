//! An account's outgoing webhooks (`Api::V1::Accounts::WebhooksController`, app/models/webhook.rb).
//! Each webhook gets a secret: Switchboard signs its deliveries with it. Changes are audited as
//! Enterprise's `Audit::Webhook` does (`audited`: create, update, destroy).

use crate::audit::{self, Action, Actor};
use crate::tokens::secure_token;
use crate::{AppError, Result};
use domain::webhook_events::{self, WebhookType, URL_LENGTH_LIMIT};
use domain::{http_url, validate, ValidationErrors};
use serde_json::{json, Value};
use store::webhooks::{NewWebhook, Webhook, WebhookChanges};
use store::{Db, Exec, Tx};

/// The audited attributes of a webhook: its columns but the id and the timestamps, and never
/// the `secret`. Upstream's table has no secret column (4.8), so its trail holds none; this one
/// signs deliveries, and the audit log is readable by every administrator, so it stays out.
fn audit_json(w: &Webhook) -> Value {
    json!({
        "account_id": w.account_id,
        "inbox_id": w.inbox_id,
        "url": w.url,
        "webhook_type": w.webhook_type,
        "subscriptions": w.subscriptions.as_ref().map(|j| &j.0),
        "name": w.name,
    })
}

async fn record(
    tx: &Tx,
    actor: &Actor,
    action: Action,
    before: Option<&Webhook>,
    after: Option<&Webhook>,
) -> Result<()> {
    let Some(w) = after.or(before) else {
        return Ok(());
    };
    let changes = audit::changes(
        action,
        before.map(audit_json).as_ref(),
        after.map(audit_json).as_ref(),
    );
    audit::record(tx, actor, w.account_id, "Webhook", w.id, action, changes).await
}

/// The permitted `webhook` params; `None` leaves a field alone (on create: its default).
#[derive(Debug, Default)]
pub struct WebhookParams {
    pub inbox_id: Option<Option<i64>>,
    pub name: Option<Option<String>>,
    pub url: Option<Option<String>>,
    pub subscriptions: Option<Value>,
}

/// The model's validations, in its order, against the webhook as it would be saved.
async fn validate(
    e: &impl Exec,
    account_id: i64,
    existing: Option<&Webhook>,
    p: &WebhookParams,
) -> Result<WebhookChanges> {
    let mut errors = ValidationErrors::new();
    let inbox_id = p.inbox_id.unwrap_or(existing.and_then(|w| w.inbox_id));
    if let Some(inbox_id) = inbox_id {
        if !store::webhooks::inbox_in_account(e, account_id, inbox_id).await? {
            errors.add("inbox", "must exist");
        }
    }
    let url = match &p.url {
        Some(v) => v.clone(),
        None => existing.and_then(|w| w.url.clone()),
    };
    let url_text = url.clone().unwrap_or_default();
    if url_text.chars().count() > URL_LENGTH_LIMIT {
        validate::max_length(&mut errors, "url", Some(&url_text), URL_LENGTH_LIMIT);
    } else {
        let except = existing.map(|w| w.id);
        if !url_text.is_empty()
            && store::webhooks::url_taken(e, account_id, &url_text, except).await?
        {
            errors.add("url", "has already been taken");
        }
        if !http_url::is_http_url(&url_text) {
            errors.add("url", "is invalid");
        }
    }
    let name = p.name.clone();
    validate::max_length(&mut errors, "name", name.clone().flatten().as_deref(), 255);
    let subscriptions = match &p.subscriptions {
        Some(v) => Some(json!(webhook_events::subscriptions(&mut errors, v))),
        None if existing.is_none() => Some(json!(webhook_events::default_subscriptions())),
        None => None,
    };
    errors.into_result()?;
    Ok(WebhookChanges {
        inbox_id: p.inbox_id,
        webhook_type: Some(WebhookType::for_inbox(inbox_id).as_i32()),
        url: p.url.as_ref().map(|_| url_text),
        subscriptions,
        name,
    })
}

pub async fn create(db: &Db, actor: &Actor, account_id: i64, p: WebhookParams) -> Result<Webhook> {
    let tx = db.begin().await?;
    let c = validate(&tx, account_id, None, &p).await?;
    let inbox_id = c.inbox_id.flatten();
    let new = NewWebhook {
        account_id,
        inbox_id,
        url: c.url.unwrap_or_default(),
        webhook_type: WebhookType::for_inbox(inbox_id).as_i32(),
        subscriptions: c
            .subscriptions
            .unwrap_or_else(|| json!(webhook_events::default_subscriptions())),
        name: c.name.flatten(),
        secret: secure_token(),
    };
    let id = store::webhooks::insert(&tx, &new, domain::time::now()).await?;
    let webhook = store::webhooks::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    record(&tx, actor, Action::Create, None, Some(&webhook)).await?;
    tx.commit().await?;
    Ok(webhook)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    id: i64,
    p: WebhookParams,
) -> Result<Webhook> {
    let tx = db.begin().await?;
    let existing = store::webhooks::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let changes = validate(&tx, account_id, Some(&existing), &p).await?;
    store::webhooks::update(&tx, id, &changes, domain::time::now()).await?;
    let webhook = store::webhooks::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    record(&tx, actor, Action::Update, Some(&existing), Some(&webhook)).await?;
    tx.commit().await?;
    Ok(webhook)
}

pub async fn destroy(db: &Db, actor: &Actor, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let existing = store::webhooks::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if store::webhooks::delete(&tx, account_id, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    record(&tx, actor, Action::Destroy, Some(&existing), None).await?;
    tx.commit().await?;
    Ok(())
}
