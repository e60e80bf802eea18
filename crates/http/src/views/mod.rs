//! JSON shapes, one module per Chatwoot jbuilder partial they mirror.

pub mod account;
pub mod agent;
pub mod agent_bot;
pub mod article;
pub mod canned_response;
pub mod category;
pub mod contact;
pub mod conversation;
pub mod custom_attribute_definition;
pub mod custom_filter;
pub mod dashboard_app;
pub mod inbox;
pub mod integration;
pub mod label;
pub mod message;
pub mod platform;
pub mod portal;
pub mod reporting_event;
pub mod team;
pub mod user;
pub mod webhook;
