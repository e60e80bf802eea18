//! The router's state.

use app::App;
use axum::extract::FromRef;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
}

impl FromRef<AppState> for App {
    fn from_ref(s: &AppState) -> App {
        s.app.clone()
    }
}
