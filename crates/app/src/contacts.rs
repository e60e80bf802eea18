//! Contacts: upstream `ContactsController` actions with the `Contact` model's callbacks and
//! validations made explicit (`save`), labels (`Labelable`), and the list queries' account
//! scoping (`resolved_contacts`, the filter service).

use crate::accounts::object;
use crate::presence::PresenceKind;
use crate::{App, AppError, Result};
use domain::contact::{self as rules, ContactType, StringColumns};
use domain::filters::{self, CustomAttributeType, Filter, FilterError};
use domain::{validate, ValidationErrors};
use serde_json::{Map, Value};
use std::collections::HashMap;
use store::contacts::{Contact, Scope};
use store::{Db, Exec, Json, Tx};

pub const TAGGABLE: &str = "Contact";

/// The attributes `permitted_params` lets through. PATCH semantics: `None` leaves a field as
/// it is; `Some(None)` is an explicit null.
#[derive(Debug, Default, Clone)]
pub struct ContactParams {
    pub name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub phone_number: Option<Option<String>>,
    pub identifier: Option<Option<String>>,
    pub blocked: Option<bool>,
    pub additional_attributes: Option<Map<String, Value>>,
    pub custom_attributes: Option<Map<String, Value>>,
}

impl ContactParams {
    /// Assigns the params; on update the two JSON attributes merge into the stored ones
    /// (`contact_update_params`), on create they replace the defaults.
    fn apply(self, c: &mut Contact, merge: bool) {
        if let Some(name) = self.name {
            c.name = name;
        }
        if let Some(email) = self.email {
            c.email = email;
        }
        if let Some(phone) = self.phone_number {
            c.phone_number = phone;
        }
        if let Some(identifier) = self.identifier {
            c.identifier = identifier;
        }
        if let Some(blocked) = self.blocked {
            c.blocked = blocked;
        }
        for (given, stored) in [
            (self.additional_attributes, &mut c.additional_attributes),
            (self.custom_attributes, &mut c.custom_attributes),
        ] {
            if let Some(given) = given {
                let mut map = if merge {
                    object(stored.take())
                } else {
                    Map::new()
                };
                map.extend(given);
                *stored = Some(Json(Value::Object(map)));
            }
        }
    }
}

/// A contact not yet saved (the column defaults of `contacts`).
pub fn blank(account_id: i64) -> Contact {
    let now = domain::time::now();
    Contact {
        id: 0,
        name: Some(String::new()),
        email: None,
        phone_number: None,
        account_id,
        created_at: now,
        updated_at: now,
        additional_attributes: None,
        identifier: None,
        custom_attributes: None,
        last_activity_at: None,
        contact_type: Some(ContactType::Visitor.as_i32()),
        middle_name: Some(String::new()),
        last_name: Some(String::new()),
        location: Some(String::new()),
        country_code: Some(String::new()),
        blocked: false,
        company_id: None,
    }
}

/// The model's validations, in its order: column lengths (ApplicationRecord), then email
/// uniqueness and format, identifier uniqueness, phone uniqueness and format.
pub(crate) async fn validate(e: &impl Exec, c: &Contact) -> Result<ValidationErrors> {
    let mut errors = ValidationErrors::new();
    rules::check_lengths(
        &mut errors,
        &StringColumns {
            name: c.name.as_deref(),
            email: c.email.as_deref(),
            phone_number: c.phone_number.as_deref(),
            identifier: c.identifier.as_deref(),
        },
    );
    let except = (c.id != 0).then_some(c.id);
    if let Some(email) = c.email.as_deref() {
        if store::contacts::taken(e, c.account_id, "email", email, except).await? {
            errors.add("email", "has already been taken");
        }
        if !validate::is_email(email) {
            errors.add("email", rules::EMAIL_INVALID);
        }
    }
    if let Some(identifier) = c.identifier.as_deref().filter(|s| !s.trim().is_empty()) {
        if store::contacts::taken(e, c.account_id, "identifier", identifier, except).await? {
            errors.add("identifier", "has already been taken");
        }
    }
    if let Some(phone) = c.phone_number.as_deref().filter(|s| !s.trim().is_empty()) {
        if store::contacts::taken(e, c.account_id, "phone_number", phone, except).await? {
            errors.add("phone_number", "has already been taken");
        }
        if !rules::is_e164(phone) {
            errors.add("phone_number", rules::PHONE_INVALID);
        }
    }
    Ok(errors)
}

/// `before_validation` (email, JSON defaults), the validations, `before_save`
/// (`Contacts::SyncAttributes`), then the insert (id 0) or update.
pub(crate) async fn save(tx: &Tx, mut c: Contact) -> Result<Contact> {
    c.email = rules::normalize_email(c.email.take());
    // Switchboard: a blank identifier is NULL; upstream stores "" and then fails on the unique
    // index for the second such contact.
    c.identifier = c.identifier.filter(|s| !s.is_empty());
    for attrs in [&mut c.additional_attributes, &mut c.custom_attributes] {
        if attrs.as_ref().is_none_or(|j| rules::is_blank(&j.0)) {
            *attrs = Some(Json(Value::Object(Map::new())));
        }
    }
    validate(tx, &c).await?.into_result()?;
    let kind = c
        .contact_type
        .and_then(ContactType::from_i32)
        .unwrap_or(ContactType::Visitor);
    let additional = object(c.additional_attributes.clone());
    let (location, country_code, kind) = rules::synced(
        kind,
        c.email.as_deref(),
        c.phone_number.as_deref(),
        &additional,
    );
    c.location = location;
    c.country_code = country_code;
    c.contact_type = Some(kind.as_i32());
    let now = domain::time::now();
    Ok(if c.id == 0 {
        store::contacts::insert(tx, &c, now).await?
    } else {
        store::contacts::update(tx, &c, now).await?
    })
}

pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Contact> {
    store::contacts::find(e, account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What `POST /contacts` made: the contact, and the contact inbox with its inbox when
/// `inbox_id` was given.
pub struct Created {
    pub contact: Contact,
    pub contact_inbox: Option<(store::contact_inboxes::ContactInbox, store::inboxes::Inbox)>,
}

/// `POST /contacts`: the contact and, with `inbox_id`, its contact inbox, in one transaction.
pub async fn create(
    app: &App,
    account_id: i64,
    p: ContactParams,
    inbox: Option<(i64, Option<String>)>,
) -> Result<Created> {
    let tx = app.db.begin().await?;
    let mut c = blank(account_id);
    p.apply(&mut c, false);
    let contact = save(&tx, c).await?;
    let contact_inbox = match inbox {
        None => None,
        Some((inbox_id, source_id)) => {
            let inbox = store::inboxes::find(&tx, account_id, inbox_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let ci = crate::contact_inboxes::build(&tx, &contact, &inbox, source_id, false).await?;
            Some((ci, inbox))
        }
    };
    let event = crate::contact_events::created(&contact);
    crate::events::commit(app, tx, vec![event]).await?;
    Ok(Created {
        contact,
        contact_inbox,
    })
}

pub async fn update(app: &App, account_id: i64, id: i64, p: ContactParams) -> Result<Contact> {
    let tx = app.db.begin().await?;
    let before = find(&tx, account_id, id).await?;
    let mut c = before.clone();
    p.apply(&mut c, true);
    let c = save(&tx, c).await?;
    let event = crate::contact_events::updated(&before, &c);
    crate::events::commit(app, tx, vec![event]).await?;
    Ok(c)
}

/// Conversations arrive with the conversations API. Until then a contact has none; once the
/// table exists, this removes the contact's conversations (and their messages) as upstream's
/// `has_many :conversations, dependent: :destroy_async` does.
async fn delete_conversations_of_contact(_tx: &Tx, _contact_id: i64) -> Result<()> {
    Ok(())
}

/// `DELETE /contacts/:id`: refused while the contact is online; otherwise the contact and
/// everything that hangs off it.
pub async fn destroy(app: &App, account_id: i64, id: i64) -> Result<()> {
    let tx = app.db.begin().await?;
    let c = find(&tx, account_id, id).await?;
    if app
        .presence
        .is_online(account_id, PresenceKind::Contact, id)
    {
        return Err(AppError::Custom {
            status: 422,
            message: format!(
                "{} is Online, please try again later",
                rules::capitalize(c.name.as_deref().unwrap_or_default())
            ),
        });
    }
    let event = crate::contact_events::deleted(&tx, &c).await?;
    delete_conversations_of_contact(&tx, id).await?;
    store::notes::delete_for_contact(&tx, id).await?;
    store::contact_inboxes::delete_for_contact(&tx, id).await?;
    store::taggings::delete_all(&tx, TAGGABLE, id).await?;
    store::contacts::delete(&tx, id).await?;
    crate::events::commit(app, tx, vec![event]).await?;
    Ok(())
}

/// `POST /contacts/:id/destroy_custom_attributes`: drops the named keys.
pub async fn destroy_custom_attributes(
    app: &App,
    account_id: i64,
    id: i64,
    keys: &[String],
) -> Result<Contact> {
    let tx = app.db.begin().await?;
    let before = find(&tx, account_id, id).await?;
    let mut c = before.clone();
    let mut custom = object(c.custom_attributes.take());
    custom.retain(|k, _| !keys.contains(k));
    c.custom_attributes = Some(Json(Value::Object(custom)));
    let c = save(&tx, c).await?;
    let event = crate::contact_events::updated(&before, &c);
    crate::events::commit(app, tx, vec![event]).await?;
    Ok(c)
}

/// acts_as_taggable_on's `DefaultParser` on a label list: items joined and split on commas,
/// stripped, blanks dropped, duplicates (ignoring case) dropped.
pub fn parse_labels(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in items.iter().flat_map(|i| i.split(',')).map(str::trim) {
        if !name.is_empty() && !out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            out.push(name.to_string());
        }
    }
    out
}

/// `POST /contacts/:id/labels` (`update_labels`): the contact's labels become `items`; the
/// answer is the parsed list, as `label_list` reads right after the save.
pub async fn set_labels(
    app: &App,
    account_id: i64,
    id: i64,
    items: &[String],
) -> Result<Vec<String>> {
    let labels = parse_labels(items);
    let mut errors = ValidationErrors::new();
    for l in &labels {
        validate::max_length(&mut errors, "labels", Some(l), rules::MAX_STRING);
    }
    errors.into_result()?;
    let tx = app.db.begin().await?;
    let c = find(&tx, account_id, id).await?;
    let before = store::taggings::labels_of(&tx, TAGGABLE, id).await?;
    store::taggings::set_labels(&tx, TAGGABLE, id, &labels, domain::time::now()).await?;
    // `update!(label_list:)`: a save like any other, its change being the list.
    let mut changes = Vec::new();
    crate::events::push_change(
        &mut changes,
        "label_list",
        serde_json::json!(before),
        serde_json::json!(labels),
    );
    let event = crate::contact_events::updated_with(&c, changes);
    crate::events::commit(app, tx, vec![event]).await?;
    Ok(labels)
}

pub async fn labels(db: &Db, account_id: i64, id: i64) -> Result<Vec<String>> {
    find(db, account_id, id).await?;
    Ok(store::taggings::labels_of(db, TAGGABLE, id).await?)
}

/// `resolved_contacts(use_crm_v2:)`: accounts with `crm_v2` list leads, others contacts with
/// an email, a phone number or an identifier.
pub fn resolved_scope(account: &store::accounts::Account) -> Scope {
    let crm_v2 =
        domain::enums::feature_bit("crm_v2").is_some_and(|bit| account.feature_flags & bit != 0);
    if crm_v2 {
        Scope::Leads
    } else {
        Scope::Resolved
    }
}

/// `custom_attribute_definitions.attribute_model` of contacts.
const CONTACT_ATTRIBUTE: i32 = 1;

/// `Contacts::FilterService`'s checks: the payload against the contact keys and the account's
/// contact custom attributes.
pub async fn contact_filter(e: &impl Exec, account_id: i64, payload: &[Value]) -> Result<Filter> {
    let defs =
        store::custom_attribute_definitions::list(e, account_id, Some(CONTACT_ATTRIBUTE)).await?;
    let custom: HashMap<String, CustomAttributeType> = defs
        .into_iter()
        .filter_map(|d| {
            let kind = CustomAttributeType::from_i32(d.attribute_display_type.unwrap_or(0))?;
            Some((d.attribute_key?, kind))
        })
        .collect();
    let today = domain::time::now().date();
    filters::parse(&filters::CONTACTS, payload, &custom, today).map_err(filter_error)
}

/// Upstream renders the filter exceptions with `render_could_not_create_error` (422 `error`).
pub fn filter_error(e: FilterError) -> AppError {
    AppError::Unprocessable(e.to_string())
}
