//! acts_as_taggable_on's `tags` and `taggings`, as Chatwoot's `Labelable` uses them: labels are
//! taggings with context "labels" and no tagger, on any taggable type (Contact now,
//! Conversation later). Tags are shared by every account and found ignoring case, as the gem's
//! `find_or_create_all_with_like_by_name` does; each keeps a `taggings_count`.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

pub const LABELS: &str = "labels";

/// Label names of one taggable, in the order they were added.
pub async fn labels_of(
    e: &impl Exec,
    taggable_type: &str,
    taggable_id: i64,
) -> Result<Vec<String>> {
    let q = Sql::new(
        "SELECT tags.name FROM taggings JOIN tags ON tags.id = taggings.tag_id \
         WHERE taggings.taggable_type = $1 AND taggings.taggable_id = $2 AND taggings.context = $3 \
         AND taggings.tagger_id IS NULL ORDER BY taggings.id",
    )
    .bind(taggable_type)
    .bind(taggable_id)
    .bind(LABELS);
    let rows: Vec<(Option<String>,)> = e.fetch_all(q).await?;
    Ok(rows.into_iter().filter_map(|(n,)| n).collect())
}

/// The tag named `name` ignoring case (the oldest, should several differ only in case), or a
/// new one.
async fn find_or_create_tag(e: &impl Exec, name: &str) -> Result<i64> {
    let find = || {
        Sql::new("SELECT id FROM tags WHERE LOWER(name) = LOWER($1) ORDER BY id LIMIT 1").bind(name)
    };
    if let Some((id,)) = e.fetch_optional::<(i64,)>(find()).await? {
        return Ok(id);
    }
    // Another writer may have created it meanwhile (PostgreSQL); then the lookup finds theirs.
    e.execute(
        Sql::new(
            "INSERT INTO tags (name, taggings_count) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name),
    )
    .await?;
    Ok(e.fetch_one::<(i64,)>(find()).await?.0)
}

async fn tag_ids(e: &impl Exec, taggable_type: &str, taggable_id: i64) -> Result<Vec<i64>> {
    let q = Sql::new(
        "SELECT tag_id FROM taggings WHERE taggable_type = $1 AND taggable_id = $2 AND context = $3 \
         AND tagger_id IS NULL AND tag_id IS NOT NULL ORDER BY id",
    )
    .bind(taggable_type)
    .bind(taggable_id)
    .bind(LABELS);
    let rows: Vec<(i64,)> = e.fetch_all(q).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

async fn adjust_count(e: &impl Exec, tag_id: i64, by: i32) -> Result<()> {
    e.execute(
        Sql::new("UPDATE tags SET taggings_count = COALESCE(taggings_count, 0) + $2 WHERE id = $1")
            .bind(tag_id)
            .bind(by),
    )
    .await
    .map(|_| ())
}

/// `update_labels`: the taggable's labels become `names` (already parsed and de-duplicated):
/// taggings of other tags go, missing ones are added.
pub async fn set_labels(
    e: &impl Exec,
    taggable_type: &str,
    taggable_id: i64,
    names: &[String],
    now: NaiveDateTime,
) -> Result<()> {
    let mut wanted = Vec::with_capacity(names.len());
    for name in names {
        let id = find_or_create_tag(e, name).await?;
        if !wanted.contains(&id) {
            wanted.push(id);
        }
    }
    let current = tag_ids(e, taggable_type, taggable_id).await?;
    for old in current.iter().filter(|id| !wanted.contains(id)) {
        let q = Sql::new(
            "DELETE FROM taggings WHERE taggable_type = $1 AND taggable_id = $2 AND context = $3 \
             AND tagger_id IS NULL AND tag_id = $4",
        )
        .bind(taggable_type)
        .bind(taggable_id)
        .bind(LABELS)
        .bind(*old);
        let removed = e.execute(q).await?;
        adjust_count(e, *old, -(removed as i32)).await?;
    }
    for new in wanted.iter().filter(|id| !current.contains(id)) {
        let q = Sql::new(
            "INSERT INTO taggings (tag_id, taggable_type, taggable_id, context, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(*new)
        .bind(taggable_type)
        .bind(taggable_id)
        .bind(LABELS)
        .bind(now);
        e.execute(q).await?;
        adjust_count(e, *new, 1).await?;
    }
    Ok(())
}

/// Removes every tagging of a taggable (the gem's `dependent: :destroy`).
pub async fn delete_all(e: &impl Exec, taggable_type: &str, taggable_id: i64) -> Result<()> {
    let q = Sql::new(
        "UPDATE tags SET taggings_count = COALESCE(taggings_count, 0) - (SELECT COUNT(*) FROM taggings \
         WHERE taggings.tag_id = tags.id AND taggings.taggable_type = $1 AND taggings.taggable_id = $2) \
         WHERE id IN (SELECT tag_id FROM taggings WHERE taggable_type = $1 AND taggable_id = $2)",
    )
    .bind(taggable_type)
    .bind(taggable_id);
    e.execute(q).await?;
    e.execute(
        Sql::new("DELETE FROM taggings WHERE taggable_type = $1 AND taggable_id = $2")
            .bind(taggable_type)
            .bind(taggable_id),
    )
    .await
    .map(|_| ())
}

/// `tagged_with(names, any: true)` as a condition on `id_expr` (an id column written by this
/// crate): tagged with any of the names, ignoring case. An uncorrelated semi-join, so a list
/// query reads taggings once rather than once per row.
pub fn tagged_with_any(
    q: &mut Sql,
    id_expr: &str,
    taggable_type: &str,
    names: &[String],
) -> String {
    let ty = q.arg(taggable_type);
    let names: Vec<String> = names
        .iter()
        .map(|n| format!("LOWER({})", q.arg(n.as_str())))
        .collect();
    format!(
        "{id_expr} IN (SELECT taggings.taggable_id FROM taggings JOIN tags ON tags.id = taggings.tag_id \
         WHERE taggings.taggable_type = {ty} AND taggings.taggable_id IS NOT NULL \
         AND LOWER(tags.name) IN ({}))",
        names.join(", ")
    )
}
