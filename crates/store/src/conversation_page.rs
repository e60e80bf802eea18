//! A page of the conversation list. Ordered by last activity (the default), the list is split
//! into partitions that an index returns already in that order: one per status, and for agents
//! (or an inbox filter) one per inbox and status, on `(account_id, inbox_id, status,
//! last_activity_at, id)` or `(account_id, status, last_activity_at, id)` (schemas 0006, 0011).
//! Each partition gives its first `offset + per_page` ids and the page is taken from their
//! union, so a page reads a bounded number of index entries whatever the data: an agent of a
//! small inbox no longer walks the account's whole open list to fill it. Other orders and
//! conditions (labels, text, filters) run as one query.

use crate::conversation_counts::covers;
use crate::conversations::{
    assignee_where, base_where, columns, Assignee, Conversation, ListQuery, BY_LAST_ACTIVITY,
    BY_LAST_ACTIVITY_ASC,
};
use crate::{Exec, Result, Sql};
use domain::enums::ConversationStatus;

/// Most partition rows a page may read (partitions times `offset + per_page`); past it (deep
/// pages of many inboxes) the single query is cheaper.
const MAX_PARTITION_ROWS: i64 = 10_000;

pub async fn page(e: &impl Exec, l: &ListQuery) -> Result<Vec<Conversation>> {
    match partitions(e, l).await? {
        Some(parts) if parts.is_empty() => Ok(Vec::new()),
        Some(parts) => merged(e, l, &parts).await,
        None => single_query(e, l).await,
    }
}

/// The page in one query over the whole list (also what the partitioned page must equal).
pub async fn single_query(e: &impl Exec, l: &ListQuery) -> Result<Vec<Conversation>> {
    let mut q = Sql::new(format!("SELECT {} FROM conversations", columns()));
    base_where(e, &mut q, l);
    assignee_where(&mut q, l);
    let limit = q.arg(l.per_page);
    let offset = q.arg(offset(l));
    q.push(&format!(
        " ORDER BY {} LIMIT {limit} OFFSET {offset}",
        l.order
    ));
    e.fetch_all(q).await
}

fn offset(l: &ListQuery) -> i64 {
    (l.page - 1).max(0) * l.per_page
}

/// The partitions of `l` as its list query with a single status (and inbox), or None when one
/// query serves it as well (or better).
async fn partitions(e: &impl Exec, l: &ListQuery) -> Result<Option<Vec<ListQuery>>> {
    if !covers(l) || (l.order != BY_LAST_ACTIVITY && l.order != BY_LAST_ACTIVITY_ASC) {
        return Ok(None);
    }
    let statuses: Vec<i32> = match l.status {
        Some(s) => vec![s],
        // Every status a conversation can have (the column holds nothing else).
        None => ConversationStatus::ALL.iter().map(|s| s.as_i32()).collect(),
    };
    // "Mine" reads the assignee index, which already narrows to a few rows; the viewer's
    // inboxes stay a filter there.
    let by_inbox = l.assignee != Assignee::Me && (l.member_only || l.inbox_id.is_some());
    let inboxes: Vec<Option<i64>> = if !by_inbox {
        vec![l.inbox_id]
    } else if l.member_only {
        let mut ids =
            crate::inbox_members::inbox_ids_in_account(e, l.user_id, l.account_id).await?;
        if let Some(only) = l.inbox_id {
            ids.retain(|id| *id == only);
        }
        ids.into_iter().map(Some).collect()
    } else {
        vec![l.inbox_id]
    };
    let count = (statuses.len() * inboxes.len()) as i64;
    if (!by_inbox && count == 1) || count * (offset(l) + l.per_page) > MAX_PARTITION_ROWS {
        return Ok(None);
    }
    let mut parts = Vec::new();
    for inbox_id in &inboxes {
        for status in &statuses {
            parts.push(ListQuery {
                member_only: l.member_only && !by_inbox,
                inbox_id: *inbox_id,
                status: Some(*status),
                ..l.clone()
            });
        }
    }
    Ok(Some(parts))
}

/// The page from the first `offset + per_page` ids of each partition.
async fn merged(e: &impl Exec, l: &ListQuery, parts: &[ListQuery]) -> Result<Vec<Conversation>> {
    let mut q = Sql::new(format!(
        "SELECT {} FROM conversations WHERE conversations.id IN (",
        columns()
    ));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            q.push(" UNION ALL ");
        }
        q.push("SELECT id FROM (SELECT conversations.id FROM conversations");
        base_where(e, &mut q, part);
        assignee_where(&mut q, part);
        let n = q.arg(offset(l) + l.per_page);
        q.push(&format!(" ORDER BY {} LIMIT {n}) p{i}", l.order));
    }
    let limit = q.arg(l.per_page);
    let offset = q.arg(offset(l));
    q.push(&format!(
        ") ORDER BY {} LIMIT {limit} OFFSET {offset}",
        l.order
    ));
    e.fetch_all(q).await
}
