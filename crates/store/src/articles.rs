//! `articles`.
