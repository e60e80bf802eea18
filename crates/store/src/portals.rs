//! `portals`.
