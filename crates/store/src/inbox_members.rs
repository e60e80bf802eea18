//! `inbox_members`.
