//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

extern crate switchboard_http as http;

mod accounts;
mod audit_logs;
mod auth;
mod conventions;
mod inbox_members;
mod inboxes;
mod platform;
mod profile;
mod route_roles;
