//! Contact CSV import and export. Upstream queues both (`DataImportJob` with
//! `DataImport::ContactManager`, `Account::ContactsExportJob`) and mails the outcome; here both
//! run in the request: the import in one transaction, the export written under the data folder.

use crate::accounts::object;
use crate::contacts::{blank, contact_filter, resolved_scope, save};
use crate::csv;
use crate::{App, AppError, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use store::accounts::Account;
use store::contacts::{Contact, ListQuery, COLUMN_NAMES};
use store::{Json, Tx};

/// What an import did: rows saved, and rows refused with Rails' messages.
#[derive(Debug, Default)]
pub struct ImportOutcome {
    pub processed: usize,
    pub rejected: usize,
    /// Where the refused rows were written (upstream attaches them as `failed_records`).
    pub failed_records: Option<PathBuf>,
}

/// `format_phone_number`: a "+" in front when missing.
fn phone(p: &str) -> String {
    if p.starts_with('+') {
        p.to_string()
    } else {
        format!("+{p}")
    }
}

/// `DataImport::ContactManager#build_contact` for one row (header -> cell).
async fn build(tx: &Tx, account_id: i64, row: &HashMap<String, Option<String>>) -> Result<Contact> {
    let get = |k: &str| row.get(k).cloned().flatten();
    let present = |k: &str| get(k).filter(|v| !v.trim().is_empty());
    let mut existing = None;
    if let Some(identifier) = get("identifier") {
        existing = store::contacts::find_by_identifier(tx, account_id, &identifier).await?;
    }
    if let (None, Some(email)) = (&existing, get("email")) {
        existing = store::contacts::find_by_email(tx, account_id, &email.to_lowercase()).await?;
    }
    if let (None, Some(p)) = (&existing, get("phone_number")) {
        existing = store::contacts::find_by_phone_number(tx, account_id, &phone(&p)).await?;
    }
    let mut c = match existing {
        Some(mut c) => {
            c.identifier = present("identifier").or(c.identifier);
            c.email = present("email").or(c.email);
            c.phone_number = present("phone_number")
                .map(|p| phone(&p))
                .or(c.phone_number);
            c
        }
        None => {
            let mut c = blank(account_id);
            c.email = get("email");
            c.identifier = get("identifier");
            c.phone_number = present("phone_number").map(|p| phone(&p));
            c
        }
    };
    if let Some(name) = present("name") {
        c.name = Some(name);
    }
    let mut additional = object(c.additional_attributes.take());
    for key in ["company", "city"] {
        if let Some(v) = present(key) {
            additional.insert(key.to_string(), Value::String(v));
        }
    }
    c.additional_attributes = Some(Json(Value::Object(additional)));
    // Every other column becomes a custom attribute, empty cells as null.
    let mut custom = object(c.custom_attributes.take());
    for (k, v) in row {
        if !matches!(k.as_str(), "identifier" | "email" | "name" | "phone_number") {
            custom.insert(
                k.clone(),
                v.clone().map(Value::String).unwrap_or(Value::Null),
            );
        }
    }
    c.custom_attributes = Some(Json(Value::Object(custom)));
    Ok(c)
}

/// Reads the upload as UTF-8, dropping what is not (as upstream re-encodes), and its BOM.
fn text_of(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes).replace('\u{FFFD}', "");
    text.strip_prefix('\u{FEFF}')
        .map(str::to_string)
        .unwrap_or(text)
}

/// `POST /contacts/import`: every row of the CSV, matched to an existing contact by identifier,
/// email or phone number, or added. Rows that fail validation are skipped and written, with
/// an `errors` column, to `failed_records`; a malformed file changes nothing (422).
pub async fn import(app: &App, account_id: i64, bytes: &[u8]) -> Result<ImportOutcome> {
    let rows = csv::parse(&text_of(bytes)).map_err(|e| AppError::Unprocessable(e.to_string()))?;
    let Some((headers, records)) = rows.split_first() else {
        return Err(AppError::Unprocessable("File is blank".to_string()));
    };
    let headers: Vec<String> = headers
        .iter()
        .map(|h| h.clone().unwrap_or_default())
        .collect();
    let mut outcome = ImportOutcome::default();
    let mut failed = String::new();
    let tx = app.db.begin().await?;
    for record in records {
        let mut row = HashMap::new();
        for (h, v) in headers.iter().zip(record.iter()) {
            row.entry(h.clone()).or_insert_with(|| v.clone());
        }
        let contact = build(&tx, account_id, &row).await?;
        match save(&tx, contact).await {
            Ok(_) => outcome.processed += 1,
            Err(AppError::Invalid(errors)) => {
                outcome.rejected += 1;
                if failed.is_empty() {
                    let mut head = headers.clone();
                    head.push("errors".to_string());
                    csv::write_row(&mut failed, &head);
                }
                let mut fields: Vec<String> = record
                    .iter()
                    .map(|v| v.clone().unwrap_or_default())
                    .collect();
                fields.push(errors.full_message());
                csv::write_row(&mut failed, &fields);
            }
            Err(other) => return Err(other),
        }
    }
    tx.commit().await?;
    if !failed.is_empty() {
        let dir = app
            .config
            .data_dir
            .join("contact_imports")
            .join(account_id.to_string());
        let name = format!(
            "{}_contacts.csv",
            domain::time::now().format("%Y%m%d%H%M%S")
        );
        outcome.failed_records = Some(write(dir, &name, &failed).await?);
    }
    Ok(outcome)
}

async fn write(dir: PathBuf, name: &str, text: &str) -> Result<PathBuf> {
    let path = dir.join(name);
    let io = |e: std::io::Error| {
        tracing::error!(path = %path.display(), error = %e, "could not write a contacts file");
        AppError::Custom {
            status: 500,
            message: "The file could not be written".to_string(),
        }
    };
    tokio::fs::create_dir_all(&dir).await.map_err(io)?;
    tokio::fs::write(&path, text).await.map_err(io)?;
    Ok(path)
}

/// What `POST /contacts/export` may narrow the export by.
#[derive(Debug, Default)]
pub struct ExportParams {
    pub column_names: Vec<String>,
    pub payload: Vec<Value>,
    pub label: Option<String>,
}

/// A contact attribute as the export writes it (`contact.send(header)` then `to_s`; JSON
/// attributes as JSON, times as Ruby prints UTC times).
fn cell(c: &Contact, column: &str) -> String {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let time = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let json = |v: &Option<Json<Value>>| v.as_ref().map(|j| j.0.to_string()).unwrap_or_default();
    match column {
        "id" => c.id.to_string(),
        "name" => text(&c.name),
        "email" => text(&c.email),
        "phone_number" => text(&c.phone_number),
        "account_id" => c.account_id.to_string(),
        "created_at" => time(c.created_at),
        "updated_at" => time(c.updated_at),
        "additional_attributes" => json(&c.additional_attributes),
        "identifier" => text(&c.identifier),
        "custom_attributes" => json(&c.custom_attributes),
        "last_activity_at" => c.last_activity_at.map(time).unwrap_or_default(),
        "contact_type" => c
            .contact_type
            .and_then(domain::contact::ContactType::from_i32)
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        "middle_name" => text(&c.middle_name),
        "last_name" => text(&c.last_name),
        "location" => text(&c.location),
        "country_code" => text(&c.country_code),
        "blocked" => c.blocked.to_string(),
        "company_id" => c.company_id.map(|v| v.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Upstream's attachment name, made safe as a file name.
fn file_name(account: &Account) -> String {
    let name: String = account
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{name}_{}_contacts.csv", account.id)
}

/// `Account::ContactsExportJob`: the resolved contacts (narrowed by a filter payload or a
/// label) with the asked-for columns that exist (else id, name, email, phone_number), written
/// to `<data_dir>/contacts_exports/<account id>/`. Returns the file.
pub async fn export(app: &App, account: &Account, p: ExportParams) -> Result<PathBuf> {
    let mut headers: Vec<&str> = Vec::new();
    let asked: Vec<&str> = if p.column_names.is_empty() {
        vec!["id", "name", "email", "phone_number"]
    } else {
        p.column_names.iter().map(String::as_str).collect()
    };
    for c in asked {
        if let Some(known) = COLUMN_NAMES.iter().find(|k| **k == c) {
            if !headers.contains(known) {
                headers.push(known);
            }
        }
    }
    let filter = if p.payload.is_empty() {
        None
    } else {
        Some(contact_filter(&app.db, account.id, &p.payload).await?)
    };
    let labels: Vec<String> = p
        .label
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut query = ListQuery::new(account.id, resolved_scope(account));
    match &filter {
        Some(f) => query.filter = Some(f),
        None => query.labels = &labels,
    }
    let mut out = String::new();
    let header_row: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    csv::write_row(&mut out, &header_row);
    let mut after = 0;
    loop {
        let batch = store::contacts::batch_after(&app.db, &query, after, 1000).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for c in &batch {
            let row: Vec<String> = headers.iter().map(|h| cell(c, h)).collect();
            csv::write_row(&mut out, &row);
        }
    }
    let dir = app
        .config
        .data_dir
        .join("contacts_exports")
        .join(account.id.to_string());
    write(dir, &file_name(account), &out).await
}
