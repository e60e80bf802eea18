//! `api/v1/models/_reporting_event.json.jbuilder` (Enterprise).

use domain::time::iso_opt;
use serde_json::{json, Value};
use store::reporting_events::ReportingEvent;

pub fn reporting_event(r: &ReportingEvent) -> Value {
    json!({
        "id": r.id,
        "name": r.name,
        "value": r.value,
        "value_in_business_hours": r.value_in_business_hours,
        "event_start_time": iso_opt(r.event_start_time),
        "event_end_time": iso_opt(r.event_end_time),
        "account_id": r.account_id,
        "inbox_id": r.inbox_id,
        "user_id": r.user_id,
        "conversation_id": r.conversation_id,
        "created_at": domain::time::iso(r.created_at),
        "updated_at": domain::time::iso(r.updated_at),
    })
}
