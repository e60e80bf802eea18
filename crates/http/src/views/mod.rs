//! JSON shapes, one module per Chatwoot jbuilder partial they mirror.

pub mod account;
pub mod agent_bot;
pub mod inbox;
pub mod platform;
pub mod user;
