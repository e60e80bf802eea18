//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

mod accounts;
mod agent_bots;
mod auth;
mod conventions;
mod dashboard_apps;
mod integrations;
mod profile;
mod webhooks;
