//! The conversation list's counts (`meta` of ConversationFinder), answered from the maintained
//! counters, stay equal to a count of the conversation rows through random creates, status
//! changes, reassignments, team changes, deletes and a team's deletion, for administrators and
//! agents and every inbox, team and status filter.

use crate::conversations::{create, world};
use serde_json::{json, Value};
use std::collections::HashSet;
use store::{Exec, Sql};
use testkit::{TestAccount, TestApp, TestUser};

/// A small deterministic generator, so a failure replays.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// (inbox_id, team_id, status, assignee_id) of a conversation.
type Row = (i64, Option<i64>, i32, Option<i64>);

/// A query string and the (inbox_id, team_id, status) it asks for.
type View = (String, Option<i64>, Option<i64>, Option<i32>);

/// Every conversation of the account.
async fn rows(app: &TestApp, account_id: i64) -> Vec<Row> {
    app.app
        .db
        .fetch_all(
            Sql::new("SELECT inbox_id, team_id, status, assignee_id FROM conversations WHERE account_id = $1")
                .bind(account_id),
        )
        .await
        .unwrap()
}

/// What `meta` must say for `viewer` (an agent sees only `member_of` inboxes) and the filters,
/// counted in the test from the rows.
fn expected(
    rows: &[Row],
    viewer: i64,
    member_of: Option<&HashSet<i64>>,
    inbox: Option<i64>,
    team: Option<i64>,
    status: Option<i32>,
) -> Value {
    let seen: Vec<_> = rows
        .iter()
        .filter(|r| member_of.is_none_or(|m| m.contains(&r.0)))
        .filter(|r| inbox.is_none_or(|i| r.0 == i))
        .filter(|r| team.is_none_or(|t| r.1 == Some(t)))
        .filter(|r| status.is_none_or(|s| r.2 == s))
        .collect();
    let all = seen.len();
    let unassigned = seen.iter().filter(|r| r.3.is_none()).count();
    let mine = seen.iter().filter(|r| r.3 == Some(viewer)).count();
    json!({"mine_count": mine, "assigned_count": all - unassigned, "unassigned_count": unassigned, "all_count": all})
}

const STATUSES: [(&str, i32); 4] = [("open", 0), ("resolved", 1), ("pending", 2), ("snoozed", 3)];

async fn assert_meta(
    app: &TestApp,
    acme: &TestAccount,
    viewers: &[(&TestUser, Option<HashSet<i64>>)],
    inboxes: &[i64],
    teams: &[i64],
) {
    let rows = rows(app, acme.id).await;
    let mut views: Vec<View> = vec![(String::new(), None, None, Some(0))];
    views.push(("status=all".into(), None, None, None));
    for (name, s) in STATUSES {
        views.push((format!("status={name}"), None, None, Some(s)));
    }
    for &i in inboxes {
        views.push((format!("inbox_id={i}"), Some(i), None, Some(0)));
        views.push((format!("inbox_id={i}&status=all"), Some(i), None, None));
    }
    for &t in teams {
        views.push((format!("team_id={t}"), None, Some(t), Some(0)));
        views.push((
            format!("team_id={t}&status=resolved&inbox_id={}", inboxes[0]),
            Some(inboxes[0]),
            Some(t),
            Some(1),
        ));
    }
    for (viewer, member_of) in viewers {
        for (query, inbox, team, status) in &views {
            let res = app
                .get(&acme.path(&format!("/conversations/meta?{query}")))
                .as_user(viewer)
                .send()
                .await;
            res.assert_status(200);
            let want = expected(&rows, viewer.id, member_of.as_ref(), *inbox, *team, *status);
            assert_eq!(res.json["meta"], want, "?{query} for user {}", viewer.id);
        }
    }
}

#[tokio::test]
async fn list_counts_follow_every_change_for_admins_and_agents() {
    let app = TestApp::new().await;
    let (acme, first, contact_id) = world(&app).await;
    let second = app.inbox(acme.id, "Second").await;
    let inboxes = [first, second];
    let (narrow, wide) = (app.agent(&acme).await, app.agent(&acme).await);
    app.add_inbox_member(first, &narrow).await;
    app.add_inbox_member(first, &wide).await;
    app.add_inbox_member(second, &wide).await;
    let mut teams = Vec::new();
    for name in ["sales", "support"] {
        let res = app
            .post(&acme.path("/teams"))
            .as_user(&acme.admin)
            .json(json!({"name": name}))
            .send()
            .await;
        teams.push(res.json["id"].as_i64().unwrap());
    }
    let assignees = [acme.admin.id, narrow.id, wide.id, 0];
    let viewers = [
        (&acme.admin, None),
        (&narrow, Some(HashSet::from([first]))),
        (&wide, Some(HashSet::from([first, second]))),
    ];
    let mut rng = Lcg(11);
    let mut ids: Vec<i64> = Vec::new();
    for step in 0..60 {
        let pick = |rng: &mut Lcg, ids: &[i64]| ids[rng.below(ids.len())];
        match if ids.is_empty() { 0 } else { rng.below(6) } {
            0 | 1 => {
                let mut body = json!({"contact_id": contact_id, "inbox_id": inboxes[rng.below(2)]});
                let assignee = assignees[rng.below(4)];
                if assignee != 0 {
                    body["assignee_id"] = json!(assignee);
                }
                if rng.below(2) == 0 {
                    body["team_id"] = json!(teams[rng.below(teams.len())]);
                }
                if rng.below(3) == 0 {
                    body["status"] = json!(STATUSES[rng.below(3)].0);
                }
                let res = create(&app, &acme, body).await;
                res.assert_status(200);
                ids.push(res.json["id"].as_i64().unwrap());
            }
            2 => {
                let id = pick(&mut rng, &ids);
                let status = STATUSES[rng.below(3)].0;
                app.post(&acme.path(&format!("/conversations/{id}/toggle_status")))
                    .as_user(&acme.admin)
                    .json(json!({"status": status}))
                    .send()
                    .await
                    .assert_status(200);
            }
            3 => {
                let id = pick(&mut rng, &ids);
                let body = json!({"assignee_id": assignees[rng.below(4)]});
                app.post(&acme.path(&format!("/conversations/{id}/assignments")))
                    .as_user(&acme.admin)
                    .json(body)
                    .send()
                    .await
                    .assert_status(200);
            }
            4 => {
                let id = pick(&mut rng, &ids);
                let body = json!({"team_id": teams[rng.below(teams.len())]});
                app.post(&acme.path(&format!("/conversations/{id}/assignments")))
                    .as_user(&acme.admin)
                    .json(body)
                    .send()
                    .await
                    .assert_status(200);
            }
            _ => {
                let id = ids.remove(rng.below(ids.len()));
                app.delete(&acme.path(&format!("/conversations/{id}")))
                    .as_user(&acme.admin)
                    .send()
                    .await
                    .assert_status(200);
            }
        }
        if step % 15 == 14 {
            assert_meta(&app, &acme, &viewers, &inboxes, &teams).await;
        }
    }
    // A deleted team leaves its conversations without one.
    let gone = teams.remove(0);
    app.delete(&acme.path(&format!("/teams/{gone}")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    assert_meta(&app, &acme, &viewers, &inboxes, &teams).await;
    // The list itself carries the same counts as meta.
    let list = app
        .get(&acme.path("/conversations"))
        .as_user(&wide)
        .send()
        .await;
    let rows = rows(&app, acme.id).await;
    let member_of = HashSet::from([first, second]);
    assert_eq!(
        list.json["data"]["meta"],
        expected(&rows, wide.id, Some(&member_of), None, None, Some(0))
    );
}
