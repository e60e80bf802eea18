//! `ApiController#index` (`GET /api`) and the `/api/v1` tree.

pub mod v1;

use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

/// The Chatwoot version whose API Switchboard speaks; clients read it to decide what exists.
pub const CHATWOOT_VERSION: &str = "4.8.0";

/// `GET /api`: version, time, and the health of the queue and data services. Switchboard's
/// queue is its own database, so both report the database's health.
pub async fn index(State(state): State<AppState>) -> Json<Value> {
    let db = if state.app.db.ping().await {
        "ok"
    } else {
        "failing"
    };
    Json(json!({
        "version": CHATWOOT_VERSION,
        "timestamp": domain::time::db_format(chrono::Utc::now()),
        "queue_services": db,
        "data_services": db,
    }))
}
