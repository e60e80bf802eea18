//! `ConversationFinder`: the conversation list, its four counts, search by message text, and
//! `Conversations::FilterService` (the advanced filter).

use super::Viewer;
use crate::{AppError, Result};
use domain::enums::ConversationStatus;
use domain::filters::Filter;
use store::conversations::{Assignee, Conversation, ListQuery};
use store::Db;

pub const PER_PAGE: i64 = 25;

/// The list params as the finder reads them (already typed by the handler).
#[derive(Debug, Default, Clone)]
pub struct ListParams {
    pub assignee_type: Option<String>,
    pub status: Option<String>,
    pub inbox_id: Option<i64>,
    pub team_id: Option<i64>,
    pub labels: Vec<String>,
    pub q: Option<String>,
    pub sort_by: Option<String>,
    pub page: Option<i64>,
    pub conversation_type: Option<String>,
    pub source_id: Option<String>,
}

pub struct Counts {
    pub mine: i64,
    pub assigned: i64,
    pub unassigned: i64,
    pub all: i64,
}

/// `SORT_OPTIONS`: an unknown key sorts by latest activity, as upstream's fallback does.
fn order(sort_by: Option<&str>) -> &'static str {
    match sort_by.unwrap_or_default() {
        "last_activity_at_asc" => store::conversations::BY_LAST_ACTIVITY_ASC,
        "created_at_asc" | "sort_on_created_at" => "conversations.created_at ASC, conversations.id ASC",
        "created_at_desc" => "conversations.created_at DESC, conversations.id DESC",
        "priority_asc" => {
            "CASE WHEN conversations.priority IS NULL THEN 1 ELSE 0 END, conversations.priority ASC, conversations.last_activity_at DESC, conversations.id DESC"
        }
        "priority_desc" | "sort_on_priority" => {
            "CASE WHEN conversations.priority IS NULL THEN 1 ELSE 0 END, conversations.priority DESC, conversations.last_activity_at DESC, conversations.id DESC"
        }
        "waiting_since_asc" | "sort_on_waiting_since" => {
            "CASE WHEN conversations.waiting_since IS NULL THEN 1 ELSE 0 END, conversations.waiting_since ASC, conversations.created_at ASC, conversations.id ASC"
        }
        "waiting_since_desc" => {
            "CASE WHEN conversations.waiting_since IS NULL THEN 1 ELSE 0 END, conversations.waiting_since DESC, conversations.created_at DESC, conversations.id DESC"
        }
        _ => store::conversations::BY_LAST_ACTIVITY,
    }
}

fn assignee(kind: Option<&str>) -> Assignee {
    match kind.unwrap_or_default() {
        "me" => Assignee::Me,
        "unassigned" => Assignee::Unassigned,
        "assigned" => Assignee::Assigned,
        _ => Assignee::All,
    }
}

/// `filter_by_status`: "all" lifts it, absent means open; a name no status has finds nothing
/// upstream (`where(status: 'x')` is `WHERE status IS NULL`), so it is refused here instead.
fn status(s: Option<&str>) -> Result<Option<i32>> {
    match s.filter(|s| !s.is_empty()) {
        Some("all") => Ok(None),
        None => Ok(Some(ConversationStatus::Open.as_i32())),
        Some(s) => ConversationStatus::parse(s)
            .map(|st| Some(st.as_i32()))
            .ok_or_else(|| AppError::Unprocessable(format!("'{s}' is not a valid status"))),
    }
}

/// Runs the finder for the viewer (a user: bots do not list).
pub async fn list(
    db: &Db,
    account_id: i64,
    viewer: Viewer,
    p: &ListParams,
    filter: Option<Filter>,
    with_page: bool,
) -> Result<(Vec<Conversation>, Counts)> {
    let (user_id, admin) = match viewer {
        Viewer::User { id, admin } => (id, admin),
        Viewer::Bot { .. } => return Err(AppError::not_authorized()),
    };
    if let Some(team) = p.team_id {
        store::teams::find(db, account_id, team)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let text = p.q.clone();
    let q = ListQuery {
        account_id,
        user_id,
        member_only: !admin,
        inbox_id: p.inbox_id,
        team_id: p.team_id,
        // The text search and the advanced filter look at every status.
        status: if text.is_some() || filter.is_some() {
            None
        } else {
            status(p.status.as_deref())?
        },
        labels: p.labels.clone(),
        text,
        filter,
        // An unknown type lists as if none was given, as upstream's `case` does.
        kind: match p.conversation_type.as_deref() {
            Some("mention") => Some(store::conversations::Kind::Mention),
            Some("participating") => Some(store::conversations::Kind::Participating),
            Some("unattended") => Some(store::conversations::Kind::Unattended),
            _ => None,
        },
        source_id: p.source_id.clone().filter(|s| !s.is_empty()),
        assignee: assignee(p.assignee_type.as_deref()),
        order: order(p.sort_by.as_deref()),
        page: p.page.unwrap_or(1).clamp(1, 1_000_000),
        per_page: PER_PAGE,
    };
    let (mine, unassigned, all) = store::conversations::counts(db, &q).await?;
    let rows = if with_page {
        store::conversations::page(db, &q).await?
    } else {
        Vec::new()
    };
    Ok((
        rows,
        Counts {
            mine,
            assigned: all - unassigned,
            unassigned,
            all,
        },
    ))
}

/// `conversation_attribute` definitions' `attribute_model`.
const CONVERSATION_ATTRIBUTE: i32 = 0;

const SPEC: domain::filters::FilterSpec = domain::filters::FilterSpec {
    entity: "Conversation",
    keys: domain::filters::CONVERSATION_KEYS,
    first_value_only: false,
};

/// `Conversations::FilterService`'s checks, then upstream's value mapping: status and priority
/// names become their integers, ids become numbers (the columns are integers).
pub async fn conversation_filter(
    e: &impl store::Exec,
    account_id: i64,
    payload: &[serde_json::Value],
) -> Result<Filter> {
    use domain::filters::CustomAttributeType;
    use domain::filters::{Cast, Column, Predicate, Scalar};
    let defs =
        store::custom_attribute_definitions::list(e, account_id, Some(CONVERSATION_ATTRIBUTE))
            .await?;
    let custom: std::collections::HashMap<String, CustomAttributeType> = defs
        .into_iter()
        .filter_map(|d| {
            let kind = CustomAttributeType::from_i32(d.attribute_display_type.unwrap_or(0))?;
            Some((d.attribute_key?, kind))
        })
        .collect();
    let today = domain::time::now().date();
    let mut filter = domain::filters::parse(&SPEC, payload, &custom, today)
        .map_err(crate::contacts::filter_error)?;
    let invalid = |v: &str| AppError::Unprocessable(format!("Invalid value {v}"));
    for cond in filter.groups.iter_mut().flatten() {
        let Column::Standard(col) = cond.column else {
            continue;
        };
        let map = |s: &Scalar| -> Result<Scalar> {
            let text = match s {
                Scalar::Text(t) => t.clone(),
                other => return Ok(other.clone()),
            };
            let n = match col {
                "status" => ConversationStatus::parse(&text).map(|s| s.as_i32()),
                "priority" => domain::enums::ConversationPriority::parse(&text).map(|p| p.as_i32()),
                _ => text.trim().parse::<i32>().ok(),
            };
            n.map(|n| Scalar::Number(f64::from(n)))
                .ok_or_else(|| invalid(&text))
        };
        if !matches!(
            col,
            "status" | "priority" | "assignee_id" | "inbox_id" | "team_id" | "campaign_id"
        ) {
            continue;
        }
        cond.predicate = match &cond.predicate {
            Predicate::In(v) => Predicate::In(v.iter().map(map).collect::<Result<_>>()?),
            Predicate::NotIn(v) => Predicate::NotIn(v.iter().map(map).collect::<Result<_>>()?),
            other => other.clone(),
        };
        cond.cast = Cast::Number;
    }
    Ok(filter)
}
