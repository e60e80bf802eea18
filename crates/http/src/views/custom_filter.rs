//! `api/v1/models/_custom_filter.json.jbuilder`.

use domain::enums::FilterType;
use domain::time::iso;
use serde::Serialize;
use serde_json::Value;
use store::custom_filters::CustomFilter;

#[derive(Serialize)]
pub struct CustomFilterView {
    pub id: i64,
    pub name: String,
    pub filter_type: Option<&'static str>,
    pub query: Value,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&CustomFilter> for CustomFilterView {
    fn from(f: &CustomFilter) -> Self {
        CustomFilterView {
            id: f.id,
            name: f.name.clone(),
            filter_type: FilterType::from_i32(f.filter_type).map(FilterType::as_str),
            query: f.query.0.clone(),
            created_at: iso(f.created_at),
            updated_at: iso(f.updated_at),
        }
    }
}
