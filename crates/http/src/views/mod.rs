//! JSON shapes, one module per Chatwoot jbuilder partial they mirror.

pub mod account;
pub mod agent_bot;
pub mod dashboard_app;
pub mod integration;
pub mod platform;
pub mod user;
pub mod webhook;
