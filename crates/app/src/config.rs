//! Runtime settings, named as Chatwoot's environment variables. Read once at start-up by the
//! binary; tests build one directly.

#[derive(Debug, Clone)]
pub struct Config {
    /// `SECRET_KEY_BASE`: signs widget tokens and other secrets.
    pub secret_key_base: String,
    /// `FRONTEND_URL`: the public address, used in links (widget script, SSO, survey).
    pub frontend_url: String,
    /// `ENABLE_ACCOUNT_SIGNUP`: whether `POST /api/v1/accounts` is open.
    pub enable_account_signup: bool,
    /// `ENABLE_API_CORS` / `CW_API_ONLY_SERVER`: allow any origin on `/api` too.
    pub enable_api_cors: bool,
    /// bcrypt cost for new password hashes (Devise uses 11; tests use the minimum).
    pub bcrypt_cost: u32,
    /// Where uploads and generated secrets live.
    pub data_dir: std::path::PathBuf,
    /// `ENABLE_INBOX_EVENTS`: inboxes publish `inbox.created` / `inbox.updated` (upstream's
    /// Inbox model dispatches them only when the variable is set).
    pub enable_inbox_events: bool,
}

impl Config {
    /// Settings for tests: fast hashing, signup on, a throwaway data folder.
    pub fn for_tests() -> Self {
        Config {
            secret_key_base: "test-secret-key-base".repeat(4),
            frontend_url: "http://localhost:3000".to_string(),
            enable_account_signup: true,
            enable_api_cors: false,
            bcrypt_cost: 4,
            data_dir: std::env::temp_dir().join("switchboard-tests"),
            enable_inbox_events: false,
        }
    }
}
