//! `categories`.
