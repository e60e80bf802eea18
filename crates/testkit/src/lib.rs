//! Test support: a `TestApp` that runs the real router in-process on a fresh database, a
//! request builder, and factories. SQLite by default; PostgreSQL when `TEST_DATABASE_URL` is
//! set (each test then gets a schema of its own, dropped afterwards).

use app::accounts::{add_member, create_account, create_user, NewAccountParams, NewUserParams};
use app::{App, Config};
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use store::db::ConnectOptions;
use store::Db;
use tower::ServiceExt;

pub use domain::enums::Role;

/// Removes the test's database when the test ends.
enum Cleanup {
    SqliteFile(std::path::PathBuf),
    PgSchema { url: String, schema: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        match self {
            Cleanup::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::PgSchema { url, schema } => {
                let (url, schema) = (url.clone(), schema.clone());
                // Drop runs outside async; a short-lived runtime on its own thread does the I/O.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                    rt.block_on(async {
                        let db = Db::connect(&url, ConnectOptions { max_connections: 1, relaxed_durability: true, ..Default::default() }).await.ok()?;
                        use store::Exec;
                        // The test's pool may still hold a connection whose rollback was queued on
                        // the (now stopped) test runtime; end those sessions so their locks go.
                        let kill = "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1";
                        db.scalar::<i64>(store::Sql::new(kill).bind(schema.as_str())).await.ok()?;
                        db.execute(store::Sql::new(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))).await.ok()?;
                        db.close().await;
                        Some(())
                    })
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub app: App,
    pub router: Router,
    _cleanup: Cleanup,
}

/// The Postgres URL of this run, if tests should use Postgres.
pub fn postgres_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    /// A fresh app whose configuration `adjust` may change first.
    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let (db, cleanup) = match postgres_url() {
            Some(url) => {
                let schema = format!("t_{id}");
                let admin = Db::connect(
                    &url,
                    ConnectOptions {
                        max_connections: 1,
                        relaxed_durability: true,
                        ..Default::default()
                    },
                )
                .await
                .expect("connect to Postgres");
                use store::Exec;
                admin
                    .execute(store::Sql::new(format!("CREATE SCHEMA {schema}")))
                    .await
                    .expect("create schema");
                admin.close().await;
                let db = Db::connect(
                    &url,
                    ConnectOptions {
                        max_connections: 5,
                        pg_schema: Some(schema.clone()),
                        relaxed_durability: true,
                    },
                )
                .await
                .expect("connect");
                (db, Cleanup::PgSchema { url, schema })
            }
            None => {
                let path = std::env::temp_dir().join(format!("switchboard-test-{id}.db"));
                let db = Db::connect(
                    &format!("sqlite://{}", path.display()),
                    ConnectOptions::default(),
                )
                .await
                .expect("open SQLite");
                (db, Cleanup::SqliteFile(path))
            }
        };
        db.migrate().await.expect("migrate");
        let mut config = Config::for_tests();
        adjust(&mut config);
        let app = App::new(db, config);
        let router = http::router(app.clone());
        TestApp {
            app,
            router,
            _cleanup: cleanup,
        }
    }

    /// A second server process on the same database (PostgreSQL only): its own pools, hub,
    /// presence and node id. None on SQLite, which serves from one node.
    pub async fn another_node(&self) -> Option<App> {
        let Cleanup::PgSchema { url, schema } = &self._cleanup else {
            return None;
        };
        let opts = ConnectOptions {
            max_connections: 5,
            pg_schema: Some(schema.clone()),
            relaxed_durability: true,
        };
        let db = Db::connect(url, opts).await.expect("connect");
        Some(App::new(db, (*self.app.config).clone()))
    }

    pub fn get(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::GET, path)
    }
    pub fn post(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::POST, path)
    }
    pub fn put(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::PUT, path)
    }
    pub fn patch(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::PATCH, path)
    }
    pub fn delete(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::DELETE, path)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_> {
        RequestBuilder {
            app: self,
            method,
            path: path.to_string(),
            headers: Vec::new(),
            body: None,
            content_type: None,
        }
    }

    /// A user; `password` defaults to a valid one.
    pub async fn user(&self, name: &str, email: &str) -> TestUser {
        let tx = self.app.db.begin().await.unwrap();
        let params = NewUserParams {
            name: name.to_string(),
            display_name: None,
            email: email.to_string(),
            password: TestUser::PASSWORD.to_string(),
            confirmed: true,
            custom_attributes: json!({}),
        };
        let user = create_user(&tx, &self.app.config, params)
            .await
            .expect("create user");
        let token = store::access_tokens::token_for(&tx, "User", user.id)
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        TestUser {
            id: user.id,
            email: user.email.unwrap_or_default(),
            token,
        }
    }

    /// An account with an administrator.
    pub async fn account(&self, name: &str) -> TestAccount {
        let tx = self.app.db.begin().await.unwrap();
        let account = create_account(&tx, NewAccountParams::named(name))
            .await
            .expect("create account");
        tx.commit().await.unwrap();
        let slug = uuid::Uuid::new_v4().simple().to_string();
        let admin = self
            .user(
                &format!("{name} Admin"),
                &format!("admin-{slug}@example.com"),
            )
            .await;
        self.add_member(account.id, &admin, Role::Administrator)
            .await;
        TestAccount {
            id: account.id,
            admin,
        }
    }

    /// A new agent of the account.
    pub async fn agent(&self, account: &TestAccount) -> TestUser {
        let slug = uuid::Uuid::new_v4().simple().to_string();
        let agent = self
            .user("Agent Smith", &format!("agent-{slug}@example.com"))
            .await;
        self.add_member(account.id, &agent, Role::Agent).await;
        agent
    }

    pub async fn add_member(&self, account_id: i64, user: &TestUser, role: Role) {
        let tx = self.app.db.begin().await.unwrap();
        add_member(&tx, account_id, user.id, role, None)
            .await
            .expect("add member");
        tx.commit().await.unwrap();
    }

    /// An agent-bot token: a bot of `account_id`.
    pub async fn agent_bot(&self, account_id: Option<i64>) -> (i64, String) {
        let tx = self.app.db.begin().await.unwrap();
        let now = domain::time::now();
        let new = store::agent_bots::NewAgentBot {
            name: Some("Bot".into()),
            account_id,
            bot_config: json!({}),
            secret: app::tokens::secure_token(),
            ..Default::default()
        };
        let bot = store::agent_bots::insert(&tx, &new, now).await.unwrap();
        let token = app::tokens::secure_token();
        store::access_tokens::insert(&tx, "AgentBot", bot.id, &token, now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        (bot.id, token)
    }

    /// A platform app: (id, token).
    pub async fn platform_app(&self, name: &str) -> (i64, String) {
        let out = app::setup::create_platform_app(&self.app, name)
            .await
            .unwrap();
        (out.id, out.access_token)
    }

    /// A bare API-channel inbox written straight to the tables (for areas that only need an
    /// inbox id and name to exist): its id.
    pub async fn inbox_row(&self, account_id: i64, name: &str) -> i64 {
        use store::Exec;
        let tx = self.app.db.begin().await.unwrap();
        let now = domain::time::now();
        let channel_id: i64 = tx
            .scalar(
                store::Sql::new("INSERT INTO channel_api (account_id, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id")
                    .bind(account_id)
                    .bind(now),
            )
            .await
            .unwrap();
        let id: i64 = tx
            .scalar(
                store::Sql::new(
                    "INSERT INTO inboxes (channel_id, account_id, name, channel_type, created_at, updated_at) \
                     VALUES ($1, $2, $3, 'Channel::Api', $4, $4) RETURNING id",
                )
                .bind(channel_id)
                .bind(account_id)
                .bind(name)
                .bind(now),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        id
    }

    /// A website inbox of the account (with its channel and default week); returns its id.
    pub async fn inbox(&self, account_id: i64, name: &str) -> i64 {
        use app::inboxes::{ChannelParams, InboxParams, WidgetParams};
        let params = InboxParams {
            name: Some(name.to_string()),
            ..Default::default()
        };
        let channel = ChannelParams::WebWidget(WidgetParams {
            website_url: Some(Some("https://example.com".into())),
            ..Default::default()
        });
        let actor = app::audit::Actor::default();
        app::inboxes::create(&self.app, &actor, account_id, params, channel)
            .await
            .expect("create inbox")
            .inbox
            .id
    }

    /// Makes `user` a member of the inbox.
    pub async fn add_inbox_member(&self, inbox_id: i64, user: &TestUser) {
        let tx = self.app.db.begin().await.unwrap();
        store::inbox_members::insert(&tx, inbox_id, user.id, domain::time::now())
            .await
            .expect("add inbox member");
        tx.commit().await.unwrap();
    }

    /// A conversation in the inbox with a new contact, made through the API as the account's
    /// administrator; returns its display id.
    pub async fn conversation(&self, account: &TestAccount, inbox_id: i64) -> i64 {
        let contact = self
            .post(&account.path("/contacts"))
            .as_user(&account.admin)
            .json(json!({ "name": "Conversation contact" }))
            .send()
            .await;
        contact.assert_status(200);
        let contact_id = contact.json["payload"]["contact"]["id"].as_i64().unwrap();
        let res = self
            .post(&account.path("/conversations"))
            .as_user(&account.admin)
            .json(json!({ "contact_id": contact_id, "inbox_id": inbox_id }))
            .send()
            .await;
        res.assert_status(200);
        res.json["id"].as_i64().unwrap()
    }

    /// A conversation written straight to the tables, with a fresh contact and contact inbox in
    /// the inbox: (row id, display id). The display id comes from the account's counter, as the
    /// conversations controller assigns it.
    pub async fn conversation_row(&self, account_id: i64, inbox_id: i64) -> (i64, i64) {
        use store::{Exec, Sql};
        let tx = self.app.db.begin().await.unwrap();
        let now = domain::time::now();
        let contact_id: i64 = tx
            .scalar(
                Sql::new("INSERT INTO contacts (name, account_id, created_at, updated_at) VALUES ('Visitor', $1, $2, $2) RETURNING id")
                    .bind(account_id)
                    .bind(now),
            )
            .await
            .unwrap();
        let source_id = uuid::Uuid::new_v4().to_string();
        let contact_inbox_id: i64 = tx
            .scalar(
                Sql::new("INSERT INTO contact_inboxes (contact_id, inbox_id, source_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
                    .bind(contact_id)
                    .bind(inbox_id)
                    .bind(source_id)
                    .bind(now),
            )
            .await
            .unwrap();
        let display_id: i64 = tx
            .scalar(
                Sql::new("INSERT INTO account_counters (account_id, name, value) VALUES ($1, 'conversation_display_id', 1) \
                          ON CONFLICT (account_id, name) DO UPDATE SET value = account_counters.value + 1 RETURNING value")
                    .bind(account_id),
            )
            .await
            .unwrap();
        let id: i64 = tx
            .scalar(
                Sql::new(
                    "INSERT INTO conversations (account_id, inbox_id, status, contact_id, display_id, contact_inbox_id, uuid, \
                     last_activity_at, additional_attributes, custom_attributes, created_at, updated_at) \
                     VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $8, $7, $7) RETURNING id",
                )
                .bind(account_id)
                .bind(inbox_id)
                .bind(contact_id)
                .bind(display_id)
                .bind(contact_inbox_id)
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(now)
                .bind(serde_json::json!({})),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        (id, display_id)
    }

    /// Counts rows of a table, to prove a rejected request wrote nothing.
    pub async fn count(&self, table: &str) -> i64 {
        use store::Exec;
        self.app
            .db
            .scalar::<i64>(store::Sql::new(format!("SELECT COUNT(*) FROM {table}")))
            .await
            .unwrap()
    }
}

#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub email: String,
    pub token: String,
}

impl TestUser {
    pub const PASSWORD: &'static str = "Password1!";
}

#[derive(Debug, Clone)]
pub struct TestAccount {
    pub id: i64,
    pub admin: TestUser,
}

impl TestAccount {
    /// `/api/v1/accounts/{id}` + `rest`.
    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/accounts/{}{rest}", self.id)
    }
}

pub struct RequestBuilder<'a> {
    app: &'a TestApp,
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    content_type: Option<String>,
}

impl RequestBuilder<'_> {
    /// Authenticates with `api_access_token`.
    pub fn token(self, token: &str) -> Self {
        self.header("api_access_token", token)
    }

    pub fn as_user(self, user: &TestUser) -> Self {
        self.token(&user.token)
    }

    /// Authenticates with the devise headers a sign-in response carried.
    pub fn session(self, sign_in: &TestResponse) -> Self {
        let h = |n: &str| sign_in.header(n).unwrap_or_default().to_string();
        self.header("access-token", &h("access-token"))
            .header("client", &h("client"))
            .header("uid", &h("uid"))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Some(body.to_string().into_bytes());
        self.content_type = Some("application/json".into());
        self
    }

    pub fn raw(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self.content_type = Some(content_type.into());
        self
    }

    pub async fn send(self) -> TestResponse {
        let mut req = Request::builder().method(self.method).uri(&self.path);
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        if let Some(ct) = &self.content_type {
            req = req.header("content-type", ct.as_str());
        }
        let req = req
            .body(self.body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        let res = self.app.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        TestResponse {
            status,
            headers,
            json,
            text,
        }
    }
}

#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
    pub text: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts Chatwoot's `{"error": msg}` body with `status`.
    #[track_caller]
    pub fn assert_error(&self, status: u16, msg: &str) {
        self.assert_status(status);
        assert_eq!(self.json["error"], json!(msg), "body: {}", self.text);
    }

    /// 401 for an authenticated caller Pundit refuses.
    #[track_caller]
    pub fn assert_not_authorized(&self) {
        self.assert_error(401, "You are not authorized to do this action");
    }

    /// 401 for a request without credentials.
    #[track_caller]
    pub fn assert_unauthenticated(&self) {
        self.assert_status(401);
        assert_eq!(
            self.json,
            json!({"errors": ["You need to sign in or sign up before continuing."]}),
            "body: {}",
            self.text
        );
    }

    /// 404 `Resource could not be found`.
    #[track_caller]
    pub fn assert_not_found(&self) {
        self.assert_error(404, "Resource could not be found");
    }
}

/// The keys of a JSON object, sorted, for shape assertions.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    k.sort();
    k
}

/// Asserts a JSON object has exactly these keys.
#[track_caller]
pub fn assert_keys(v: &Value, expected: &[&str]) {
    let mut e: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    e.sort();
    assert_eq!(keys(v), e, "object: {v}");
}
