//! `working_hours`.
