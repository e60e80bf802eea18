//! The maintained conversation counters (schema 0009) agree with a scan of `conversations`
//! after random creates, updates, reassignments, deletes, cascades, rollbacks and compactions,
//! and concurrent writers neither deadlock nor lose a count.

use crate::seam::{fresh, fresh_with};
use serde_json::json;
use store::conversations::{Assignee, ListQuery};
use store::{Db, Exec, Sql};

/// A small deterministic generator, so a failure replays.
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    /// One of `items`, or None one time in three.
    pub(crate) fn maybe<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (self.below(3) > 0 && !items.is_empty()).then(|| self.pick(items))
    }
}

#[derive(Default, Clone)]
pub(crate) struct Account {
    pub(crate) id: i64,
    pub(crate) inboxes: Vec<i64>,
    pub(crate) teams: Vec<i64>,
    pub(crate) users: Vec<i64>,
}

async fn id(e: &impl Exec, q: Sql) -> i64 {
    e.scalar::<i64>(q).await.unwrap()
}

/// An account with three inboxes, two teams and three users: the first a member of two
/// inboxes, the second of one, the third of none.
pub(crate) async fn account(db: &Db, name: &str) -> Account {
    let now = domain::time::now();
    let tx = db.begin().await.unwrap();
    let new = store::accounts::NewAccount {
        name: name.into(),
        locale: 0,
        domain: None,
        support_email: None,
        feature_flags: 0,
        status: 0,
        limits: json!({}),
        custom_attributes: json!({}),
        settings: json!({}),
    };
    let mut a = Account {
        id: store::accounts::insert(&tx, &new, now).await.unwrap().id,
        ..Default::default()
    };
    for i in 0..3 {
        let channel = id(&tx, Sql::new("INSERT INTO channel_api (account_id, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id").bind(a.id).bind(now)).await;
        a.inboxes.push(id(&tx, Sql::new("INSERT INTO inboxes (channel_id, account_id, name, channel_type, created_at, updated_at) VALUES ($1, $2, $3, 'Channel::Api', $4, $4) RETURNING id").bind(channel).bind(a.id).bind(format!("Inbox {i}")).bind(now)).await);
    }
    for i in 0..2 {
        a.teams.push(id(&tx, Sql::new("INSERT INTO teams (name, account_id, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id").bind(format!("team {i}")).bind(a.id).bind(now)).await);
    }
    for i in 0..3 {
        let email = format!("{name}-{i}@example.com");
        a.users.push(id(&tx, Sql::new("INSERT INTO users (name, email, uid, created_at, updated_at) VALUES ($1, $2, $2, $3, $3) RETURNING id").bind(format!("User {i}")).bind(email).bind(now)).await);
    }
    for (user, inbox) in [(0, 0), (0, 1), (1, 1)] {
        store::inbox_members::insert(&tx, a.inboxes[inbox], a.users[user], now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    a
}

pub(crate) const STATUSES: [i32; 4] = [0, 1, 2, 3];

/// Inserts `n` conversations of `a` with random keys in one statement.
pub(crate) async fn insert(e: &impl Exec, a: &Account, n: usize, rng: &mut Lcg) {
    let mut q = Sql::new("INSERT INTO conversations (account_id, inbox_id, status, assignee_id, team_id, display_id, uuid, last_activity_at, created_at, updated_at) VALUES ");
    let now = domain::time::now();
    for i in 0..n {
        let uuid = uuid::Uuid::new_v4().to_string();
        let row = [
            q.arg(a.id),
            q.arg(rng.pick(&a.inboxes)),
            q.arg(rng.pick(&STATUSES)),
            q.arg(rng.maybe(&a.users)),
            q.arg(rng.maybe(&a.teams)),
            q.arg(rng.next() as i64),
            q.arg(uuid),
            // Few distinct times, so the id breaks many ties.
            q.arg(now - chrono::Duration::minutes(rng.below(20) as i64)),
        ];
        if i > 0 {
            q.push(", ");
        }
        q.push(&format!(
            "({}, {}, {}, {}, {}, {}, {}, {}, {7}, {7})",
            row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]
        ));
    }
    e.execute(q).await.unwrap();
}

/// The id of a random conversation of the account, if it has any.
async fn some_conversation(e: &impl Exec, a: &Account, rng: &mut Lcg) -> Option<i64> {
    let ids: Vec<(i64,)> = e
        .fetch_all(
            Sql::new("SELECT id FROM conversations WHERE account_id = $1 ORDER BY id").bind(a.id),
        )
        .await
        .unwrap();
    (!ids.is_empty()).then(|| ids[rng.below(ids.len())].0)
}

/// One random change to the account's conversations.
pub(crate) async fn change(e: &impl Exec, a: &Account, rng: &mut Lcg) {
    let Some(c) = some_conversation(e, a, rng).await else {
        return insert(e, a, 1, rng).await;
    };
    let q = match rng.below(11) {
        0 => return insert(e, a, 1, rng).await,
        1 => return insert(e, a, 1 + rng.below(6), rng).await,
        2 => Sql::new("UPDATE conversations SET status = $2 WHERE id = $1").bind(c).bind(rng.pick(&STATUSES)),
        3 => Sql::new("UPDATE conversations SET assignee_id = $2 WHERE id = $1").bind(c).bind(rng.maybe(&a.users)),
        4 => Sql::new("UPDATE conversations SET team_id = $2 WHERE id = $1").bind(c).bind(rng.maybe(&a.teams)),
        5 => Sql::new("UPDATE conversations SET inbox_id = $2 WHERE id = $1").bind(c).bind(rng.pick(&a.inboxes)),
        // Every counted column at once, as `save` writes them, often to the same values.
        6 => Sql::new("UPDATE conversations SET status = $2, assignee_id = $3, team_id = $4, last_activity_at = $5 WHERE id = $1")
            .bind(c)
            .bind(rng.pick(&STATUSES))
            .bind(rng.maybe(&a.users))
            .bind(rng.maybe(&a.teams))
            .bind(domain::time::now()),
        7 => Sql::new("UPDATE conversations SET status = status, last_activity_at = $2 WHERE id = $1").bind(c).bind(domain::time::now()),
        // Many rows in one statement.
        8 => Sql::new("UPDATE conversations SET status = $2, assignee_id = $3 WHERE account_id = $1 AND id % 3 = $4")
            .bind(a.id)
            .bind(rng.pick(&STATUSES))
            .bind(rng.maybe(&a.users))
            .bind(rng.below(3) as i64),
        9 => Sql::new("DELETE FROM conversations WHERE id = $1").bind(c),
        _ => Sql::new("DELETE FROM conversations WHERE account_id = $1 AND id % 7 = $2").bind(a.id).bind(rng.below(7) as i64),
    };
    e.execute(q).await.unwrap();
}

/// Every counter (counts plus deltas) equals the count of its conversations, and no key
/// counts what has none.
async fn assert_counters_match(db: &Db) {
    let key = "account_id, status, inbox_id, COALESCE(team_id, 0), COALESCE(assignee_id, 0)";
    let scan: Vec<(i64, i32, i64, i64, i64, i64)> = db
        .fetch_all(Sql::new(format!(
            "SELECT {key}, CAST(COUNT(*) AS BIGINT) FROM conversations GROUP BY {key} ORDER BY 1, 2, 3, 4, 5"
        )))
        .await
        .unwrap();
    let counted: Vec<(i64, i32, i64, i64, i64, i64)> = db
        .fetch_all(Sql::new(
            "SELECT account_id, status, inbox_id, team_id, assignee_id, CAST(SUM(n) AS BIGINT) FROM \
             (SELECT account_id, status, inbox_id, team_id, assignee_id, count AS n FROM conversation_counts \
              UNION ALL SELECT account_id, status, inbox_id, team_id, assignee_id, delta FROM conversation_count_deltas) c \
             GROUP BY 1, 2, 3, 4, 5 HAVING SUM(n) <> 0 ORDER BY 1, 2, 3, 4, 5",
        ))
        .await
        .unwrap();
    assert_eq!(counted, scan, "counters on {:?}", db.backend());
    let accounts: Vec<(i64,)> = db
        .fetch_all(Sql::new("SELECT id FROM accounts"))
        .await
        .unwrap();
    for (account,) in accounts {
        let off = store::conversation_counts::mismatches(db, account)
            .await
            .unwrap();
        assert_eq!(off, 0, "mismatches of account {account}");
    }
}

pub(crate) fn query(a: &Account, user: i64, member_only: bool) -> ListQuery {
    ListQuery {
        account_id: a.id,
        user_id: user,
        member_only,
        inbox_id: None,
        team_id: None,
        status: None,
        labels: vec![],
        text: None,
        filter: None,
        kind: None,
        source_id: None,
        assignee: Assignee::All,
        order: "conversations.id DESC",
        page: 1,
        per_page: 25,
    }
}

/// The list's counts from the counters equal the scan's for every viewer, inbox (and one of no
/// inbox), team and status of the account; `every` of the combinations, the rest skipped.
async fn assert_list_counts_match(db: &Db, a: &Account, rng: &mut Lcg, every: usize) {
    let inboxes: Vec<Option<i64>> = [None, Some(-1)]
        .into_iter()
        .chain(a.inboxes.iter().copied().map(Some))
        .collect();
    let teams: Vec<Option<i64>> = std::iter::once(None)
        .chain(a.teams.iter().copied().map(Some))
        .collect();
    let statuses: Vec<Option<i32>> = std::iter::once(None).chain(STATUSES.map(Some)).collect();
    let mut checked = 0;
    for &user in &a.users {
        for member_only in [false, true] {
            for &inbox_id in &inboxes {
                for &team_id in &teams {
                    for &status in &statuses {
                        if rng.below(every) != 0 {
                            continue;
                        }
                        let q = ListQuery {
                            inbox_id,
                            team_id,
                            status,
                            ..query(a, user, member_only)
                        };
                        assert!(store::conversation_counts::covers(&q));
                        let counted = store::conversation_counts::counts(db, &q).await.unwrap();
                        let scanned = store::conversations::counts_by_scan(db, &q).await.unwrap();
                        assert_eq!(counted, scanned, "{q:?} on {:?}", db.backend());
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 0 || every > 1);
}

#[tokio::test]
async fn counters_agree_with_a_scan_after_random_changes() {
    let (db, _g) = fresh().await;
    let mut accounts = vec![account(&db, "one").await, account(&db, "two").await];
    let mut rng = Lcg(2024);
    for round in 0..40 {
        for _ in 0..10 {
            let a = accounts[rng.below(accounts.len())].clone();
            let tx = db.begin().await.unwrap();
            for _ in 0..1 + rng.below(4) {
                change(&tx, &a, &mut rng).await;
            }
            // Some transactions roll back: their counts must vanish with them.
            if rng.below(6) == 0 {
                drop(tx);
            } else {
                tx.commit().await.unwrap();
            }
            if rng.below(4) == 0 {
                store::conversation_counts::compact(&db).await.unwrap();
            }
        }
        // Cascades: a deleted team or assignee is set to NULL, a deleted inbox takes its
        // conversations; each is replaced so the account keeps its shape.
        if round % 10 == 9 {
            let a = &mut accounts[rng.below(2)];
            let now = domain::time::now();
            let tx = db.begin().await.unwrap();
            let team = a.teams.remove(0);
            tx.execute(Sql::new("DELETE FROM teams WHERE id = $1").bind(team))
                .await
                .unwrap();
            a.teams.push(id(&tx, Sql::new("INSERT INTO teams (name, account_id, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id").bind(format!("team r{round}")).bind(a.id).bind(now)).await);
            let user = a.users.remove(2);
            tx.execute(Sql::new("DELETE FROM users WHERE id = $1").bind(user))
                .await
                .unwrap();
            a.users.push(id(&tx, Sql::new("INSERT INTO users (name, email, uid, created_at, updated_at) VALUES ('U', $1, $1, $2, $2) RETURNING id").bind(format!("r{round}-{}@example.com", a.id)).bind(now)).await);
            let inbox = a.inboxes.remove(2);
            tx.execute(Sql::new("DELETE FROM inboxes WHERE id = $1").bind(inbox))
                .await
                .unwrap();
            let channel = id(&tx, Sql::new("INSERT INTO channel_api (account_id, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id").bind(a.id).bind(now)).await;
            a.inboxes.push(id(&tx, Sql::new("INSERT INTO inboxes (channel_id, account_id, name, channel_type, created_at, updated_at) VALUES ($1, $2, $3, 'Channel::Api', $4, $4) RETURNING id").bind(channel).bind(a.id).bind(format!("Inbox r{round}")).bind(now)).await);
            tx.commit().await.unwrap();
        }
        assert_counters_match(&db).await;
        for a in &accounts {
            assert_list_counts_match(&db, a, &mut rng, 12).await;
        }
    }
    for a in &accounts {
        assert_list_counts_match(&db, a, &mut rng, 1).await;
    }
    store::conversation_counts::compact(&db).await.unwrap();
    assert_eq!(
        db.scalar::<i64>(Sql::new("SELECT COUNT(*) FROM conversation_count_deltas"))
            .await
            .unwrap(),
        0
    );
    assert_counters_match(&db).await;
    for a in &accounts {
        assert_list_counts_match(&db, a, &mut rng, 1).await;
    }

    // Deleting an account takes its conversations and leaves no counter behind.
    let tx = db.begin().await.unwrap();
    tx.execute(Sql::new("DELETE FROM accounts WHERE id = $1").bind(accounts[0].id))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    store::conversation_counts::compact(&db).await.unwrap();
    assert_counters_match(&db).await;
    let left = Sql::new("SELECT COUNT(*) FROM conversation_counts WHERE account_id = $1")
        .bind(accounts[0].id);
    assert_eq!(db.scalar::<i64>(left).await.unwrap(), 0);
    assert_eq!(
        db.scalar::<i64>(Sql::new(
            "SELECT COUNT(*) FROM conversation_counts WHERE count = 0"
        ))
        .await
        .unwrap(),
        0
    );
}

/// Transactions that change several conversations in opposite key orders (resolving one,
/// reopening another) at once, with compaction running beside them: with a counter row per key
/// updated in place they would deadlock on PostgreSQL; appended deltas never wait.
#[tokio::test]
async fn concurrent_writers_neither_deadlock_nor_lose_counts() {
    let (db, _g) = fresh_with(10).await;
    let a = account(&db, "busy").await;
    let mut rng = Lcg(7);
    let tx = db.begin().await.unwrap();
    insert(&tx, &a, 160, &mut rng).await;
    tx.commit().await.unwrap();
    let ids: Vec<(i64,)> = db
        .fetch_all(Sql::new("SELECT id FROM conversations ORDER BY id"))
        .await
        .unwrap();
    let writers = 8;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let compactor = {
        let (db, stop) = (db.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                store::conversation_counts::compact(&db).await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
        })
    };
    let mut tasks = Vec::new();
    for w in 0..writers {
        // Each writer owns its conversations, so only the counters could make writers wait.
        let mine: Vec<i64> = ids
            .iter()
            .map(|r| r.0)
            .filter(|id| id % writers == w)
            .collect();
        let (db, a) = (db.clone(), a.clone());
        tasks.push(tokio::spawn(async move {
            let mut rng = Lcg(100 + w as u64);
            for _ in 0..30 {
                let tx = db.begin().await.unwrap();
                for _ in 0..3 {
                    let c = rng.pick(&mine);
                    let q = Sql::new("UPDATE conversations SET status = $2, assignee_id = $3, team_id = $4 WHERE id = $1")
                        .bind(c)
                        .bind(rng.pick(&STATUSES))
                        .bind(rng.maybe(&a.users))
                        .bind(rng.maybe(&a.teams));
                    tx.execute(q).await.unwrap();
                    tokio::task::yield_now().await;
                }
                insert(&tx, &a, 1, &mut rng).await;
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    compactor.await.unwrap();
    assert_counters_match(&db).await;
    store::conversation_counts::compact(&db).await.unwrap();
    assert_counters_match(&db).await;
    assert_list_counts_match(&db, &a, &mut rng, 1).await;
}

/// The migration's backfill (the last statement of schema 0009) counts existing conversations.
#[tokio::test]
async fn the_migration_backfill_counts_existing_conversations() {
    let (db, _g) = fresh().await;
    let a = account(&db, "old").await;
    let mut rng = Lcg(99);
    let tx = db.begin().await.unwrap();
    insert(&tx, &a, 50, &mut rng).await;
    tx.execute(Sql::new("DELETE FROM conversation_counts"))
        .await
        .unwrap();
    tx.execute(Sql::new("DELETE FROM conversation_count_deltas"))
        .await
        .unwrap();
    let off = store::conversation_counts::mismatches(&tx, a.id).await;
    assert!(off.unwrap() > 0, "emptied counters differ");
    let source = include_str!("../../schema/0009_conversation_counts.sql");
    let backfill = &source[source.rfind("INSERT INTO conversation_counts").unwrap()..];
    tx.execute(Sql::new(backfill.trim().trim_end_matches(';').to_string()))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_counters_match(&db).await;
    assert_list_counts_match(&db, &a, &mut rng, 1).await;
}

/// A backlog of deltas larger than one compaction batch is folded completely.
#[tokio::test]
async fn a_backlog_of_deltas_compacts_completely() {
    let (db, _g) = fresh().await;
    let a = account(&db, "backlog").await;
    let mut rng = Lcg(3);
    let tx = db.begin().await.unwrap();
    for _ in 0..6 {
        insert(&tx, &a, 500, &mut rng).await;
    }
    tx.commit().await.unwrap();
    for status in [1, 2] {
        let tx = db.begin().await.unwrap();
        tx.execute(Sql::new("UPDATE conversations SET status = $1").bind(status))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    assert_counters_match(&db).await;
    store::conversation_counts::compact(&db).await.unwrap();
    let left = Sql::new("SELECT COUNT(*) FROM conversation_count_deltas");
    assert_eq!(db.scalar::<i64>(left).await.unwrap(), 0);
    assert_counters_match(&db).await;
}
