//! What can go wrong below the HTTP layer. Database text never reaches a response: the http
//! crate logs `Database` and answers 500, and maps `UniqueViolation` to a Rails-style 422.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("record not found")]
    NotFound,
    /// A unique index refused the row; `constraint` names the index or the columns.
    #[error("unique violation on {constraint}")]
    UniqueViolation { constraint: String },
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(ref db) if db.is_unique_violation() => {
                StoreError::UniqueViolation {
                    // Postgres names the index; SQLite only says "UNIQUE constraint failed: t.col".
                    constraint: db
                        .constraint()
                        .map(str::to_string)
                        .unwrap_or_else(|| db.message().to_string()),
                }
            }
            other => StoreError::Database(other),
        }
    }
}

impl StoreError {
    /// True when the violated unique index covers `column` (by index name on Postgres, by
    /// the `table.column` list in SQLite's message).
    pub fn is_unique_on(&self, column: &str) -> bool {
        matches!(self, StoreError::UniqueViolation { constraint } if constraint.contains(column))
    }
}
