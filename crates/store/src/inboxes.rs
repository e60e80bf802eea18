//! `inboxes`.
