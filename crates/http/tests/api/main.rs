//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

extern crate switchboard_http as http;

mod accounts;
mod audit_logs;
mod auth;
mod contacts;
mod contacts_filter;
mod contacts_lists;
mod contacts_members;
mod contacts_nested;
mod contacts_transfer;
mod conventions;
mod profile;
mod route_roles;
