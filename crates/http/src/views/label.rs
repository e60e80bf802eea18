//! `api/v1/accounts/labels/{index,show,create,update}.json.jbuilder` (no shared partial).

use serde::Serialize;
use store::labels::Label;

#[derive(Serialize)]
pub struct LabelView {
    pub id: i64,
    pub title: Option<String>,
    pub description: Option<String>,
    pub color: String,
    pub show_on_sidebar: Option<bool>,
}

impl From<&Label> for LabelView {
    fn from(l: &Label) -> Self {
        LabelView {
            id: l.id,
            title: l.title.clone(),
            description: l.description.clone(),
            color: l.color.clone(),
            show_on_sidebar: l.show_on_sidebar,
        }
    }
}
