//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

mod accounts;
mod agent_changes;
mod agents;
mod auth;
mod canned_responses;
mod conventions;
mod custom_attribute_definitions;
mod custom_filters;
mod labels;
mod profile;
mod team_members;
mod teams;
