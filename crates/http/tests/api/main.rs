//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

mod accounts;
mod auth;
mod conventions;
mod profile;
mod teams;
