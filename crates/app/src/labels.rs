//! Labels (`Label` model, `LabelsController`): titles are lower-cased, made of letters, digits,
//! `_` and `-`, and unique per account. Every change bumps the dashboard's "label" cache key.

use crate::{cache_keys, AppError, Result};
use domain::{validate, ValidationErrors};
use store::labels::{Label, NewLabel};
use store::{Db, Exec};

pub const DEFAULT_COLOR: &str = "#1f93ff";
const TITLE_MAX: usize = 255;
const COLOR_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 10_000;

/// The permitted label params; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct LabelChanges {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub color: Option<Option<String>>,
    pub show_on_sidebar: Option<bool>,
}

/// `UNICODE_CHARACTER_NUMBER_HYPHEN_UNDERSCORE` (lib/regex_helper.rb):
/// `\A[\p{L}\p{N}]+[\p{L}\p{N}_-]+\Z`, i.e. two or more characters, the first a letter or
/// digit, the rest letters, digits, `_` or `-`. (Ruby's `\Z` would also let a final newline
/// through; Switchboard does not.)
pub fn title_format_ok(title: &str) -> bool {
    let mut chars = title.chars();
    let word = |c: char| c.is_alphabetic() || c.is_numeric();
    match chars.next() {
        Some(first) if word(first) => {}
        _ => return false,
    }
    let rest: Vec<char> = chars.collect();
    !rest.is_empty() && rest.iter().all(|&c| word(c) || c == '_' || c == '-')
}

/// Label's validations, in Rails' order: presence, format, uniqueness.
async fn validate(e: &impl Exec, label: &Label, account_id: i64) -> Result<()> {
    let mut errors = ValidationErrors::new();
    let title = label.title.as_deref().unwrap_or("");
    if title.trim().is_empty() {
        errors.add("title", "must not be blank");
    }
    if !title_format_ok(title) {
        errors.add("title", "is invalid");
    } else if title.chars().count() > TITLE_MAX {
        validate::max_length(&mut errors, "title", Some(title), TITLE_MAX);
    } else if store::labels::title_taken(e, account_id, title, Some(label.id)).await? {
        errors.add("title", "has already been taken");
    }
    if label.color.trim().is_empty() {
        errors.add("color", "can't be blank");
    }
    validate::max_length(&mut errors, "color", Some(&label.color), COLOR_MAX);
    validate::max_length(
        &mut errors,
        "description",
        label.description.as_deref(),
        DESCRIPTION_MAX,
    );
    Ok(errors.into_result()?)
}

fn apply(label: &mut Label, c: LabelChanges) {
    if let Some(title) = c.title {
        // `before_validation`: downcase when present.
        label.title = Some(title.to_lowercase());
    }
    if let Some(description) = c.description {
        label.description = description;
    }
    if let Some(color) = c.color {
        label.color = color.unwrap_or_default();
    }
    if let Some(show) = c.show_on_sidebar {
        label.show_on_sidebar = Some(show);
    }
}

pub async fn create(db: &Db, account_id: i64, c: LabelChanges) -> Result<Label> {
    let now = domain::time::now();
    let mut label = Label {
        id: 0,
        title: None,
        description: None,
        color: DEFAULT_COLOR.to_string(),
        show_on_sidebar: None,
        account_id: Some(account_id),
        created_at: now,
        updated_at: now,
    };
    apply(&mut label, c);
    let tx = db.begin().await?;
    validate(&tx, &label, account_id).await?;
    let new = NewLabel {
        account_id,
        title: label.title.unwrap_or_default(),
        description: label.description,
        color: label.color,
        show_on_sidebar: label.show_on_sidebar,
    };
    let label = store::labels::insert(&tx, &new, now).await?;
    cache_keys::touch(&tx, account_id, "label").await?;
    tx.commit().await?;
    Ok(label)
}

/// Upstream also renames the label on tagged conversations and contacts (`Labels::UpdateJob`);
/// that belongs with the taggings, which conversations and contacts own.
pub async fn update(db: &Db, account_id: i64, id: i64, c: LabelChanges) -> Result<Label> {
    let tx = db.begin().await?;
    let mut label = store::labels::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    apply(&mut label, c);
    validate(&tx, &label, account_id).await?;
    let label = store::labels::update(&tx, &label, domain::time::now()).await?;
    cache_keys::touch(&tx, account_id, "label").await?;
    tx.commit().await?;
    Ok(label)
}

pub async fn destroy(db: &Db, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let label = store::labels::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::labels::delete(&tx, label.id).await?;
    cache_keys::touch(&tx, account_id, "label").await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::title_format_ok;

    #[test]
    fn titles_follow_upstreams_regex() {
        for ok in ["ab", "a-", "1_", "学中文_12", "hello_world", "v2-beta"] {
            assert!(title_format_ok(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "_12",
            "-a",
            "jell;;2_12",
            "heeloo _12",
            "ab\n",
            "a.b",
        ] {
            assert!(!title_format_ok(bad), "{bad}");
        }
    }
}
