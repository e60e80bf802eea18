//! `contacts`: the people an account talks to. Lists (index, search, filter, active, export)
//! share one WHERE builder; each list is one query for the page and one for the count, on the
//! account's indexes (see schema/0005_contacts.sql).

use crate::dialect::like_escape;
use crate::filter_sql::{self, CONTACTS};
use crate::{taggings, Backend, Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use domain::filters::Filter;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Contact {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub account_id: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub additional_attributes: Option<Json<JsonValue>>,
    pub identifier: Option<String>,
    pub custom_attributes: Option<Json<JsonValue>>,
    pub last_activity_at: Option<NaiveDateTime>,
    pub contact_type: Option<i32>,
    pub middle_name: Option<String>,
    pub last_name: Option<String>,
    pub location: Option<String>,
    pub country_code: Option<String>,
    pub blocked: bool,
    pub company_id: Option<i64>,
}

/// The table's columns, in schema order (the CSV export offers these names).
pub const COLUMN_NAMES: [&str; 18] = [
    "id",
    "name",
    "email",
    "phone_number",
    "account_id",
    "created_at",
    "updated_at",
    "additional_attributes",
    "identifier",
    "custom_attributes",
    "last_activity_at",
    "contact_type",
    "middle_name",
    "last_name",
    "location",
    "country_code",
    "blocked",
    "company_id",
];

fn columns(alias: &str) -> String {
    COLUMN_NAMES
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Inserts `c` as given (its id and timestamps are ignored).
pub async fn insert(e: &impl Exec, c: &Contact, now: NaiveDateTime) -> Result<Contact> {
    let q = Sql::new(format!(
        "INSERT INTO contacts (name, email, phone_number, account_id, additional_attributes, identifier, \
         custom_attributes, contact_type, location, country_code, blocked, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING {}",
        columns("contacts")
    ))
    .bind(c.name.clone())
    .bind(c.email.clone())
    .bind(c.phone_number.clone())
    .bind(c.account_id)
    .bind(c.additional_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.identifier.clone())
    .bind(c.custom_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.contact_type)
    .bind(c.location.clone())
    .bind(c.country_code.clone())
    .bind(c.blocked)
    .bind(now);
    e.fetch_one(q).await
}

/// Writes the editable columns of `c`.
pub async fn update(e: &impl Exec, c: &Contact, now: NaiveDateTime) -> Result<Contact> {
    let q = Sql::new(format!(
        "UPDATE contacts SET name = $2, email = $3, phone_number = $4, additional_attributes = $5, identifier = $6, \
         custom_attributes = $7, contact_type = $8, location = $9, country_code = $10, blocked = $11, updated_at = $12 \
         WHERE id = $1 RETURNING {}",
        columns("contacts")
    ))
    .bind(c.id)
    .bind(c.name.clone())
    .bind(c.email.clone())
    .bind(c.phone_number.clone())
    .bind(c.additional_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.identifier.clone())
    .bind(c.custom_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.contact_type)
    .bind(c.location.clone())
    .bind(c.country_code.clone())
    .bind(c.blocked)
    .bind(now);
    e.fetch_one(q).await
}

/// A contact of the account (`Current.account.contacts.find`).
pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<Contact>> {
    let q = Sql::new(format!(
        "SELECT {} FROM contacts WHERE account_id = $1 AND id = $2",
        columns("contacts")
    ))
    .bind(account_id)
    .bind(id);
    e.fetch_optional(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM contacts WHERE id = $1").bind(id))
        .await
}

/// The first contact of the account, other than `except_id`, whose `column` equals `value`;
/// emails compare lower-cased (`uniqueness: { case_sensitive: false }`).
async fn find_by(
    e: &impl Exec,
    account_id: i64,
    column: &'static str,
    value: &str,
    except_id: Option<i64>,
) -> Result<Option<Contact>> {
    let test = match column {
        "email" => "LOWER(email) = LOWER($2)",
        "identifier" => "identifier = $2",
        _ => "phone_number = $2",
    };
    let q = Sql::new(format!(
        "SELECT {} FROM contacts WHERE account_id = $1 AND {test} AND id <> $3 ORDER BY id LIMIT 1",
        columns("contacts")
    ))
    .bind(account_id)
    .bind(value)
    .bind(except_id.unwrap_or(0));
    e.fetch_optional(q).await
}

pub async fn find_by_email(e: &impl Exec, account_id: i64, email: &str) -> Result<Option<Contact>> {
    find_by(e, account_id, "email", email, None).await
}

pub async fn find_by_identifier(
    e: &impl Exec,
    account_id: i64,
    identifier: &str,
) -> Result<Option<Contact>> {
    find_by(e, account_id, "identifier", identifier, None).await
}

pub async fn find_by_phone_number(
    e: &impl Exec,
    account_id: i64,
    phone: &str,
) -> Result<Option<Contact>> {
    find_by(e, account_id, "phone_number", phone, None).await
}

/// True when another contact of the account has this email / identifier / phone number.
pub async fn taken(
    e: &impl Exec,
    account_id: i64,
    column: &'static str,
    value: &str,
    except_id: Option<i64>,
) -> Result<bool> {
    Ok(find_by(e, account_id, column, value, except_id)
        .await?
        .is_some())
}

/// Which contacts a list shows (`resolved_contacts` and the rest of the controller's scopes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    /// Contacts with an email, a phone number or an identifier.
    Resolved,
    /// `crm_v2` accounts list leads instead.
    Leads,
}

#[derive(Debug, Clone, Copy)]
pub struct ListQuery<'a> {
    pub account_id: i64,
    pub scope: Scope,
    /// `tagged_with(labels, any: true)`: names compare ignoring case.
    pub labels: &'a [String],
    /// `GET /contacts/search?q=`.
    pub search: Option<&'a str>,
    /// Only these ids (the online contacts of `GET /contacts/active`).
    pub ids: Option<&'a [i64]>,
    pub filter: Option<&'a Filter>,
}

impl<'a> ListQuery<'a> {
    pub fn new(account_id: i64, scope: Scope) -> Self {
        ListQuery {
            account_id,
            scope,
            labels: &[],
            search: None,
            ids: None,
            filter: None,
        }
    }
}

/// The "resolved" test, written exactly as the partial indexes' predicate.
const RESOLVED: &str =
    "(contacts.email <> '' OR contacts.phone_number <> '' OR contacts.identifier <> '')";

fn push_where(q: &mut Sql, backend: Backend, l: &ListQuery) {
    let account = q.arg(l.account_id);
    q.push(&format!(" WHERE contacts.account_id = {account}"));
    match l.scope {
        Scope::All => {}
        Scope::Resolved => q.push(&format!(" AND {RESOLVED}")),
        Scope::Leads => q.push(" AND contacts.contact_type = 1"),
    }
    if !l.labels.is_empty() {
        let sql = taggings::tagged_with_any(q, "contacts.id", CONTACTS.taggable_type, l.labels);
        q.push(&format!(" AND {sql}"));
    }
    if let Some(term) = l.search {
        let like = q.arg(format!("%{}%", like_escape(term)));
        let exact = q.arg(term);
        let company = backend.json_text(q, "contacts.additional_attributes", "company_name");
        let op = backend.ilike();
        let sql = format!(
            " AND (contacts.name {op} {like} ESCAPE '\\' OR contacts.email {op} {like} ESCAPE '\\' \
             OR contacts.phone_number {op} {like} ESCAPE '\\' OR {} OR {company} {op} {like} ESCAPE '\\')",
            backend.contains_exact("contacts.identifier", &exact)
        );
        q.push(&sql);
    }
    if let Some(ids) = l.ids {
        let list = q.arg(serde_json::json!(ids));
        q.push(&format!(
            " AND contacts.id IN ({})",
            backend.json_int_list(&list)
        ));
    }
    if let Some(filter) = l.filter {
        filter_sql::push_where(q, backend, &CONTACTS, filter);
    }
}

/// The sort keys of `ContactsController` (`sort_on`), applied in their declaration order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Email,
    Name,
    PhoneNumber,
    LastActivityAt,
    CreatedAt,
    Company,
    City,
    Country,
}

impl SortKey {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "email" => SortKey::Email,
            "name" => SortKey::Name,
            "phone_number" => SortKey::PhoneNumber,
            "last_activity_at" => SortKey::LastActivityAt,
            "created_at" => SortKey::CreatedAt,
            "company" => SortKey::Company,
            "city" => SortKey::City,
            "country" => SortKey::Country,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortBy {
    pub key: SortKey,
    pub desc: bool,
}

/// The ORDER BY of `sorts` (then id). Null placement is spelled out so both databases agree:
/// Sift's string sorts and the name scope keep PostgreSQL's default (nulls after ascending,
/// before descending); the other scopes say NULLS LAST.
fn order_by(backend: Backend, q: &mut Sql, sorts: &[SortBy]) -> String {
    let mut parts = Vec::new();
    let mut last_desc = false;
    for s in sorts {
        let dir = if s.desc { "DESC" } else { "ASC" };
        let pg_default = if s.desc { "NULLS FIRST" } else { "NULLS LAST" };
        let json =
            |q: &mut Sql, key: &str| backend.json_text(q, "contacts.additional_attributes", key);
        parts.push(match s.key {
            SortKey::Email => format!("LOWER(contacts.email) {dir} {pg_default}"),
            SortKey::PhoneNumber => format!("LOWER(contacts.phone_number) {dir} {pg_default}"),
            SortKey::Name => format!("LOWER(contacts.name) {dir} {pg_default}"),
            // Descending as the expression of index_contacts_on_account_id_and_recent_activity
            // (PostgreSQL cannot read a plain index DESC NULLS LAST).
            SortKey::LastActivityAt if s.desc => {
                "COALESCE(contacts.last_activity_at, '1970-01-01 00:00:00') DESC".to_string()
            }
            SortKey::LastActivityAt => "contacts.last_activity_at ASC NULLS LAST".to_string(),
            SortKey::CreatedAt => format!("contacts.created_at {dir}"),
            SortKey::Company => format!("{} {dir} NULLS LAST", json(q, "company_name")),
            SortKey::City => format!("{} {dir} NULLS LAST", json(q, "city")),
            SortKey::Country => format!("{} {dir} NULLS LAST", json(q, "country")),
        });
        last_desc = s.desc;
    }
    // Ties break by id, in the direction of the last sort so an index scan can serve both.
    parts.push(format!(
        "contacts.id {}",
        if last_desc { "DESC" } else { "ASC" }
    ));
    parts.join(", ")
}

/// One page of the list.
pub async fn page(
    e: &impl Exec,
    l: &ListQuery<'_>,
    sorts: &[SortBy],
    limit: i64,
    offset: i64,
) -> Result<Vec<Contact>> {
    let backend = e.backend();
    let mut q = Sql::new(format!("SELECT {} FROM contacts", columns("contacts")));
    push_where(&mut q, backend, l);
    let order = order_by(backend, &mut q, sorts);
    let (limit, offset) = (q.arg(limit), q.arg(offset));
    q.push(&format!(" ORDER BY {order} LIMIT {limit} OFFSET {offset}"));
    e.fetch_all(q).await
}

pub async fn count(e: &impl Exec, l: &ListQuery<'_>) -> Result<i64> {
    let mut q = Sql::new("SELECT COUNT(*) FROM contacts");
    push_where(&mut q, e.backend(), l);
    e.scalar(q).await
}

/// The next `limit` contacts of the list after id `after`, by id (for exports).
pub async fn batch_after(
    e: &impl Exec,
    l: &ListQuery<'_>,
    after: i64,
    limit: i64,
) -> Result<Vec<Contact>> {
    let mut q = Sql::new(format!("SELECT {} FROM contacts", columns("contacts")));
    push_where(&mut q, e.backend(), l);
    let (after, limit) = (q.arg(after), q.arg(limit));
    q.push(&format!(
        " AND contacts.id > {after} ORDER BY contacts.id LIMIT {limit}"
    ));
    e.fetch_all(q).await
}
