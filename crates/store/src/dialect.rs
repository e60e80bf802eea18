//! The few pieces of SQL that differ between SQLite and PostgreSQL.

use crate::value::Sql;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Row locking for a job claim's subquery: PostgreSQL skips rows another node is claiming
    /// (`FOR UPDATE SKIP LOCKED`); SQLite needs nothing, its single writer serialises claims.
    pub fn skip_locked(self, alias: &str) -> String {
        match self {
            Backend::Postgres => format!(" FOR UPDATE OF {alias} SKIP LOCKED"),
            Backend::Sqlite => String::new(),
        }
    }
}

impl Backend {
    /// A query answering whether this transaction took the lock `name` (held until it ends),
    /// for work one node at a time must do: PostgreSQL's advisory lock, one per schema so
    /// databases sharing a server (tests, benches) do not exclude each other. None on SQLite,
    /// where a write transaction already excludes every other. `name` is written by this crate.
    pub fn try_xact_lock(self, name: &str) -> Option<String> {
        match self {
            Backend::Postgres => Some(format!(
                "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':{name}'))"
            )),
            Backend::Sqlite => None,
        }
    }
}

impl Backend {
    /// Case-insensitive LIKE: PostgreSQL's `ILIKE`; SQLite's `LIKE` already ignores ASCII case.
    pub fn ilike(self) -> &'static str {
        match self {
            Backend::Sqlite => "LIKE",
            Backend::Postgres => "ILIKE",
        }
    }
}

impl Backend {
    /// The text of JSON object key `key` in the JSON column `column` (SQL written by this crate),
    /// NULL when absent; the key is bound. Both answer `'true'`/`'false'` for JSON booleans, as
    /// PostgreSQL's `->>` does.
    pub fn json_text(self, q: &mut Sql, column: &str, key: &str) -> String {
        match self {
            Backend::Postgres => format!("({column} ->> {})", q.arg(key)),
            // A quoted JSON path label cannot contain `"`; such keys are looked up by json_each.
            Backend::Sqlite if key.contains('"') => format!(
                "(SELECT CASE type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' \
                 ELSE CAST(value AS TEXT) END FROM json_each({column}) WHERE key = {})",
                q.arg(key)
            ),
            Backend::Sqlite => {
                let path = q.arg(format!("$.\"{key}\""));
                format!(
                    "(CASE json_type({column}, {path}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' \
                     ELSE CAST(json_extract({column}, {path}) AS TEXT) END)"
                )
            }
        }
    }

    /// `text` as a floating-point number, NULL when it does not read as one (no cast errors).
    pub fn numeric(self, text: &str) -> String {
        match self {
            Backend::Postgres => format!(
                "(CASE WHEN {text} ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$' \
                 THEN CAST({text} AS DOUBLE PRECISION) END)"
            ),
            Backend::Sqlite => format!(
                "(CASE WHEN TRIM({text}) <> '' AND TRIM({text}) NOT GLOB '*[^0-9.eE+-]*' \
                 THEN CAST(TRIM({text}) AS REAL) END)"
            ),
        }
    }

    /// The integers of a JSON array parameter as a one-column subquery, so a long id list is one
    /// bound value (`id IN (SELECT ...)`).
    pub fn json_int_list(self, placeholder: &str) -> String {
        match self {
            Backend::Postgres => {
                format!(
                    "SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text({placeholder})"
                )
            }
            Backend::Sqlite => format!("SELECT value FROM json_each({placeholder})"),
        }
    }

    /// True when `haystack` contains `needle` (a placeholder), case-sensitively and with no
    /// wildcards (Chatwoot's `identifier LIKE '%q%'`, which is case-sensitive on PostgreSQL).
    pub fn contains_exact(self, haystack: &str, needle: &str) -> String {
        match self {
            Backend::Postgres => format!("STRPOS({haystack}, {needle}) > 0"),
            Backend::Sqlite => format!("INSTR({haystack}, {needle}) > 0"),
        }
    }
}

/// Pieces for generating rows in the database itself (the benchmark's seeding).
impl Backend {
    /// `(name, CREATE INDEX statement)` of each index of the table named by the placeholder
    /// `table` that `DROP INDEX` may remove (not one a primary key or constraint owns).
    pub fn index_definitions(self, table: &str) -> String {
        match self {
            Backend::Postgres => format!(
                "SELECT CAST(indexname AS TEXT), indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                 AND tablename = {table} AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY 1"
            ),
            Backend::Sqlite => format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = {table} \
                 AND sql IS NOT NULL ORDER BY 1"
            ),
        }
    }

    /// A `WITH` clause naming `seq(i)`, the integers 1..=`n` (`n` is a placeholder).
    pub fn series(self, n: &str) -> String {
        match self {
            Backend::Sqlite => format!(
                "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {n})"
            ),
            Backend::Postgres => {
                format!("WITH seq(i) AS (SELECT generate_series(1, CAST({n} AS BIGINT)))")
            }
        }
    }

    /// A timestamp `seconds` (an integer expression) after 2025-01-01 00:00:00.
    pub fn epoch_plus(self, seconds: &str) -> String {
        match self {
            Backend::Sqlite => {
                format!("datetime('2025-01-01 00:00:00', '+' || ({seconds}) || ' seconds')")
            }
            Backend::Postgres => {
                format!("(TIMESTAMP '2025-01-01 00:00:00' + ({seconds}) * INTERVAL '1 second')")
            }
        }
    }
}

/// Escapes `%`, `_` and `\` so user text is matched literally inside a LIKE pattern
/// (used with `ESCAPE '\'`).
pub fn like_escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_escape_neutralises_wildcards() {
        assert_eq!(like_escape("50%_off\\"), "50\\%\\_off\\\\");
    }
}
