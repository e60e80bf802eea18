use serde_json::json;
use store::db::ConnectOptions;
use store::{Backend, Db, Exec, Sql};

/// A migrated database of the backend under test, and a guard that removes it.
pub(crate) async fn fresh() -> (Db, impl Drop) {
    fresh_with(2).await
}

/// [`fresh`] with a pool of `max_connections` on PostgreSQL (for tests of concurrent writers).
pub(crate) async fn fresh_with(max_connections: u32) -> (Db, impl Drop) {
    enum Guard {
        File(std::path::PathBuf),
        Schema(String, String),
    }
    impl Drop for Guard {
        fn drop(&mut self) {
            match self {
                Guard::File(p) => {
                    for s in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{s}", p.display()));
                    }
                }
                Guard::Schema(url, schema) => {
                    let (url, schema) = (url.clone(), schema.clone());
                    let _ = std::thread::spawn(move || {
                        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                        rt.block_on(async {
                            let db = Db::connect(&url, ConnectOptions { max_connections: 1, ..Default::default() }).await.unwrap();
                            let kill = "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1";
                            let _ = db.scalar::<i64>(Sql::new(kill).bind(schema.as_str())).await;
                            let _ = db.execute(Sql::new(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))).await;
                        })
                    })
                    .join();
                }
            }
        }
    }
    let id = uuid::Uuid::new_v4().simple().to_string();
    match std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
    {
        Some(url) => {
            let schema = format!("s_{id}");
            let admin = Db::connect(
                &url,
                ConnectOptions {
                    max_connections: 1,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            admin
                .execute(Sql::new(format!("CREATE SCHEMA {schema}")))
                .await
                .unwrap();
            admin.close().await;
            let db = Db::connect(
                &url,
                ConnectOptions {
                    max_connections,
                    pg_schema: Some(schema.clone()),
                    relaxed_durability: true,
                },
            )
            .await
            .unwrap();
            db.migrate().await.unwrap();
            (db, Guard::Schema(url, schema))
        }
        None => {
            let path = std::env::temp_dir().join(format!("switchboard-store-{id}.db"));
            let db = Db::connect(
                &format!("sqlite://{}", path.display()),
                ConnectOptions::default(),
            )
            .await
            .unwrap();
            db.migrate().await.unwrap();
            (db, Guard::File(path))
        }
    }
}

#[tokio::test]
async fn values_round_trip_through_both_backends() {
    let (db, _g) = fresh().await;
    let now = domain::time::now();
    let tx = db.begin().await.unwrap();
    let new = store::accounts::NewAccount {
        name: "Ünïcode ☕".into(),
        locale: 4,
        domain: None,
        support_email: Some("a@b.c".into()),
        feature_flags: i64::MAX,
        status: 0,
        limits: json!({"agents": 3}),
        custom_attributes: json!({"nested": {"list": [1, 2.5, null, true]}}),
        settings: json!({}),
    };
    let a = store::accounts::insert(&tx, &new, now).await.unwrap();
    tx.commit().await.unwrap();
    let back = store::accounts::find(&db, a.id).await.unwrap().unwrap();
    assert_eq!(back.name, "Ünïcode ☕");
    assert_eq!(back.feature_flags, i64::MAX);
    assert_eq!(back.domain, None);
    assert_eq!(back.created_at, now);
    assert_eq!(
        back.custom_attributes.unwrap().0,
        json!({"nested": {"list": [1, 2.5, null, true]}})
    );
}

#[tokio::test]
async fn a_dropped_transaction_writes_nothing() {
    let (db, _g) = fresh().await;
    {
        let tx = db.begin().await.unwrap();
        store::platform_apps::insert(&tx, "gone", domain::time::now())
            .await
            .unwrap();
    }
    let n: i64 = db
        .scalar(Sql::new("SELECT COUNT(*) FROM platform_apps"))
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn unique_violations_are_reported_as_such() {
    let (db, _g) = fresh().await;
    let now = domain::time::now();
    let tx = db.begin().await.unwrap();
    store::access_tokens::insert(&tx, "User", 1, "same", now)
        .await
        .unwrap();
    let err = store::access_tokens::insert(&tx, "User", 2, "same", now)
        .await
        .unwrap_err();
    assert!(err.is_unique_on("token"), "{err:?}");
}

#[tokio::test]
async fn like_patterns_treat_wildcards_literally() {
    let (db, _g) = fresh().await;
    let tx = db.begin().await.unwrap();
    for name in ["50% off", "500 off", "a_b", "axb"] {
        store::platform_apps::insert(&tx, name, domain::time::now())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let like = db.backend().ilike();
    let count = |pattern: &str| {
        let q = Sql::new(format!(
            "SELECT COUNT(*) FROM platform_apps WHERE name {like} $1 ESCAPE '\\'"
        ))
        .bind(format!("%{}%", store::dialect::like_escape(pattern)));
        let db = db.clone();
        async move { db.scalar::<i64>(q).await.unwrap() }
    };
    assert_eq!(count("50%").await, 1);
    assert_eq!(count("a_b").await, 1);
    assert_eq!(
        count("A_B").await,
        1,
        "matching ignores case on {:?}",
        db.backend()
    );
    let _ = Backend::Sqlite;
}

/// Tables and columns declared in schema/*.sql, parsed from the portable sources: `CREATE
/// TABLE` bodies, then the later files' `ALTER TABLE ... ADD COLUMN`, `ALTER TABLE ... RENAME
/// TO` and `DROP TABLE` (a backend's `-- only:` section leaves the same columns as the other's).
fn declared_columns() -> std::collections::BTreeMap<String, Vec<String>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    let mut out = std::collections::BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let mut current: Option<String> = None;
        for line in text.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("CREATE TABLE ") {
                let name = rest.split_whitespace().next().unwrap().to_string();
                out.insert(name.clone(), Vec::new());
                current = Some(name);
            } else if let Some(rest) = t.strip_prefix("ALTER TABLE ") {
                let words: Vec<&str> = rest.trim_end_matches(';').split_whitespace().collect();
                match words.as_slice() {
                    [table, "ADD", "COLUMN", column, ..] => {
                        out.get_mut(*table).unwrap().push(column.to_string())
                    }
                    [table, "RENAME", "TO", new] => {
                        let columns = out.remove(*table).unwrap();
                        out.insert(new.to_string(), columns);
                    }
                    _ => {}
                }
            } else if let Some(rest) = t.strip_prefix("DROP TABLE ") {
                out.remove(rest.trim_end_matches(';').trim());
            } else if t.starts_with(");") {
                current = None;
            } else if let Some(table) = &current {
                let first = t.split_whitespace().next().unwrap_or("");
                if !first.is_empty()
                    && !first.starts_with("--")
                    && !["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"].contains(&first)
                {
                    out.get_mut(table).unwrap().push(first.to_string());
                }
            }
        }
    }
    out
}

#[tokio::test]
async fn the_migrated_database_has_exactly_the_declared_columns() {
    let (db, _g) = fresh().await;
    for (table, mut expected) in declared_columns() {
        let q = match db.backend() {
            Backend::Sqlite => Sql::new("SELECT name FROM pragma_table_info($1)").bind(table.as_str()),
            Backend::Postgres => Sql::new(
                "SELECT CAST(column_name AS TEXT) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(table.as_str()),
        };
        let mut actual: Vec<String> = db
            .fetch_all::<(String,)>(q)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.0)
            .collect();
        actual.sort();
        expected.sort();
        assert_eq!(actual, expected, "columns of {table} on {:?}", db.backend());
    }
}
