//! `ReportingEventListener` (app/listeners/reporting_event_listener.rb): the reporting events a
//! conversation's life leaves, written in the change's transaction.

use crate::Result;
use chrono::NaiveDateTime;
use domain::business_hours::{working_seconds, OpenDay};
use domain::events::{Event, EventKind};
use store::conversations::Conversation;
use store::reporting_events::{self as events, NewReportingEvent};
use store::Exec;

pub async fn handle(e: &impl Exec, event: &Event) -> Result<()> {
    use EventKind::*;
    let measured_kind = matches!(
        event.kind,
        ConversationResolved { .. }
            | FirstReplyCreated { .. }
            | ReplyCreated { .. }
            | ConversationBotHandoff { .. }
            | ConversationOpened { .. }
    );
    let Some(conversation) = event.conversation().filter(|_| measured_kind) else {
        return Ok(());
    };
    let Some(c) = store::conversations::find(e, conversation.id).await? else {
        return Ok(());
    };
    let record = match &event.kind {
        ConversationResolved { .. } => {
            let r = measured(
                e,
                &c,
                "conversation_resolved",
                c.created_at,
                c.updated_at,
                c.assignee_id,
            )
            .await?;
            // A bot that resolved without any agent reply gets the credit too.
            if store::agent_bot_inboxes::has_active_bot(e, c.inbox_id).await?
                && !store::message_conversations::has_user_reply(e, c.id).await?
            {
                let bot = NewReportingEvent {
                    name: "conversation_bot_resolved",
                    ..r.clone()
                };
                events::insert(e, &bot, domain::time::now()).await?;
            }
            r
        }
        FirstReplyCreated { message_id, .. } => {
            let Some(m) = store::messages::find(e, c.id, *message_id).await? else {
                return Ok(());
            };
            let start = last_non_human_activity(e, &c).await?;
            measured(e, &c, "first_response", start, m.created_at, m.sender_id).await?
        }
        ReplyCreated {
            message_id,
            waiting_since,
            ..
        } => {
            let Some(m) = store::messages::find(e, c.id, *message_id).await? else {
                return Ok(());
            };
            measured(
                e,
                &c,
                "reply_time",
                *waiting_since,
                m.created_at,
                c.assignee_id,
            )
            .await?
        }
        ConversationBotHandoff { .. } => {
            // Only the first handoff of a conversation counts.
            if events::exists(e, c.id, "conversation_bot_handoff").await? {
                return Ok(());
            }
            measured(
                e,
                &c,
                "conversation_bot_handoff",
                c.created_at,
                c.updated_at,
                c.assignee_id,
            )
            .await?
        }
        _ => {
            // Opened: a reopening measures the time since the last resolution; a first
            // opening is worth 0 and starts at the creation.
            match events::latest_end(e, c.id, &["conversation_resolved"]).await? {
                Some(resolved) => {
                    measured(
                        e,
                        &c,
                        "conversation_opened",
                        resolved,
                        c.updated_at,
                        c.assignee_id,
                    )
                    .await?
                }
                None => NewReportingEvent {
                    value: 0.0,
                    value_in_business_hours: 0.0,
                    ..measured(
                        e,
                        &c,
                        "conversation_opened",
                        c.created_at,
                        c.updated_at,
                        c.assignee_id,
                    )
                    .await?
                },
            }
        }
    };
    events::insert(e, &record, domain::time::now()).await?;
    Ok(())
}

/// An event of `c` from `start` to `end`: its value in seconds, and in working seconds when
/// the inbox keeps working hours.
async fn measured(
    e: &impl Exec,
    c: &Conversation,
    name: &'static str,
    start: NaiveDateTime,
    end: NaiveDateTime,
    user_id: Option<i64>,
) -> Result<NewReportingEvent> {
    Ok(NewReportingEvent {
        name,
        value: (end.and_utc().timestamp() - start.and_utc().timestamp()) as f64,
        value_in_business_hours: business_seconds(e, c, start, end).await? as f64,
        account_id: c.account_id,
        inbox_id: c.inbox_id,
        user_id,
        conversation_id: c.id,
        event_start_time: start,
        event_end_time: end,
    })
}

/// `business_hours(inbox, from, to)`: 0 unless the inbox has working hours enabled.
async fn business_seconds(
    e: &impl Exec,
    c: &Conversation,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<i64> {
    let Some(inbox) = store::inboxes::find(e, c.account_id, c.inbox_id).await? else {
        return Ok(0);
    };
    if inbox.working_hours_enabled != Some(true) {
        return Ok(0);
    }
    let week: Vec<OpenDay> = store::working_hours::list_for_inbox(e, c.inbox_id)
        .await?
        .iter()
        .filter(|w| w.closed_all_day != Some(true))
        .map(|w| OpenDay {
            day_of_week: w.day_of_week.max(0) as u32,
            open_minute: (w.open_hour.unwrap_or(0) * 60 + w.open_minutes.unwrap_or(0)).max(0)
                as u32,
            close_minute: (w.close_hour.unwrap_or(0) * 60 + w.close_minutes.unwrap_or(0)).max(0)
                as u32,
        })
        .collect();
    let zone = inbox.timezone.as_deref().unwrap_or("UTC");
    Ok(working_seconds(&week, zone, from, to))
}

/// `last_non_human_activity`: the latest handoff or reopening, else the bot's resolution,
/// else the conversation's creation.
async fn last_non_human_activity(e: &impl Exec, c: &Conversation) -> Result<NaiveDateTime> {
    if let Some(t) = events::latest_end(
        e,
        c.id,
        &["conversation_bot_handoff", "conversation_opened"],
    )
    .await?
    {
        return Ok(t);
    }
    if let Some(t) = events::latest_end(e, c.id, &["conversation_bot_resolved"]).await? {
        return Ok(t);
    }
    Ok(c.created_at)
}
