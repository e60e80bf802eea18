//! JSON shapes, one module per Chatwoot jbuilder partial they mirror.

pub mod account;
pub mod agent_bot;
pub mod article;
pub mod category;
pub mod dashboard_app;
pub mod integration;
pub mod platform;
pub mod portal;
pub mod user;
pub mod webhook;
