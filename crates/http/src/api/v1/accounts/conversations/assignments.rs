//! `conversations/assignments_controller.rb`: `assignee_id` (with `assignee_type` "AgentBot"
//! for a bot) answers the agent (`_agent`) or bot (`_agent_bot_slim`), `team_id` the team as
//! a record, neither `null`. An id naming nothing of the account unassigns and answers null.

use super::ActorExt;
use crate::error::ApiResult;
use crate::extract::AccountActor as Actor;
use crate::extract::{Params, Path};
use crate::state::AppState;
use crate::views::agent::AgentView;
use app::conversations::changes::{self, Assigned, Assignment};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::form::{id_field, text_field};

pub fn routes() -> Router<AppState> {
    Router::new().route("/conversations/{id}/assignments", post(create))
}

async fn create(
    State(state): State<AppState>,
    actor: Actor,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let p = &params.0;
    let bot = text_field(p, "assignee_type")?.as_deref() == Some("AgentBot");
    let what = if p.contains_key("assignee_id") || bot {
        Assignment::Assignee {
            id: id_field(p, "assignee_id")?,
            bot,
        }
    } else if p.contains_key("team_id") {
        Assignment::Team(id_field(p, "team_id")?)
    } else {
        // `render json: nil`, after the conversation's own lookup and policy check.
        app::conversations::find(&state.app.db, actor.account_id(), id, actor.viewer()).await?;
        return Ok(Json(Value::Null));
    };
    let (_, assigned) =
        changes::assign(&state.app, actor.account_id(), id, actor.viewer(), what).await?;
    Ok(Json(match assigned {
        Assigned::Agent(u, au) => json!(AgentView::new(&u, &au, &state.app.presence)),
        Assigned::Bot(b) => crate::views::conversation::bot_slim(&b),
        // `render json: @team`: the record's attributes.
        Assigned::Team(t) => json!({
            "id": t.id,
            "name": t.name,
            "description": t.description,
            "allow_auto_assign": t.allow_auto_assign,
            "account_id": t.account_id,
            "created_at": domain::time::iso(t.created_at),
            "updated_at": domain::time::iso(t.updated_at),
        }),
        Assigned::Nothing => Value::Null,
    }))
}
