//! JSON shapes, one module per Chatwoot jbuilder partial they mirror.

pub mod account;
pub mod agent;
pub mod agent_bot;
pub mod canned_response;
pub mod custom_attribute_definition;
pub mod custom_filter;
pub mod label;
pub mod team;
pub mod user;
