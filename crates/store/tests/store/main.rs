//! Store tests: the two schemas stay in step, and the seam behaves the same on both backends
//! (PostgreSQL when TEST_DATABASE_URL is set, else SQLite).

extern crate switchboard_store as store;

mod counts;
mod pages;
mod schema;
mod seam;
mod seed;
