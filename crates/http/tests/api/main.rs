//! API tests: the real router, in-process, on a fresh database per test (SQLite, or PostgreSQL
//! when TEST_DATABASE_URL is set).

extern crate switchboard_http as http;

mod accounts;
mod agent_bots;
mod agent_changes;
mod agents;
mod article_changes;
mod articles;
mod audit_logs;
mod audit_trail;
mod auth;
mod canned_responses;
mod categories;
mod contacts;
mod contacts_filter;
mod contacts_lists;
mod contacts_members;
mod contacts_nested;
mod contacts_transfer;
mod conventions;
mod conversations;
mod conversations_actions;
mod conversations_counts;
mod conversations_destroy;
mod conversations_lists;
mod custom_attribute_definitions;
mod custom_filters;
mod dashboard_apps;
mod inbox_members;
mod inboxes;
mod integrations;
mod labels;
mod messages;
mod messages_store;
mod payloads;
mod platform;
mod portal_changes;
mod portals;
mod profile;
mod reporting_events;
mod route_roles;
mod team_members;
mod teams;
mod webhook_deliveries;
mod webhooks;
