//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

mod accounts;
mod article_changes;
mod articles;
mod auth;
mod categories;
mod conventions;
mod portal_changes;
mod portals;
mod profile;
