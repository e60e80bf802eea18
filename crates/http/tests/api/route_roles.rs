//! The route-by-role table: for every route, the status each kind of caller gets. A row names
//! seeded objects with `{placeholders}`; after any request that changed something the next
//! caller gets a freshly seeded app, so one caller's success cannot change another's answer.

use serde_json::{json, Value};
use std::collections::HashMap;
use testkit::{TestAccount, TestApp, TestUser};

/// Expected statuses, in the order of `CALLERS`.
type Expect = [u16; 6];
const CALLERS: [&str; 6] = [
    "anonymous",
    "agent bot",
    "platform app",
    "other account's admin",
    "agent",
    "admin",
];

/// A nested account route open to every member.
const MEMBERS: Expect = [401, 401, 401, 401, 200, 200];
/// A nested account route for administrators.
const ADMINS: Expect = [401, 401, 401, 401, 401, 200];
/// The same, answering 204 No Content.
const MEMBERS_204: Expect = [401, 401, 401, 401, 204, 204];
/// A conversation the agent cannot see (not in its inbox): administrators only.
const CONVERSATION: Expect = [401, 401, 401, 401, 401, 200];
/// The same, for the actions upstream opens to agent bots of the account.
const CONVERSATION_BOTS: Expect = [401, 200, 401, 401, 401, 200];
/// `/api/v1/accounts/{id}` itself: a stranger's account is 404 (`current_user.accounts.find`).
const OWN_ACCOUNT: Expect = [401, 401, 401, 404, 200, 200];
/// Account-independent routes of the signed-in user.
const ANY_USER: Expect = [401, 401, 401, 200, 200, 200];
/// `/platform/api/v1`, on objects the calling platform app created.
const PLATFORM: Expect = [401, 401, 200, 401, 401, 401];

struct Row {
    method: &'static str,
    path: &'static str,
    body: Value,
    expect: Expect,
}

fn row(method: &'static str, path: &'static str, body: Value, expect: Expect) -> Row {
    Row {
        method,
        path,
        body,
        expect,
    }
}

/// Every route, with a body valid for the callers allowed to use it.
#[rustfmt::skip]
fn table() -> Vec<Row> {
    let none = Value::Null;
    vec![
        row("GET", "/api", none.clone(), [200; 6]),
        // Signup (enabled in tests): anyone may sign up; a signed-in user adds an account.
        row("POST", "/api/v1/accounts", json!({"account_name": "New", "user_full_name": "N", "email": "new@example.com", "password": "Password1!"}), [200; 6]),
        row("GET", "/api/v1/accounts/{account}", none.clone(), OWN_ACCOUNT),
        row("PATCH", "/api/v1/accounts/{account}", json!({"name": "Renamed"}), [401, 401, 401, 404, 401, 200]),
        row("PUT", "/api/v1/accounts/{account}", json!({"name": "Renamed"}), [401, 401, 401, 404, 401, 200]),
        row("POST", "/api/v1/accounts/{account}/update_active_at", none.clone(), OWN_ACCOUNT),
        row("GET", "/api/v1/accounts/{account}/cache_keys", none.clone(), OWN_ACCOUNT),
        // Profile.
        row("GET", "/api/v1/profile", none.clone(), ANY_USER),
        row("PUT", "/api/v1/profile", json!({"profile": {"name": "Me"}}), ANY_USER),
        row("PATCH", "/api/v1/profile", json!({"profile": {"name": "Me"}}), ANY_USER),
        row("POST", "/api/v1/profile/availability", json!({"profile": {"account_id": "{account}", "availability": "busy"}}), OWN_ACCOUNT),
        row("POST", "/api/v1/profile/auto_offline", json!({"profile": {"account_id": "{account}", "auto_offline": true}}), OWN_ACCOUNT),
        row("PUT", "/api/v1/profile/set_active_account", json!({"profile": {"account_id": "{account}"}}), OWN_ACCOUNT),
        row("POST", "/api/v1/profile/reset_access_token", none.clone(), ANY_USER),
        // devise_token_auth ignores `api_access_token`: only its own headers open a session.
        row("POST", "/auth/sign_in", json!({"email": "{admin_email}", "password": TestUser::PASSWORD}), [200; 6]),
        row("GET", "/auth/validate_token", none.clone(), [401; 6]),
        row("DELETE", "/auth/sign_out", none.clone(), [404; 6]),
        row("GET", "/api/v1/accounts/{account}/audit_logs", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/reporting_events", none.clone(), ADMINS),
        // Agents.
        row("GET", "/api/v1/accounts/{account}/agents", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/agents", json!({"name": "Ann", "email": "ann@example.com", "role": "agent"}), ADMINS),
        row("POST", "/api/v1/accounts/{account}/agents/bulk_create", json!({"emails": ["bulk@example.com"]}), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/agents/{agent2}", json!({"role": "administrator"}), ADMINS),
        row("PUT", "/api/v1/accounts/{account}/agents/{agent2}", json!({"role": "administrator"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/agents/{agent2}", none.clone(), ADMINS),
        // Teams and their members.
        row("GET", "/api/v1/accounts/{account}/teams", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/teams", json!({"name": "billing"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/teams/{team}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/teams/{team}", json!({"description": "x"}), ADMINS),
        row("PUT", "/api/v1/accounts/{account}/teams/{team}", json!({"description": "x"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/teams/{team}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/teams/{team}/team_members", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/teams/{team}/team_members", json!({"user_ids": ["{agent2}"]}), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/teams/{team}/team_members", json!({"user_ids": ["{agent2}"]}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/teams/{team}/team_members", json!({"user_ids": ["{agent2}"]}), ADMINS),
        // Labels: even `show` is for administrators (LabelPolicy).
        row("GET", "/api/v1/accounts/{account}/labels", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/labels", json!({"title": "vip"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/labels/{label}", none.clone(), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/labels/{label}", json!({"color": "#000000"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/labels/{label}", none.clone(), ADMINS),
        // Canned responses, custom attribute definitions and dashboard apps have no policy.
        row("GET", "/api/v1/accounts/{account}/canned_responses", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/canned_responses", json!({"short_code": "hi", "content": "Hello"}), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/canned_responses/{canned}", json!({"content": "Hey"}), MEMBERS),
        row("DELETE", "/api/v1/accounts/{account}/canned_responses/{canned}", none.clone(), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/custom_attribute_definitions", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/custom_attribute_definitions", json!({"attribute_key": "plan", "attribute_display_name": "Plan", "attribute_display_type": "text", "attribute_model": "contact_attribute"}), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/custom_attribute_definitions/{attribute}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/custom_attribute_definitions/{attribute}", json!({"attribute_display_name": "Tier 2"}), MEMBERS),
        row("DELETE", "/api/v1/accounts/{account}/custom_attribute_definitions/{attribute}", none.clone(), MEMBERS_204),
        row("GET", "/api/v1/accounts/{account}/dashboard_apps", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/dashboard_apps", json!({"title": "CRM", "content": [{"type": "frame", "url": "https://crm.example.com"}]}), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/dashboard_apps/{dashboard_app}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/dashboard_apps/{dashboard_app}", json!({"title": "CRM 2"}), MEMBERS),
        row("DELETE", "/api/v1/accounts/{account}/dashboard_apps/{dashboard_app}", none.clone(), MEMBERS_204),
        // Custom filters belong to their author (the administrator here): 404 for the agent.
        row("GET", "/api/v1/accounts/{account}/custom_filters", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/custom_filters", json!({"name": "Mine", "filter_type": "conversation", "query": {"payload": []}}), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/custom_filters/{filter}", none.clone(), [401, 401, 401, 401, 404, 200]),
        row("PATCH", "/api/v1/accounts/{account}/custom_filters/{filter}", json!({"name": "Renamed"}), [401, 401, 401, 401, 404, 200]),
        row("DELETE", "/api/v1/accounts/{account}/custom_filters/{filter}", none.clone(), [401, 401, 401, 401, 404, 204]),
        // Agent bots of the account.
        row("GET", "/api/v1/accounts/{account}/agent_bots", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/agent_bots", json!({"name": "Helper", "outgoing_url": "https://bot.example.com/hook"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/agent_bots/{bot}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/agent_bots/{bot}", json!({"name": "Helper 2"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/agent_bots/{bot}", none.clone(), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/agent_bots/{bot}/avatar", none.clone(), ADMINS),
        row("POST", "/api/v1/accounts/{account}/agent_bots/{bot}/reset_access_token", none.clone(), ADMINS),
        // Webhooks and integrations.
        row("GET", "/api/v1/accounts/{account}/webhooks", none.clone(), ADMINS),
        row("POST", "/api/v1/accounts/{account}/webhooks", json!({"url": "https://hooks.example.com/new"}), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/webhooks/{webhook}", json!({"name": "Renamed"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/webhooks/{webhook}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/integrations/apps", none.clone(), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/integrations/apps/webhook", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/integrations/hooks", json!({"app_id": "dyte", "settings": {"api_key": "k", "organization_id": "o"}}), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/integrations/hooks/{hook}", json!({"status": "disabled"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/integrations/hooks/{hook}", none.clone(), ADMINS),
        // Inboxes: the seeded inbox has no agent member, so `show?` refuses the agent.
        row("GET", "/api/v1/accounts/{account}/inboxes", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/inboxes", json!({"name": "New", "channel": {"type": "api"}}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/inboxes/{inbox}", none.clone(), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/inboxes/{inbox}", json!({"name": "Renamed"}), ADMINS),
        row("PUT", "/api/v1/accounts/{account}/inboxes/{inbox}", json!({"name": "Renamed"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/inboxes/{inbox}/assignable_agents", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/inboxes/{inbox}/agent_bot", none.clone(), ADMINS),
        row("POST", "/api/v1/accounts/{account}/inboxes/{inbox}/set_agent_bot", json!({"agent_bot": null}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/inboxes/{inbox}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/inbox_members/{inbox}", none.clone(), ADMINS),
        row("POST", "/api/v1/accounts/{account}/inbox_members", json!({"inbox_id": "{inbox}", "user_ids": ["{agent2}"]}), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/inbox_members", json!({"inbox_id": "{inbox}", "user_ids": ["{agent2}"]}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/inbox_members", json!({"inbox_id": "{inbox}", "user_ids": ["{agent2}"]}), ADMINS),
        // Help center: members read portals and lists; the rest is for administrators.
        row("GET", "/api/v1/accounts/{account}/portals", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/portals", json!({"name": "Guides", "slug": "guides"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/portals/{portal}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/portals/{portal}", json!({"color": "#000000"}), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/portals/{portal}/archive", none.clone(), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/portals/{portal}/logo", none.clone(), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/portals/{portal}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/portals/{portal}/categories", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/portals/{portal}/categories", json!({"name": "Billing", "slug": "billing", "locale": "en"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/portals/{portal}/categories/{category}", none.clone(), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/portals/{portal}/categories/{category}", json!({"name": "Renamed"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/portals/{portal}/categories/{category}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/portals/{portal}/articles", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/portals/{portal}/articles", json!({"title": "How to", "content": "Steps"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/portals/{portal}/articles/{article}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/portals/{portal}/articles/{article}/edit", none.clone(), ADMINS),
        row("PATCH", "/api/v1/accounts/{account}/portals/{portal}/articles/{article}", json!({"title": "Renamed"}), ADMINS),
        row("POST", "/api/v1/accounts/{account}/portals/{portal}/articles/reorder", json!({"positions_hash": {"{article}": 3}}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/portals/{portal}/articles/{article}", none.clone(), ADMINS),
        // Contacts (ContactPolicy): members may do all but destroy, import and export; notes and
        // merges have no policy. Import without a file is "File is blank" (422) for an admin.
        row("GET", "/api/v1/accounts/{account}/contacts", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/contacts", json!({"name": "New contact"}), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/contacts/active", none.clone(), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/contacts/search?q=seeded", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/contacts/filter", json!({"payload": []}), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/contacts/import", none.clone(), [401, 401, 401, 401, 401, 422]),
        row("POST", "/api/v1/accounts/{account}/contacts/export", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/contacts/{contact}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/contacts/{contact}", json!({"name": "Renamed"}), MEMBERS),
        row("PUT", "/api/v1/accounts/{account}/contacts/{contact}", json!({"name": "Renamed"}), MEMBERS),
        row("DELETE", "/api/v1/accounts/{account}/contacts/{contact}", none.clone(), ADMINS),
        row("GET", "/api/v1/accounts/{account}/contacts/{contact}/contactable_inboxes", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/contacts/{contact}/destroy_custom_attributes", json!({"custom_attributes": ["tier"]}), MEMBERS),
        row("DELETE", "/api/v1/accounts/{account}/contacts/{contact}/avatar", none.clone(), MEMBERS),
        // The seeded inbox has no agent member, so `InboxPolicy#show?` refuses the agent.
        row("POST", "/api/v1/accounts/{account}/contacts/{contact}/contact_inboxes", json!({"inbox_id": "{inbox}"}), ADMINS),
        row("GET", "/api/v1/accounts/{account}/contacts/{contact}/labels", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/contacts/{contact}/labels", json!({"labels": ["urgent"]}), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/contacts/{contact}/notes", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/contacts/{contact}/notes", json!({"content": "Called"}), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/contacts/{contact}/notes/{note}", none.clone(), MEMBERS),
        row("PATCH", "/api/v1/accounts/{account}/contacts/{contact}/notes/{note}", json!({"content": "Edited"}), MEMBERS),
        row("PUT", "/api/v1/accounts/{account}/contacts/{contact}/notes/{note}", json!({"content": "Edited"}), MEMBERS),
        row("DELETE", "/api/v1/accounts/{account}/contacts/{contact}/notes/{note}", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/actions/contact_merge", json!({"base_contact_id": "{contact}", "mergee_contact_id": "{contact2}"}), MEMBERS),
        // Conversations. The seeded conversation is in an inbox the agent is no member of, so
        // `ConversationPolicy#show?` refuses the agent; bots of the account may use the
        // bot-accessible actions.
        row("GET", "/api/v1/accounts/{account}/contacts/{contact}/conversations", none.clone(), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/conversations", none.clone(), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/conversations/meta", none.clone(), MEMBERS),
        row("GET", "/api/v1/accounts/{account}/conversations/search?q=hi", none.clone(), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/conversations/filter", json!({"payload": []}), MEMBERS),
        row("POST", "/api/v1/accounts/{account}/conversations", json!({"contact_id": "{contact}", "inbox_id": "{inbox}"}), CONVERSATION_BOTS),
        row("GET", "/api/v1/accounts/{account}/conversations/{conversation}", none.clone(), CONVERSATION),
        row("GET", "/api/v1/accounts/{account}/conversations/{conversation}/reporting_events", none.clone(), CONVERSATION),
        row("PATCH", "/api/v1/accounts/{account}/conversations/{conversation}", json!({"priority": "high"}), CONVERSATION_BOTS),
        row("PUT", "/api/v1/accounts/{account}/conversations/{conversation}", json!({"priority": "high"}), CONVERSATION_BOTS),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/toggle_status", json!({"status": "resolved"}), CONVERSATION_BOTS),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/toggle_priority", json!({"priority": "low"}), CONVERSATION_BOTS),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/custom_attributes", json!({"custom_attributes": {"a": 1}}), CONVERSATION_BOTS),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/assignments", json!({"team_id": "{team}"}), CONVERSATION_BOTS),
        row("GET", "/api/v1/accounts/{account}/conversations/{conversation}/attachments", none.clone(), CONVERSATION),
        row("DELETE", "/api/v1/accounts/{account}/conversations/{conversation}", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/mute", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/unmute", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/unread", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/update_last_seen", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/toggle_typing_status", json!({"typing_status": "on"}), CONVERSATION),
        row("GET", "/api/v1/accounts/{account}/conversations/{conversation}/labels", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/labels", json!({"labels": ["urgent"]}), CONVERSATION),
        row("GET", "/api/v1/accounts/{account}/conversations/{conversation}/participants", none.clone(), CONVERSATION),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/participants", json!({"user_ids": ["{agent2}"]}), CONVERSATION),
        row("PATCH", "/api/v1/accounts/{account}/conversations/{conversation}/participants", json!({"user_ids": ["{agent2}"]}), CONVERSATION),
        row("DELETE", "/api/v1/accounts/{account}/conversations/{conversation}/participants", json!({"user_ids": ["{agent2}"]}), CONVERSATION),
        // Messages of a conversation in an API inbox the agent is not a member of
        // (`ConversationPolicy#show?` refuses the agent); `create` is open to the account's bot.
        row("GET", "/api/v1/accounts/{account}/conversations/{conversation}/messages", none.clone(), ADMINS),
        row("POST", "/api/v1/accounts/{account}/conversations/{conversation}/messages", json!({"content": "Hi"}), [401, 200, 401, 401, 401, 200]),
        row("PATCH", "/api/v1/accounts/{account}/conversations/{conversation}/messages/{message}", json!({"status": "delivered"}), ADMINS),
        row("PUT", "/api/v1/accounts/{account}/conversations/{conversation}/messages/{message}", json!({"status": "read"}), ADMINS),
        row("DELETE", "/api/v1/accounts/{account}/conversations/{conversation}/messages/{message}", none.clone(), ADMINS),
        // Webhook deliveries (Switchboard): the seeded delivery is still pending, so an
        // administrator's resend is refused with 422; everyone else is stopped before that.
        row("GET", "/api/v1/accounts/{account}/webhooks/{webhook}/deliveries", none.clone(), ADMINS),
        row("POST", "/api/v1/accounts/{account}/webhooks/{webhook}/deliveries/{delivery}/resend", none.clone(), [401, 401, 401, 401, 401, 422]),
        // Stored files: the random key is the credential, as in ActiveStorage's blob URLs.
        row("GET", "/rails/active_storage/blobs/redirect/nosuchkey000000000000000/file.png", none.clone(), [404; 6]),
        // Platform API, on objects the calling platform app created.
        row("GET", "/platform/api/v1/accounts", none.clone(), PLATFORM),
        row("POST", "/platform/api/v1/accounts", json!({"name": "Provisioned"}), PLATFORM),
        row("GET", "/platform/api/v1/accounts/{p_account}", none.clone(), PLATFORM),
        row("PATCH", "/platform/api/v1/accounts/{p_account}", json!({"name": "Renamed"}), PLATFORM),
        row("DELETE", "/platform/api/v1/accounts/{p_account}", none.clone(), PLATFORM),
        row("GET", "/platform/api/v1/accounts/{p_account}/account_users", none.clone(), PLATFORM),
        row("POST", "/platform/api/v1/accounts/{p_account}/account_users", json!({"user_id": "{p_user}", "role": "agent"}), PLATFORM),
        row("DELETE", "/platform/api/v1/accounts/{p_account}/account_users", json!({"user_id": "{p_user}"}), PLATFORM),
        row("GET", "/platform/api/v1/agent_bots", none.clone(), PLATFORM),
        row("POST", "/platform/api/v1/agent_bots", json!({"name": "P bot"}), PLATFORM),
        row("GET", "/platform/api/v1/agent_bots/{p_bot}", none.clone(), PLATFORM),
        row("PATCH", "/platform/api/v1/agent_bots/{p_bot}", json!({"name": "Renamed"}), PLATFORM),
        row("DELETE", "/platform/api/v1/agent_bots/{p_bot}/avatar", none.clone(), PLATFORM),
        row("DELETE", "/platform/api/v1/agent_bots/{p_bot}", none.clone(), PLATFORM),
        row("POST", "/platform/api/v1/users", json!({"name": "Pat", "email": "pat@example.com", "password": "Password1!"}), PLATFORM),
        row("GET", "/platform/api/v1/users/{p_user}", none.clone(), PLATFORM),
        row("PATCH", "/platform/api/v1/users/{p_user}", json!({"name": "Renamed"}), PLATFORM),
        row("GET", "/platform/api/v1/users/{p_user}/login", none.clone(), PLATFORM),
        row("POST", "/platform/api/v1/users/{p_user}/token", none.clone(), PLATFORM),
        row("DELETE", "/platform/api/v1/users/{p_user}", none.clone(), PLATFORM),
    ]
}

/// One app with its callers and one object of each kind, created through the API.
struct World {
    app: TestApp,
    tokens: [Option<String>; 6],
    ids: HashMap<&'static str, String>,
}

async fn created(app: &TestApp, path: String, token: &str, body: Value) -> Value {
    let res = app.post(&path).token(token).json(body).send().await;
    assert!(
        res.status.is_success(),
        "seeding {path}: {} {}",
        res.status,
        res.text
    );
    res.json
}

fn id_of(v: &Value) -> String {
    v["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_string()
}

async fn world() -> World {
    let app = TestApp::new().await;
    let acme: TestAccount = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let agent2 = app.agent(&acme).await;
    let (_, bot) = app.agent_bot(Some(acme.id)).await;
    let (_, platform) = app.platform_app("Platform").await;
    let admin = acme.admin.token.clone();
    let a = |rest: &str| acme.path(rest);
    let mut ids: HashMap<&'static str, String> = HashMap::new();
    ids.insert("account", acme.id.to_string());
    ids.insert("admin_email", acme.admin.email.clone());
    ids.insert("agent2", agent2.id.to_string());
    ids.insert("inbox", app.inbox(acme.id, "Seeded").await.to_string());
    ids.insert(
        "team",
        id_of(&created(&app, a("/teams"), &admin, json!({"name": "support"})).await),
    );
    ids.insert(
        "label",
        id_of(&created(&app, a("/labels"), &admin, json!({"title": "urgent"})).await),
    );
    ids.insert(
        "canned",
        id_of(
            &created(
                &app,
                a("/canned_responses"),
                &admin,
                json!({"short_code": "bye", "content": "Bye"}),
            )
            .await,
        ),
    );
    let attribute = json!({"attribute_key": "tier", "attribute_display_name": "Tier", "attribute_display_type": "text", "attribute_model": "contact_attribute"});
    ids.insert(
        "attribute",
        id_of(&created(&app, a("/custom_attribute_definitions"), &admin, attribute).await),
    );
    let dashboard_app = json!({"title": "Panel", "content": [{"type": "frame", "url": "https://panel.example.com"}]});
    ids.insert(
        "dashboard_app",
        id_of(&created(&app, a("/dashboard_apps"), &admin, dashboard_app).await),
    );
    let filter = json!({"name": "Open", "filter_type": "conversation", "query": {"payload": []}});
    ids.insert(
        "filter",
        id_of(&created(&app, a("/custom_filters"), &admin, filter).await),
    );
    ids.insert(
        "bot",
        id_of(
            &created(
                &app,
                a("/agent_bots"),
                &admin,
                json!({"name": "Seeded bot", "outgoing_url": "https://bot.example.com"}),
            )
            .await,
        ),
    );
    let webhook = created(
        &app,
        a("/webhooks"),
        &admin,
        json!({"url": "https://hooks.example.com/seeded"}),
    )
    .await;
    ids.insert("webhook", id_of(&webhook["payload"]["webhook"]));
    let hook = json!({"app_id": "openai", "settings": {"api_key": "sk", "label_suggestion": true}});
    ids.insert(
        "hook",
        id_of(&created(&app, a("/integrations/hooks"), &admin, hook).await),
    );
    created(
        &app,
        a("/portals"),
        &admin,
        json!({"name": "Docs", "slug": "docs"}),
    )
    .await;
    ids.insert("portal", "docs".to_string());
    let category = created(
        &app,
        a("/portals/docs/categories"),
        &admin,
        json!({"name": "Start", "slug": "start", "locale": "en"}),
    )
    .await;
    ids.insert("category", id_of(&category["payload"]));
    let article = created(
        &app,
        a("/portals/docs/articles"),
        &admin,
        json!({"title": "Welcome", "content": "Hi"}),
    )
    .await;
    ids.insert("article", id_of(&article["payload"]));
    let p_account = created(
        &app,
        "/platform/api/v1/accounts".into(),
        &platform,
        json!({"name": "Provisioned"}),
    )
    .await;
    ids.insert("p_account", id_of(&p_account));
    let p_user = json!({"name": "Pia", "email": "pia@example.com", "password": "Password1!"});
    ids.insert(
        "p_user",
        id_of(&created(&app, "/platform/api/v1/users".into(), &platform, p_user).await),
    );
    ids.insert(
        "p_bot",
        id_of(
            &created(
                &app,
                "/platform/api/v1/agent_bots".into(),
                &platform,
                json!({"name": "P"}),
            )
            .await,
        ),
    );
    let contact = created(
        &app,
        a("/contacts"),
        &admin,
        json!({"name": "Seeded", "email": "seeded@example.com"}),
    )
    .await;
    ids.insert("contact", id_of(&contact["payload"]["contact"]));
    let contact2 = created(
        &app,
        a("/contacts"),
        &admin,
        json!({"name": "Second", "email": "second@example.com"}),
    )
    .await;
    ids.insert("contact2", id_of(&contact2["payload"]["contact"]));
    let notes = a(&format!("/contacts/{}/notes", ids["contact"]));
    ids.insert(
        "note",
        id_of(&created(&app, notes, &admin, json!({"content": "Seeded"})).await),
    );
    let api_inbox = app.inbox_row(acme.id, "Seeded API").await;
    let (_, display_id) = app.conversation_row(acme.id, api_inbox).await;
    ids.insert("conversation", display_id.to_string());
    let message = created(
        &app,
        a(&format!("/conversations/{display_id}/messages")),
        &admin,
        json!({"content": "Seeded"}),
    )
    .await;
    ids.insert("message", id_of(&message));
    let tokens = [
        None,
        Some(bot),
        Some(platform),
        Some(other.admin.token.clone()),
        Some(agent.token.clone()),
        Some(admin),
    ];
    // A queued (still pending) delivery of the seeded webhook.
    let webhook_id: i64 = ids["webhook"].parse().unwrap();
    let tx = app.app.db.begin().await.unwrap();
    let delivery = app::deliveries::enqueue_webhook(
        &tx,
        acme.id,
        webhook_id,
        "message_created",
        json!({"event": "message_created"}),
        None,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    ids.insert("delivery", delivery.to_string());
    World { app, tokens, ids }
}

fn fill(template: &str, ids: &HashMap<&'static str, String>) -> String {
    let mut out = template.to_string();
    for (k, v) in ids {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Replaces `{name}` in strings and object keys; a string that is exactly one numeric id
/// becomes a number.
fn fill_body(body: &Value, ids: &HashMap<&'static str, String>) -> Value {
    match body {
        Value::String(s) => {
            let v = fill(s, ids);
            match (s.starts_with('{') && s.ends_with('}'), v.parse::<i64>()) {
                (true, Ok(n)) => Value::from(n),
                _ => Value::String(v),
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| fill_body(v, ids)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (fill(k, ids), fill_body(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

async fn call(w: &World, r: &Row, caller: usize) -> testkit::TestResponse {
    let method = axum::http::Method::from_bytes(r.method.as_bytes()).unwrap();
    let mut req = w.app.request(method, &fill(r.path, &w.ids));
    if let Some(t) = &w.tokens[caller] {
        req = req.token(t);
    }
    if !r.body.is_null() {
        req = req.json(fill_body(&r.body, &w.ids));
    }
    req.send().await
}

/// Walks the rows whose index leaves `part` modulo `PARTS` (the table is split so the parts
/// run in parallel). A world is shared until a request changes it: after any successful
/// non-GET request the next caller gets a freshly seeded one.
async fn walk(part: usize) {
    let mut failures = Vec::new();
    let mut shared: Option<World> = None;
    for r in table()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % PARTS == part)
        .map(|(_, r)| r)
    {
        for (caller, who) in CALLERS.iter().enumerate() {
            if shared.is_none() {
                shared = Some(world().await);
            }
            let w = shared.as_ref().unwrap();
            let res = call(w, &r, caller).await;
            if res.status.as_u16() != r.expect[caller] {
                failures.push(format!(
                    "{} {} as {}: expected {}, got {} {}",
                    r.method,
                    r.path,
                    who,
                    r.expect[caller],
                    res.status.as_u16(),
                    res.text
                ));
            }
            if r.method != "GET" && res.status.is_success() {
                shared = None;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const PARTS: usize = 8;

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_1() {
    walk(0).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_2() {
    walk(1).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_3() {
    walk(2).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_4() {
    walk(3).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_5() {
    walk(4).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_6() {
    walk(5).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_7() {
    walk(6).await;
}

#[tokio::test]
async fn routes_answer_each_role_as_the_table_says_part_8() {
    walk(7).await;
}
