//! A validated [`domain::filters::Filter`] as SQL. Column and table names come from this crate
//! or the domain's key table; every value, JSON key and LIKE pattern is a bound parameter.
//! What differs between the databases goes through `dialect.rs`. Label conditions are
//! uncorrelated `IN (SELECT ...)` semi-joins on taggings, not per-row subqueries.

use crate::dialect::like_escape;
use crate::{Backend, Sql};
use chrono::{Days, NaiveDate, NaiveDateTime};
use domain::filters::{Cast, Column, Condition, Filter, Predicate, Scalar};

/// The table a filter runs over and the `taggable_type` of its rows' labels.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub table: &'static str,
    pub taggable_type: &'static str,
}

pub const CONTACTS: Target = Target {
    table: "contacts",
    taggable_type: "Contact",
};

/// Appends ` AND (<filter>)` to `q`; an empty filter adds nothing.
pub fn push_where(q: &mut Sql, backend: Backend, target: &Target, filter: &Filter) {
    if filter.groups.is_empty() {
        return;
    }
    let mut groups = Vec::with_capacity(filter.groups.len());
    for group in &filter.groups {
        let all: Vec<String> = group
            .iter()
            .map(|c| condition(q, backend, target, c))
            .collect();
        groups.push(format!("({})", all.join(" AND ")));
    }
    let sql = format!(" AND ({})", groups.join(" OR "));
    q.push(&sql);
}

fn condition(q: &mut Sql, backend: Backend, t: &Target, c: &Condition) -> String {
    let raw = match &c.column {
        Column::Labels => return labels(q, t, &c.predicate),
        Column::Standard(col) => {
            let column = format!("{}.{col}", t.table);
            if c.cast == Cast::Date {
                return timestamp_column(q, &column, &c.predicate);
            }
            column
        }
        Column::Additional(key) => {
            backend.json_text(q, &format!("{}.additional_attributes", t.table), key)
        }
        Column::Custom(key) => backend.json_text(q, &format!("{}.custom_attributes", t.table), key),
    };
    let from_json = !matches!(c.column, Column::Standard(_));
    let expr = match c.cast {
        Cast::Text => raw.clone(),
        Cast::LowerText => format!("LOWER({raw})"),
        Cast::Number if from_json => backend.numeric(&raw),
        Cast::Boolean if from_json => format!(
            "(CASE WHEN LOWER({raw}) IN ('true', 't', '1') THEN 1 \
             WHEN LOWER({raw}) IN ('false', 'f', '0') THEN 0 END)"
        ),
        // ISO dates (what the dashboard stores) compare as text.
        Cast::Date => format!(
            "(CASE WHEN LENGTH({raw}) >= 10 AND SUBSTR({raw}, 5, 1) = '-' AND SUBSTR({raw}, 8, 1) = '-' \
             THEN SUBSTR({raw}, 1, 10) END)"
        ),
        Cast::Number | Cast::Boolean => raw.clone(),
    };
    let sql = compare(q, backend, &expr, &c.predicate, from_json);
    if c.or_null {
        format!("({sql} OR {raw} IS NULL)")
    } else {
        sql
    }
}

/// Binds a value; JSON-read booleans are the 1/0 of the CASE above, JSON dates their text.
fn bind(q: &mut Sql, v: &Scalar, from_json: bool) -> String {
    match v {
        Scalar::Text(s) => q.arg(s.as_str()),
        Scalar::Number(n) => q.arg(*n),
        Scalar::Bool(b) if from_json => q.arg(i64::from(*b)),
        Scalar::Bool(b) => q.arg(*b),
        Scalar::Date(d) => q.arg(d.format("%Y-%m-%d").to_string()),
    }
}

fn likes(q: &mut Sql, backend: Backend, expr: &str, patterns: Vec<String>) -> String {
    let any: Vec<String> = patterns
        .into_iter()
        .map(|p| format!("{expr} {} {} ESCAPE '\\'", backend.ilike(), q.arg(p)))
        .collect();
    format!("({})", any.join(" OR "))
}

fn compare(q: &mut Sql, backend: Backend, expr: &str, p: &Predicate, from_json: bool) -> String {
    let list = |q: &mut Sql, vs: &[Scalar]| {
        vs.iter()
            .map(|v| bind(q, v, from_json))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let contains = |texts: &[String]| {
        texts
            .iter()
            .map(|t| format!("%{}%", like_escape(t)))
            .collect::<Vec<_>>()
    };
    match p {
        Predicate::In(vs) => format!("{expr} IN ({})", list(q, vs)),
        Predicate::NotIn(vs) => format!("{expr} NOT IN ({})", list(q, vs)),
        Predicate::Contains(texts) => likes(q, backend, expr, contains(texts)),
        Predicate::NotContains(texts) => {
            format!("NOT {}", likes(q, backend, expr, contains(texts)))
        }
        Predicate::StartsWith(prefix) => {
            likes(q, backend, expr, vec![format!("{}%", like_escape(prefix))])
        }
        Predicate::Present => format!("{expr} IS NOT NULL"),
        Predicate::NotPresent => format!("{expr} IS NULL"),
        Predicate::Greater(v) => format!("{expr} > {}", bind(q, v, from_json)),
        Predicate::Less(v) => format!("{expr} < {}", bind(q, v, from_json)),
    }
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default()
}

fn next_midnight(d: NaiveDate) -> NaiveDateTime {
    midnight(d.checked_add_days(Days::new(1)).unwrap_or(d))
}

/// Upstream compares `(column)::date`; the same test as bounds on the raw timestamp keeps the
/// column's index usable and needs no date function.
fn timestamp_column(q: &mut Sql, column: &str, p: &Predicate) -> String {
    let day = |q: &mut Sql, v: &Scalar| match v {
        Scalar::Date(d) => format!(
            "({column} >= {} AND {column} < {})",
            q.arg(midnight(*d)),
            q.arg(next_midnight(*d))
        ),
        _ => "1 = 0".to_string(),
    };
    match p {
        Predicate::Greater(Scalar::Date(d)) => format!("{column} >= {}", q.arg(next_midnight(*d))),
        Predicate::Less(Scalar::Date(d)) => format!("{column} < {}", q.arg(midnight(*d))),
        Predicate::In(vs) => {
            let days: Vec<String> = vs.iter().map(|v| day(q, v)).collect();
            format!("({})", days.join(" OR "))
        }
        Predicate::NotIn(vs) => {
            let days: Vec<String> = vs.iter().map(|v| day(q, v)).collect();
            format!("({column} IS NOT NULL AND NOT ({}))", days.join(" OR "))
        }
        Predicate::Present => format!("{column} IS NOT NULL"),
        Predicate::NotPresent => format!("{column} IS NULL"),
        // The domain only builds the forms above for date columns.
        _ => "1 = 0".to_string(),
    }
}

/// `tag_filter_query`: rows with (or without) a tagging of the named tags, or of any tag.
/// Names compare exactly, as upstream's `tags.name IN (...)` does.
fn labels(q: &mut Sql, t: &Target, p: &Predicate) -> String {
    let id = format!("{}.id", t.table);
    let ty = q.arg(t.taggable_type);
    let any_tag = format!(
        "SELECT taggings.taggable_id FROM taggings WHERE taggings.taggable_type = {ty} \
         AND taggings.taggable_id IS NOT NULL"
    );
    let named = |q: &mut Sql, vs: &[Scalar]| {
        let names: Vec<String> = vs
            .iter()
            .map(|v| match v {
                Scalar::Text(s) => q.arg(s.as_str()),
                other => q.arg(format!("{other:?}")),
            })
            .collect();
        format!(
            "SELECT taggings.taggable_id FROM taggings JOIN tags ON tags.id = taggings.tag_id \
             WHERE taggings.taggable_type = {ty} AND taggings.taggable_id IS NOT NULL \
             AND tags.name IN ({})",
            names.join(", ")
        )
    };
    match p {
        Predicate::In(vs) => format!("{id} IN ({})", named(q, vs)),
        Predicate::NotIn(vs) => format!("{id} NOT IN ({})", named(q, vs)),
        Predicate::Present => format!("{id} IN ({any_tag})"),
        Predicate::NotPresent => format!("{id} NOT IN ({any_tag})"),
        // The key table allows no other operator on labels.
        _ => "1 = 0".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::filters::{parse, CustomAttributeType, CONTACTS as SPEC};
    use serde_json::json;
    use std::collections::HashMap;

    const EVIL: &str = "x' OR '1'='1'; DROP TABLE contacts; --";

    /// Every value, pattern and JSON key of a filter reaches SQL as a parameter: the SQL text
    /// of each backend holds none of them.
    #[test]
    fn input_is_only_ever_bound() {
        let custom: HashMap<String, CustomAttributeType> =
            [(EVIL.to_string(), CustomAttributeType::Text)]
                .into_iter()
                .collect();
        let payload = json!([
            {"attribute_key": "name", "filter_operator": "contains", "values": [EVIL], "query_operator": "AND"},
            {"attribute_key": "city", "filter_operator": "equal_to", "values": [EVIL], "query_operator": "OR"},
            {"attribute_key": EVIL, "filter_operator": "not_equal_to", "values": [EVIL], "query_operator": "AND"},
            {"attribute_key": "labels", "filter_operator": "equal_to", "values": [EVIL]}
        ]);
        let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let filter = parse(&SPEC, payload.as_array().unwrap(), &custom, today).unwrap();
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let mut q = Sql::new("SELECT id FROM contacts WHERE account_id = $1").bind(1i64);
            push_where(&mut q, backend, &CONTACTS, &filter);
            assert!(!q.text().contains("DROP"), "{backend:?}: {}", q.text());
            assert!(!q.text().contains("'1'='1'"), "{backend:?}: {}", q.text());
            assert!(q.text().contains(") OR ("), "two AND groups joined by OR");
            let placeholders = q.text().matches('$').count();
            assert!(
                placeholders >= q.args.len(),
                "every argument has a placeholder"
            );
        }
    }
}
