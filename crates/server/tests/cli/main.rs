//! The binary as a newcomer uses it: `setup`, `platform-app create`, `migrate`, and `serve` with
//! a graceful SIGTERM. Runs on SQLite, or on a fresh PostgreSQL database when TEST_DATABASE_URL
//! is set.

mod crash;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A data folder and database for one test, removed afterwards.
struct Env {
    dir: std::path::PathBuf,
    url: String,
    pg: Option<(String, String)>,
}

impl Env {
    fn new() -> Env {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let id = format!("{}_{nanos}_{n}", std::process::id());
        let dir = std::env::temp_dir().join(format!("switchboard-cli-{id}"));
        std::fs::create_dir_all(&dir).unwrap();
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| u.starts_with("postgres"))
        {
            Some(base) => {
                let name = format!("sbcli_{id}");
                psql(&base, &format!("CREATE DATABASE {name}"));
                let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
                Env {
                    dir,
                    url,
                    pg: Some((base, name)),
                }
            }
            None => {
                let url = format!("sqlite://{}/switchboard.db", dir.display());
                Env { dir, url, pg: None }
            }
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_switchboard"));
        c.args(args)
            .env("DATABASE_URL", &self.url)
            .env("SWITCHBOARD_DATA_DIR", &self.dir)
            .env("BCRYPT_COST", "4")
            .env("LOG_LEVEL", "warn")
            .env_remove("SECRET_KEY_BASE");
        c
    }

    fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self.command(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some((base, name)) = &self.pg {
            psql(
                base,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            );
        }
    }
}

fn psql(url: &str, sql: &str) {
    let admin = format!("{}/postgres", url.rsplit_once('/').unwrap().0);
    let ok = Command::new("psql")
        .args([admin.as_str(), "-qc", sql])
        .status()
        .unwrap()
        .success();
    assert!(ok, "psql failed: {sql}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal HTTP/1.1 request; returns (status, body).
fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("api_access_token: {t}\r\n"));
    }
    let body = body.unwrap_or("");
    req.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ));
    s.write_all(req.as_bytes()).ok()?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).ok()?;
    let status = raw.split_whitespace().nth(1)?.parse().ok()?;
    let (head, rest) = raw.split_once("\r\n\r\n")?;
    // Chunked bodies: keep it simple by dropping the chunk-size lines.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        rest.split("\r\n")
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, l)| l)
            .collect::<String>()
    } else {
        rest.to_string()
    };
    Some((status, body))
}

fn start(env: &Env, port: u16) -> Child {
    let mut c = env.command(&["serve"]);
    c.env("PORT", port.to_string());
    start_with(c, port)
}

/// Spawns a `serve` command and waits until it answers on `port`.
fn start_with(mut command: Command, port: u16) -> Child {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while http(port, "GET", "/api", None, None).is_none() {
        assert!(Instant::now() < deadline, "server did not answer");
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early: {status}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn setup_prints_exactly_one_json_object_and_reuses_the_user() {
    let env = Env::new();
    let (ok, out, err) = env.run(&[
        "setup",
        "--account-name",
        "Acme",
        "--email",
        "Admin@Acme.test",
        "--password",
        "Password1!",
        "--name",
        "Ada",
    ]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    let first: Value = serde_json::from_str(out.trim()).unwrap();
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 3);
    for k in ["account_id", "user_id", "access_token"] {
        assert!(first.get(k).is_some(), "missing {k}");
    }
    let (ok, out, _) = env.run(&[
        "setup",
        "--account-name",
        "Second",
        "--email",
        "admin@acme.test",
        "--password",
        "ignored",
    ]);
    assert!(ok);
    let second: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(second["user_id"], first["user_id"]);
    assert_ne!(second["account_id"], first["account_id"]);
    let (ok, _, err) = env.run(&[
        "setup",
        "--account-name",
        "Bad",
        "--email",
        "new@acme.test",
        "--password",
        "weak",
    ]);
    assert!(!ok);
    assert!(err.contains("Password"), "{err}");
}

#[test]
fn platform_app_create_prints_its_token() {
    let env = Env::new();
    let (ok, out, err) = env.run(&["platform-app", "create", "--name", "Provisioner"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["name"], "Provisioner");
    assert!(v["id"].is_i64());
    assert_eq!(v["access_token"].as_str().unwrap().len(), 24);
}

#[test]
fn serve_answers_with_the_setup_token_and_drains_on_sigterm() {
    let env = Env::new();
    let (ok, out, err) = env.run(&["migrate"]);
    assert!(ok, "{err}");
    assert!(out.is_empty());
    let (_, out, _) = env.run(&[
        "setup",
        "--account-name",
        "Acme",
        "--email",
        "a@acme.test",
        "--password",
        "Password1!",
    ]);
    let setup: Value = serde_json::from_str(out.trim()).unwrap();
    let token = setup["access_token"].as_str().unwrap();
    let account = setup["account_id"].as_i64().unwrap();
    let port = free_port();
    let mut child = start(&env, port);
    let (status, body) = http(port, "GET", "/api", None, None).unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("\"version\":\"4.8.0\""), "{body}");
    let (status, body) = http(
        port,
        "GET",
        &format!("/api/v1/accounts/{account}"),
        Some(token),
        None,
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"name\":\"Acme\""));
    let (status, _) = http(
        port,
        "GET",
        &format!("/api/v1/accounts/{account}"),
        None,
        None,
    )
    .unwrap();
    assert_eq!(status, 401);
    // The calls of the seed documents: create an inbox, create and update a portal.
    let accounts = |rest: &str| format!("/api/v1/accounts/{account}{rest}");
    let inbox = r##"{"name":"Website","channel":{"type":"web_widget","website_url":"https://acme.test","widget_color":"#009CE0"}}"##;
    let (status, body) = http(
        port,
        "POST",
        &accounts("/inboxes"),
        Some(token),
        Some(inbox),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let inbox: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(inbox["channel_type"], "Channel::WebWidget");
    assert_eq!(inbox["website_token"].as_str().map(str::len), Some(24));
    let portal = r#"{"name":"Docs","slug":"docs","config":{"allowed_locales":["en","de"],"default_locale":"en"}}"#;
    let (status, body) = http(
        port,
        "POST",
        &accounts("/portals"),
        Some(token),
        Some(portal),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let update =
        r##"{"portal":{"color":"#ff0000","header_text":"Help","page_title":"Acme Help"}}"##;
    let (status, body) = http(
        port,
        "PATCH",
        &accounts("/portals/docs"),
        Some(token),
        Some(update),
    )
    .unwrap();
    assert_eq!(status, 200, "{body}");
    let portal: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(portal["color"], "#ff0000");
    assert_eq!(portal["page_title"], "Acme Help");
    // The secret key base was generated and kept.
    assert!(env.dir.join("secret_key_base").exists());
    let ok = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}
