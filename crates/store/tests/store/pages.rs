//! A page of the conversation list read by partitions (per status, per inbox of an agent)
//! equals the page of the one query over the whole list, for every viewer, filter, tab, order
//! and page.

use crate::counts::{account, change, insert, query, Account, Lcg, STATUSES};
use crate::seam::fresh;
use store::conversations::{Assignee, ListQuery, BY_LAST_ACTIVITY, BY_LAST_ACTIVITY_ASC};
use store::{Db, Exec};

fn ids(rows: &[store::conversations::Conversation]) -> Vec<i64> {
    rows.iter().map(|c| c.id).collect()
}

async fn assert_pages_match(db: &Db, a: &Account, rng: &mut Lcg, every: usize) -> usize {
    let inboxes: Vec<Option<i64>> = std::iter::once(None)
        .chain(a.inboxes.iter().copied().map(Some))
        .collect();
    let statuses: Vec<Option<i32>> = std::iter::once(None).chain(STATUSES.map(Some)).collect();
    let tabs = [
        Assignee::All,
        Assignee::Me,
        Assignee::Unassigned,
        Assignee::Assigned,
    ];
    let mut compared = 0;
    for &user in &a.users {
        for member_only in [false, true] {
            for &inbox_id in &inboxes {
                for &status in &statuses {
                    for assignee in tabs {
                        for order in [BY_LAST_ACTIVITY, BY_LAST_ACTIVITY_ASC] {
                            for (page, per_page) in [(1, 25), (1, 4), (3, 4)] {
                                if rng.below(every) != 0 {
                                    continue;
                                }
                                let q = ListQuery {
                                    inbox_id,
                                    status,
                                    assignee,
                                    order,
                                    page,
                                    per_page,
                                    ..query(a, user, member_only)
                                };
                                let paged = store::conversation_page::page(db, &q).await.unwrap();
                                let single = store::conversation_page::single_query(db, &q)
                                    .await
                                    .unwrap();
                                assert_eq!(
                                    ids(&paged),
                                    ids(&single),
                                    "{q:?} on {:?}",
                                    db.backend()
                                );
                                compared += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    compared
}

#[tokio::test]
async fn partitioned_pages_equal_the_single_query() {
    let (db, _g) = fresh().await;
    let a = account(&db, "pages").await;
    let mut rng = Lcg(5);
    let tx = db.begin().await.unwrap();
    insert(&tx, &a, 60, &mut rng).await;
    tx.commit().await.unwrap();
    let mut compared = 0;
    for _ in 0..4 {
        let tx = db.begin().await.unwrap();
        for _ in 0..15 {
            change(&tx, &a, &mut rng).await;
        }
        tx.commit().await.unwrap();
        compared += assert_pages_match(&db, &a, &mut rng, 6).await;
    }
    assert!(compared > 500, "compared {compared} pages");
}
