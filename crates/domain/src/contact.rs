//! Contact rules from upstream `app/models/contact.rb`, `ApplicationRecord` and
//! `app/services/contacts/sync_attributes.rb` that need no database. Uniqueness checks live in
//! the app crate; the order of messages there follows the model's validation order.

use crate::ValidationErrors;
use serde_json::{Map, Value};

/// `contacts.contact_type` (Rails enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactType {
    Visitor,
    Lead,
    Customer,
}

impl ContactType {
    pub fn as_i32(self) -> i32 {
        match self {
            ContactType::Visitor => 0,
            ContactType::Lead => 1,
            ContactType::Customer => 2,
        }
    }

    pub fn from_i32(value: i32) -> Option<Self> {
        match value {
            0 => Some(ContactType::Visitor),
            1 => Some(ContactType::Lead),
            2 => Some(ContactType::Customer),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ContactType::Visitor => "visitor",
            ContactType::Lead => "lead",
            ContactType::Customer => "customer",
        }
    }
}

/// `ApplicationRecord#validates_column_content_length`: string columns hold 255 characters.
pub const MAX_STRING: usize = 255;
/// ... and text columns 20,000 (notes.content, contact_inboxes.source_id).
pub const MAX_TEXT: usize = 20_000;

/// The string columns of a contact about to be saved, in table order (the order in which
/// upstream reports their lengths).
pub struct StringColumns<'a> {
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub phone_number: Option<&'a str>,
    pub identifier: Option<&'a str>,
}

pub fn check_lengths(errors: &mut ValidationErrors, c: &StringColumns) {
    for (attribute, value) in [
        ("name", c.name),
        ("email", c.email),
        ("phone_number", c.phone_number),
        ("identifier", c.identifier),
    ] {
        crate::validate::max_length(errors, attribute, value, MAX_STRING);
    }
}

/// `prepare_email_attribute`: a blank email is NULL (so the unique index allows many), and
/// emails are stored lower-case.
pub fn normalize_email(email: Option<String>) -> Option<String> {
    email
        .filter(|e| !e.trim().is_empty())
        .map(|e| e.to_lowercase())
}

/// `/\+[1-9]\d{1,14}\z/`: note upstream anchors only the end, so any text ending in an E.164
/// number passes.
pub fn is_e164(phone: &str) -> bool {
    let Some(at) = phone.rfind('+') else {
        return false;
    };
    let digits = &phone[at + 1..];
    let mut chars = digits.chars();
    matches!(chars.next(), Some('1'..='9'))
        && (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// The messages of the email and phone format rules (config/locales/en.yml).
pub const EMAIL_INVALID: &str = "Invalid email";
pub const PHONE_INVALID: &str = "should be in e164 format";

/// `Contacts::SyncAttributes`: `location`/`country_code` mirror `additional_attributes`'
/// city/country, and a visitor with an email, a phone number or a social profile is a lead.
pub fn synced(
    contact_type: ContactType,
    email: Option<&str>,
    phone_number: Option<&str>,
    additional: &Map<String, Value>,
) -> (Option<String>, Option<String>, ContactType) {
    let as_text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    };
    let present = |v: Option<&str>| v.is_some_and(|s| !s.trim().is_empty());
    let social = additional
        .iter()
        .any(|(k, v)| k.starts_with("social_") && !is_blank(v));
    let contact_type = if contact_type == ContactType::Visitor
        && (present(email) || present(phone_number) || social)
    {
        ContactType::Lead
    } else {
        contact_type
    };
    (
        as_text(additional.get("city")),
        as_text(additional.get("country")),
        contact_type,
    )
}

/// Ruby's `blank?` for a JSON value.
pub fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Ruby's `String#capitalize` (first character up, the rest down), for the "is Online" message.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn e164_is_anchored_only_at_the_end_as_upstream() {
        assert!(is_e164("+14155552671"));
        assert!(is_e164("abc+14155552671"));
        assert!(!is_e164("14155552671"));
        assert!(!is_e164("+04155552671"));
        assert!(!is_e164("+1"));
        assert!(!is_e164("+1234567890123456"));
        assert!(!is_e164("+1415 555"));
    }

    #[test]
    fn blank_emails_are_null_and_others_lower_case() {
        assert_eq!(normalize_email(Some("  ".into())), None);
        assert_eq!(
            normalize_email(Some("Ann@X.io".into())),
            Some("ann@x.io".into())
        );
    }

    #[test]
    fn visitors_with_contact_details_become_leads() {
        let none = Map::new();
        assert_eq!(
            synced(ContactType::Visitor, None, None, &none).2,
            ContactType::Visitor
        );
        assert_eq!(
            synced(ContactType::Visitor, Some("a@b.c"), None, &none).2,
            ContactType::Lead
        );
        let social = json!({"social_facebook_user_id": "1", "city": "Oslo", "country": "NO"});
        let (location, country, kind) = synced(
            ContactType::Visitor,
            None,
            None,
            social.as_object().unwrap(),
        );
        assert_eq!(
            (location.as_deref(), country.as_deref()),
            (Some("Oslo"), Some("NO"))
        );
        assert_eq!(kind, ContactType::Lead);
        assert_eq!(
            synced(ContactType::Customer, Some("a@b.c"), None, &none).2,
            ContactType::Customer
        );
    }

    #[test]
    fn capitalize_downcases_the_rest() {
        assert_eq!(capitalize("jOHN dOE"), "John doe");
        assert_eq!(capitalize(""), "");
    }
}
