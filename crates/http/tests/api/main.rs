//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

extern crate switchboard_http as http;

mod accounts;
mod agent_bots;
mod article_changes;
mod articles;
mod audit_logs;
mod auth;
mod categories;
mod conventions;
mod dashboard_apps;
mod integrations;
mod platform;
mod portal_changes;
mod portals;
mod profile;
mod route_roles;
mod webhooks;
