//! The conversation list's counts from the counters the triggers of schema 0009 maintain
//! (`conversation_counts` plus not yet compacted `conversation_count_deltas`), and the
//! compaction that folds deltas into counts. Exact: a count is what a scan of `conversations`
//! would give for the same account, member inboxes, inbox, team and status.

use crate::conversations::ListQuery;
use crate::{Db, Exec, Result, Sql, Tx};
use std::collections::BTreeMap;

/// True when the counters can answer `l`: its conditions are only the account, the viewer's
/// inboxes, an inbox, a team and a status (labels, message text, the advanced filter, the
/// conversation type and the source id need the scan).
pub fn covers(l: &ListQuery) -> bool {
    l.labels.is_empty()
        && l.text.is_none()
        && l.filter.is_none()
        && l.kind.is_none()
        && l.source_id.is_none()
}

/// The counters' conditions, once per table of the union (each with its own placeholders).
fn push_where(q: &mut Sql, l: &ListQuery) {
    let account = q.arg(l.account_id);
    q.push(&format!(" WHERE account_id = {account}"));
    if l.member_only {
        let user = q.arg(l.user_id);
        q.push(&format!(
            " AND inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = {user})"
        ));
    }
    if let Some(inbox) = l.inbox_id {
        let p = q.arg(inbox);
        q.push(&format!(" AND inbox_id = {p}"));
    }
    if let Some(team) = l.team_id {
        let p = q.arg(team);
        q.push(&format!(" AND team_id = {p}"));
    }
    if let Some(status) = l.status {
        let p = q.arg(status);
        q.push(&format!(" AND status = {p}"));
    }
}

/// (mine, unassigned, all) for `l`, which must be [`covers`]ed.
pub async fn counts(e: &impl Exec, l: &ListQuery) -> Result<(i64, i64, i64)> {
    debug_assert!(covers(l));
    let mut q = Sql::new("");
    let user = q.arg(l.user_id);
    q.push(&format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN assignee_id = {user} THEN n ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN assignee_id = 0 THEN n ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM (SELECT assignee_id, count AS n FROM conversation_counts"
    ));
    push_where(&mut q, l);
    q.push(" UNION ALL SELECT assignee_id, delta AS n FROM conversation_count_deltas");
    push_where(&mut q, l);
    q.push(") c");
    e.fetch_one(q).await
}

/// How many counters of the account differ from a count of its conversations (0 when exact):
/// a consistency check that scans the account's conversations.
pub async fn mismatches(e: &impl Exec, account_id: i64) -> Result<i64> {
    let q = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT account_id FROM (\
         SELECT account_id, status, inbox_id, team_id, assignee_id, count AS n FROM conversation_counts WHERE account_id = $1 \
         UNION ALL SELECT account_id, status, inbox_id, team_id, assignee_id, delta FROM conversation_count_deltas WHERE account_id = $1 \
         UNION ALL SELECT account_id, status, inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0), -1 FROM conversations WHERE account_id = $1\
         ) x GROUP BY account_id, status, inbox_id, team_id, assignee_id HAVING SUM(n) <> 0) d",
    )
    .bind(account_id);
    e.scalar(q).await
}

/// A counter's key: (account_id, status, inbox_id, team_id, assignee_id).
type Key = (i64, i32, i64, i64, i64);

#[derive(sqlx::FromRow)]
struct Delta {
    account_id: i64,
    status: i32,
    inbox_id: i64,
    team_id: i64,
    assignee_id: i64,
    delta: i64,
}

/// Keys per upsert statement (6 placeholders each, well under PostgreSQL's 65,535).
const CHUNK: usize = 500;

/// Deltas folded per transaction, so a backlog never loads at once.
const BATCH: i64 = 5_000;

/// Folds every committed delta into `conversation_counts` and drops counters that reached zero;
/// returns the number of deltas folded. One compaction runs at a time (a PostgreSQL advisory
/// lock; SQLite's writer lock), so deltas are deleted and added exactly once. Run it every
/// second or so: reads stay correct without it, only slower as deltas pile up.
pub async fn compact(db: &Db) -> Result<u64> {
    let mut folded = 0;
    loop {
        let n = compact_batch(db).await?;
        folded += n;
        if n < BATCH as u64 {
            return Ok(folded);
        }
    }
}

/// Folds up to [`BATCH`] of the oldest deltas in one transaction.
async fn compact_batch(db: &Db) -> Result<u64> {
    let pending = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM conversation_count_deltas LIMIT 1) d",
    );
    if db.scalar::<i64>(pending).await? == 0 {
        return Ok(0);
    }
    let tx = db.begin().await?;
    if let Some(lock) = db.backend().try_xact_lock(COMPACTION_LOCK) {
        if !tx.scalar::<bool>(Sql::new(lock)).await? {
            return Ok(0);
        }
    }
    // The deleted rows are exactly the ones folded: a delta not yet committed is neither.
    let q = Sql::new(
        "DELETE FROM conversation_count_deltas WHERE id IN \
         (SELECT id FROM conversation_count_deltas ORDER BY id LIMIT $1) \
         RETURNING account_id, status, inbox_id, team_id, assignee_id, delta",
    )
    .bind(BATCH);
    let rows: Vec<Delta> = tx.fetch_all(q).await?;
    let mut sums: BTreeMap<Key, i64> = BTreeMap::new();
    for d in &rows {
        let key = (d.account_id, d.status, d.inbox_id, d.team_id, d.assignee_id);
        *sums.entry(key).or_default() += d.delta;
    }
    sums.retain(|_, n| *n != 0);
    let sums: Vec<(Key, i64)> = sums.into_iter().collect();
    for chunk in sums.chunks(CHUNK) {
        for (account, status, inbox, team, assignee) in upsert(&tx, chunk).await? {
            let q = Sql::new(
                "DELETE FROM conversation_counts WHERE account_id = $1 AND status = $2 \
                 AND inbox_id = $3 AND team_id = $4 AND assignee_id = $5 AND count = 0",
            )
            .bind(account)
            .bind(status)
            .bind(inbox)
            .bind(team)
            .bind(assignee);
            tx.execute(q).await?;
        }
    }
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// The compaction's advisory lock.
const COMPACTION_LOCK: &str = "conversation_counts";

/// Adds `n` to each key's counter, in key order; returns the keys whose counter is now zero.
async fn upsert(tx: &Tx, chunk: &[(Key, i64)]) -> Result<Vec<Key>> {
    let mut q = Sql::new(
        "INSERT INTO conversation_counts (account_id, status, inbox_id, team_id, assignee_id, count) VALUES ",
    );
    for (i, ((account, status, inbox, team, assignee), n)) in chunk.iter().enumerate() {
        let row = [
            q.arg(*account),
            q.arg(*status),
            q.arg(*inbox),
            q.arg(*team),
            q.arg(*assignee),
            q.arg(*n),
        ];
        if i > 0 {
            q.push(", ");
        }
        q.push(&format!("({})", row.join(", ")));
    }
    q.push(
        " ON CONFLICT (account_id, status, inbox_id, team_id, assignee_id) \
         DO UPDATE SET count = conversation_counts.count + excluded.count \
         RETURNING account_id, status, inbox_id, team_id, assignee_id, count AS delta",
    );
    let rows: Vec<Delta> = tx.fetch_all(q).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.delta == 0)
        .map(|r| (r.account_id, r.status, r.inbox_id, r.team_id, r.assignee_id))
        .collect())
}
