//! `api/v1/models/_contact.json.jbuilder` and what contact responses embed:
//! `_contact_inbox`, `_inbox_slim`, `_note` with `_agent`, and an Inbox record rendered whole
//! (`as_json`, in `contacts/create`).

use crate::error::ApiResult;
use app::presence::{user_availability_status, Presence, PresenceKind};
use app::App;
use domain::enums::{Role, SenderNameType};
use domain::time::{iso, unix};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use store::contact_inboxes::{InboxSlim, WithInbox};
use store::contacts::Contact;
use store::inboxes::Inbox;
use store::notes::NoteWithUser;

#[derive(Serialize)]
pub struct InboxSlimView {
    pub id: i64,
    pub avatar_url: String,
    pub channel_id: i64,
    pub name: String,
    pub channel_type: Option<String>,
    /// `channel.try(:provider)`: only WhatsApp, SMS, voice and email channels have one, and
    /// their tables are not read here yet, so null.
    pub provider: Option<String>,
}

impl InboxSlimView {
    pub fn new(i: &InboxSlim) -> Self {
        InboxSlimView {
            id: i.id,
            avatar_url: String::new(),
            channel_id: i.channel_id,
            name: i.name.clone(),
            channel_type: i.channel_type.clone(),
            provider: None,
        }
    }

    pub fn of_inbox(i: &Inbox) -> Self {
        Self::new(&InboxSlim {
            id: i.id,
            channel_id: i.channel_id,
            name: i.name.clone(),
            channel_type: i.channel_type.clone(),
        })
    }
}

/// `_contact_inbox`.
#[derive(Serialize)]
pub struct ContactInboxView {
    pub source_id: String,
    pub inbox: InboxSlimView,
}

#[derive(Serialize)]
pub struct ContactView {
    pub additional_attributes: Value,
    pub availability_status: &'static str,
    pub email: Option<String>,
    pub id: i64,
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub blocked: bool,
    pub identifier: Option<String>,
    pub thumbnail: String,
    pub custom_attributes: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_activity_at: Option<i64>,
    pub created_at: i64,
    /// Only on the `/contacts` endpoints that ask for it (`with_contact_inboxes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_inboxes: Option<Vec<ContactInboxView>>,
}

impl ContactView {
    pub fn new(c: &Contact, presence: &Presence, inboxes: Option<Vec<ContactInboxView>>) -> Self {
        let json =
            |v: &Option<store::Json<Value>>| v.as_ref().map(|j| j.0.clone()).unwrap_or(Value::Null);
        ContactView {
            additional_attributes: json(&c.additional_attributes),
            availability_status: if presence.is_online(c.account_id, PresenceKind::Contact, c.id) {
                "online"
            } else {
                "offline"
            },
            email: c.email.clone(),
            id: c.id,
            name: c.name.clone(),
            phone_number: c.phone_number.clone(),
            blocked: c.blocked,
            identifier: c.identifier.clone(),
            thumbnail: String::new(),
            custom_attributes: json(&c.custom_attributes),
            last_activity_at: c.last_activity_at.map(unix),
            created_at: unix(c.created_at),
            contact_inboxes: inboxes,
        }
    }
}

/// Contacts as JSON, with their contact inboxes (read in one query) when `with_inboxes`.
pub async fn contacts(
    app: &App,
    list: &[Contact],
    with_inboxes: bool,
) -> ApiResult<Vec<ContactView>> {
    let mut by_contact: HashMap<i64, Vec<ContactInboxView>> = HashMap::new();
    if with_inboxes {
        let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
        for ci in store::contact_inboxes::for_contacts(&app.db, &ids).await? {
            by_contact
                .entry(ci.contact_id)
                .or_default()
                .push(contact_inbox(&ci));
        }
    }
    Ok(list
        .iter()
        .map(|c| {
            let inboxes = with_inboxes.then(|| by_contact.remove(&c.id).unwrap_or_default());
            ContactView::new(c, &app.presence, inboxes)
        })
        .collect())
}

pub async fn contact(app: &App, c: &Contact, with_inboxes: bool) -> ApiResult<ContactView> {
    let mut list = contacts(app, std::slice::from_ref(c), with_inboxes).await?;
    Ok(list.remove(0))
}

fn contact_inbox(ci: &WithInbox) -> ContactInboxView {
    ContactInboxView {
        source_id: ci.source_id.clone(),
        inbox: InboxSlimView::new(&InboxSlim {
            id: ci.id,
            channel_id: ci.channel_id,
            name: ci.name.clone(),
            channel_type: ci.channel_type.clone(),
        }),
    }
}

/// An Inbox record as Rails' `as_json` renders it: every column, enums by name, ISO times.
#[derive(Serialize)]
pub struct InboxRecordView {
    pub id: i64,
    pub channel_id: i64,
    pub account_id: i64,
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    pub channel_type: Option<String>,
    pub enable_auto_assignment: Option<bool>,
    pub greeting_enabled: Option<bool>,
    pub greeting_message: Option<String>,
    pub email_address: Option<String>,
    pub working_hours_enabled: Option<bool>,
    pub out_of_office_message: Option<String>,
    pub timezone: Option<String>,
    pub enable_email_collect: Option<bool>,
    pub csat_survey_enabled: Option<bool>,
    pub allow_messages_after_resolved: Option<bool>,
    pub auto_assignment_config: Option<Value>,
    pub lock_to_single_conversation: bool,
    pub portal_id: Option<i64>,
    pub sender_name_type: Option<&'static str>,
    pub business_name: Option<String>,
    pub csat_config: Value,
}

impl InboxRecordView {
    pub fn new(i: &Inbox) -> Self {
        InboxRecordView {
            id: i.id,
            channel_id: i.channel_id,
            account_id: i.account_id,
            name: i.name.clone(),
            created_at: iso(i.created_at),
            updated_at: iso(i.updated_at),
            channel_type: i.channel_type.clone(),
            enable_auto_assignment: i.enable_auto_assignment,
            greeting_enabled: i.greeting_enabled,
            greeting_message: i.greeting_message.clone(),
            email_address: i.email_address.clone(),
            working_hours_enabled: i.working_hours_enabled,
            out_of_office_message: i.out_of_office_message.clone(),
            timezone: i.timezone.clone(),
            enable_email_collect: i.enable_email_collect,
            csat_survey_enabled: i.csat_survey_enabled,
            allow_messages_after_resolved: i.allow_messages_after_resolved,
            auto_assignment_config: i.auto_assignment_config.as_ref().map(|j| j.0.clone()),
            lock_to_single_conversation: i.lock_to_single_conversation,
            portal_id: i.portal_id,
            sender_name_type: SenderNameType::from_i32(i.sender_name_type).map(|s| s.as_str()),
            business_name: i.business_name.clone(),
            csat_config: i
                .csat_config
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or_else(|| Value::Object(Default::default())),
        }
    }
}

/// `_agent` for a note's author. Unlike `views::agent::AgentView`, the membership fields may
/// be null: upstream renders them so for an author who has left the account.
#[derive(Serialize)]
pub struct NoteAuthorView {
    pub id: i64,
    pub account_id: i64,
    pub availability_status: Option<&'static str>,
    pub auto_offline: Option<bool>,
    pub confirmed: bool,
    pub email: Option<String>,
    pub provider: Option<String>,
    pub available_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Value>,
    pub name: Option<String>,
    pub role: Option<&'static str>,
    pub thumbnail: String,
}

/// `_note`. Its `json.account_id json.account_id` (and the same for contact_id) renders null
/// upstream: the inner call sets nothing and returns nil.
#[derive(Serialize)]
pub struct NoteView {
    pub id: i64,
    pub content: String,
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<NoteAuthorView>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl NoteView {
    pub fn new(n: &NoteWithUser, presence: &Presence) -> Self {
        let user = n.u_id.map(|id| NoteAuthorView {
            id,
            account_id: n.account_id,
            availability_status: n.au_availability.map(|a| {
                user_availability_status(
                    presence,
                    n.account_id,
                    id,
                    a,
                    n.au_auto_offline.unwrap_or(true),
                )
            }),
            auto_offline: n.au_auto_offline,
            confirmed: n.u_confirmed_at.is_some(),
            email: n.u_email.clone(),
            provider: n.u_provider.clone(),
            available_name: n
                .u_display_name
                .clone()
                .filter(|d| !d.trim().is_empty())
                .or_else(|| n.u_name.clone()),
            custom_attributes: n
                .u_custom_attributes
                .as_ref()
                .map(|j| j.0.clone())
                .filter(|v| v.as_object().is_some_and(|o| !o.is_empty())),
            name: n.u_name.clone(),
            role: n
                .au_role
                .map(|r| Role::from_i32(r).unwrap_or(Role::Agent).as_str()),
            thumbnail: String::new(),
        });
        NoteView {
            id: n.id,
            content: n.content.clone(),
            account_id: None,
            contact_id: None,
            user,
            created_at: unix(n.created_at),
            updated_at: unix(n.updated_at),
        }
    }
}
