//! A canned response as `render json:` shows it: ActiveRecord's `as_json`, every column in
//! schema order, times in ISO-8601.

use domain::time::iso;
use serde::Serialize;
use store::canned_responses::CannedResponse;

#[derive(Serialize)]
pub struct CannedResponseView {
    pub id: i64,
    pub account_id: i64,
    pub short_code: Option<String>,
    pub content: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&CannedResponse> for CannedResponseView {
    fn from(c: &CannedResponse) -> Self {
        CannedResponseView {
            id: c.id,
            account_id: c.account_id,
            short_code: c.short_code.clone(),
            content: c.content.clone(),
            created_at: iso(c.created_at),
            updated_at: iso(c.updated_at),
        }
    }
}
