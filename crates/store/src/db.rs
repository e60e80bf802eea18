//! The seam between Switchboard and its database. `Db` is a pool, `Tx` a transaction; both
//! implement [`Exec`], so store functions take `&impl Exec` and run either way.
//!
//! SQLite allows one writer at a time. Rather than let writers collide and retry on
//! `SQLITE_BUSY`, every transaction runs on a dedicated single-connection writer pool
//! (`BEGIN IMMEDIATE`), so writes queue in-process; reads use a separate pool and never wait for
//! writers (WAL). Writes therefore belong in a `Tx`.

use crate::value::{Sql, Value};
use crate::{Backend, Result, StoreError};
use sqlx::postgres::{PgArguments, PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Arguments, FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::future::Future;
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::Mutex;

/// A row type readable from both backends (what `#[derive(sqlx::FromRow)]` gives).
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// Runs queries: implemented by the pool and by a transaction.
pub trait Exec: Sync {
    fn backend(&self) -> Backend;
    fn fetch_all<T: Record>(&self, q: Sql) -> impl Future<Output = Result<Vec<T>>> + Send;
    fn fetch_optional<T: Record>(&self, q: Sql) -> impl Future<Output = Result<Option<T>>> + Send;
    /// Runs a statement and returns the number of rows it touched.
    fn execute(&self, q: Sql) -> impl Future<Output = Result<u64>> + Send;

    fn fetch_one<T: Record>(&self, q: Sql) -> impl Future<Output = Result<T>> + Send {
        async move { self.fetch_optional(q).await?.ok_or(StoreError::NotFound) }
    }

    /// The first column of the first row, e.g. `SELECT COUNT(*)` or `INSERT ... RETURNING id`.
    fn scalar<T>(&self, q: Sql) -> impl Future<Output = Result<T>> + Send
    where
        (T,): Record,
        T: Send,
    {
        async move { Ok(self.fetch_one::<(T,)>(q).await?.0) }
    }
}

#[derive(Clone)]
enum Pools {
    Sqlite { read: SqlitePool, write: SqlitePool },
    Postgres(PgPool),
}

#[derive(Clone)]
pub struct Db {
    pools: Pools,
}

/// Options for opening a database.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Largest pool size (readers on SQLite; all connections on PostgreSQL).
    pub max_connections: u32,
    /// PostgreSQL `search_path`, so tests can each use a schema of their own.
    pub pg_schema: Option<String>,
    /// Commit without waiting for the disk (PostgreSQL `synchronous_commit = off`). For tests
    /// only: a crash could lose the last commits.
    pub relaxed_durability: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            max_connections: 16,
            pg_schema: None,
            relaxed_durability: false,
        }
    }
}

impl Db {
    /// Opens `sqlite://path` (creating the file and its folder) or `postgres://...`.
    pub async fn connect(url: &str, opts: ConnectOptions) -> Result<Db> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut o = PgConnectOptions::from_str(url)?;
            if let Some(schema) = &opts.pg_schema {
                // Named after the schema too, so a test's cleanup can find its connections.
                o = o
                    .options([("search_path", schema.as_str())])
                    .application_name(schema);
            }
            let pool = PgPoolOptions::new()
                .max_connections(opts.max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(o)
                .await?;
            return Ok(Db {
                pools: Pools::Postgres(pool),
            });
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        let memory = path == ":memory:" || path.contains("mode=memory");
        if !memory {
            if let Some(parent) = std::path::Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
            {
                std::fs::create_dir_all(parent)
                    .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
            }
        }
        let o = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true)
            .pragma("cache_size", "-32000")
            .pragma("temp_store", "memory")
            // Readers in WAL mode drop their page cache whenever another connection has
            // written; mapped pages make re-reading them a memory access instead of a copy.
            .pragma("mmap_size", "1073741824");
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(o.clone())
            .await?;
        // An in-memory database exists per connection, so it must use the writer for everything.
        let read = if memory {
            write.clone()
        } else {
            SqlitePoolOptions::new()
                .max_connections(opts.max_connections)
                .connect_with(o.read_only(true))
                .await?
        };
        Ok(Db {
            pools: Pools::Sqlite { read, write },
        })
    }

    /// Applies the migrations of this backend (migrations/sqlite or migrations/postgres).
    pub async fn migrate(&self) -> Result<()> {
        match &self.pools {
            Pools::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run(write).await?,
            Pools::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Starts a transaction; on SQLite it takes the write lock at once.
    pub async fn begin(&self) -> Result<Tx> {
        let inner = match &self.pools {
            Pools::Sqlite { write, .. } => {
                TxInner::Sqlite(write.begin_with("BEGIN IMMEDIATE").await?)
            }
            Pools::Postgres(pool) => TxInner::Postgres(pool.begin().await?),
        };
        Ok(Tx {
            backend: self.backend(),
            inner: Mutex::new(inner),
        })
    }

    /// True when a trivial query succeeds (for `GET /api`'s `data_services`).
    pub async fn ping(&self) -> bool {
        self.scalar::<i64>(Sql::new("SELECT CAST(1 AS BIGINT)"))
            .await
            .is_ok()
    }

    /// The PostgreSQL pool, for LISTEN (pubsub.rs); None on SQLite.
    pub(crate) fn pg_pool(&self) -> Option<&PgPool> {
        match &self.pools {
            Pools::Postgres(pool) => Some(pool),
            Pools::Sqlite { .. } => None,
        }
    }

    pub async fn close(&self) {
        match &self.pools {
            Pools::Sqlite { read, write } => {
                read.close().await;
                write.close().await;
            }
            Pools::Postgres(pool) => pool.close().await,
        }
    }
}

enum TxInner {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A transaction. Dropped without `commit`, it rolls back.
pub struct Tx {
    backend: Backend,
    inner: Mutex<TxInner>,
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self.inner.into_inner() {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }
}

fn sqlite_args(values: Vec<Value>) -> Result<SqliteArguments<'static>> {
    let mut args = SqliteArguments::default();
    for v in values {
        let r = match v {
            Value::I64(v) => args.add(v),
            Value::I32(v) => args.add(v),
            Value::F64(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Text(v) => args.add(v),
            // SQLite keeps JSON as text.
            Value::Json(v) => args.add(v.map(|j| j.to_string())),
            Value::Timestamp(v) => args.add(v),
        };
        r.map_err(|e| StoreError::Database(sqlx::Error::Encode(e)))?;
    }
    Ok(args)
}

fn pg_args(values: Vec<Value>) -> Result<PgArguments> {
    let mut args = PgArguments::default();
    for v in values {
        let r = match v {
            Value::I64(v) => args.add(v),
            Value::I32(v) => args.add(v),
            Value::F64(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Text(v) => args.add(v),
            Value::Json(v) => args.add(v.map(sqlx::types::Json)),
            Value::Timestamp(v) => args.add(v),
        };
        r.map_err(|e| StoreError::Database(sqlx::Error::Encode(e)))?;
    }
    Ok(args)
}

/// Runs `$method` of a sqlx query built from `$q` against `$conn` for the given backend.
/// Private to this file: the one place that names both drivers.
macro_rules! run_sqlite {
    ($q:expr, $conn:expr, $method:ident, $t:ty) => {{
        let Sql { text, args } = $q;
        let args = sqlite_args(args)?;
        Ok(sqlx::query_as_with::<_, $t, _>(&text, args)
            .$method($conn)
            .await?)
    }};
}
macro_rules! run_pg {
    ($q:expr, $conn:expr, $method:ident, $t:ty) => {{
        let Sql { text, args } = $q;
        let args = pg_args(args)?;
        Ok(sqlx::query_as_with::<_, $t, _>(&text, args)
            .$method($conn)
            .await?)
    }};
}
macro_rules! exec_sqlite {
    ($q:expr, $conn:expr) => {{
        let Sql { text, args } = $q;
        let args = sqlite_args(args)?;
        Ok(sqlx::query_with(&text, args)
            .execute($conn)
            .await?
            .rows_affected())
    }};
}
macro_rules! exec_pg {
    ($q:expr, $conn:expr) => {{
        let Sql { text, args } = $q;
        let args = pg_args(args)?;
        Ok(sqlx::query_with(&text, args)
            .execute($conn)
            .await?
            .rows_affected())
    }};
}

impl Exec for Db {
    fn backend(&self) -> Backend {
        match self.pools {
            Pools::Sqlite { .. } => Backend::Sqlite,
            Pools::Postgres(_) => Backend::Postgres,
        }
    }

    async fn fetch_all<T: Record>(&self, q: Sql) -> Result<Vec<T>> {
        match &self.pools {
            Pools::Sqlite { read, .. } => run_sqlite!(q, read, fetch_all, T),
            Pools::Postgres(pool) => run_pg!(q, pool, fetch_all, T),
        }
    }

    async fn fetch_optional<T: Record>(&self, q: Sql) -> Result<Option<T>> {
        match &self.pools {
            Pools::Sqlite { read, .. } => run_sqlite!(q, read, fetch_optional, T),
            Pools::Postgres(pool) => run_pg!(q, pool, fetch_optional, T),
        }
    }

    async fn execute(&self, q: Sql) -> Result<u64> {
        match &self.pools {
            Pools::Sqlite { write, .. } => exec_sqlite!(q, write),
            Pools::Postgres(pool) => exec_pg!(q, pool),
        }
    }
}

impl Exec for Tx {
    fn backend(&self) -> Backend {
        self.backend
    }

    async fn fetch_all<T: Record>(&self, q: Sql) -> Result<Vec<T>> {
        match &mut *self.inner.lock().await {
            TxInner::Sqlite(tx) => run_sqlite!(q, &mut **tx, fetch_all, T),
            TxInner::Postgres(tx) => run_pg!(q, &mut **tx, fetch_all, T),
        }
    }

    async fn fetch_optional<T: Record>(&self, q: Sql) -> Result<Option<T>> {
        match &mut *self.inner.lock().await {
            TxInner::Sqlite(tx) => run_sqlite!(q, &mut **tx, fetch_optional, T),
            TxInner::Postgres(tx) => run_pg!(q, &mut **tx, fetch_optional, T),
        }
    }

    async fn execute(&self, q: Sql) -> Result<u64> {
        match &mut *self.inner.lock().await {
            TxInner::Sqlite(tx) => exec_sqlite!(q, &mut **tx),
            TxInner::Postgres(tx) => exec_pg!(q, &mut **tx),
        }
    }
}
