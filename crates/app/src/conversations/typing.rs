//! `Conversations::TypingStatusManager` (app/services/conversations/typing_status_manager.rb):
//! `typing_status` "on" or "off" becomes `conversation.typing_on`/`typing_off`; anything else
//! does nothing. Nothing is stored, but the events still go through `events::commit`, so the
//! webhooks they owe are queued durably like any other.

use super::events::{performer, reference};
use super::{find, Viewer};
use crate::events::{commit, Event, EventKind, Typer};
use crate::{App, Result};

pub async fn toggle_typing_status(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    typing_status: Option<&str>,
    is_private: bool,
) -> Result<()> {
    let tx = app.db.begin().await?;
    let c = find(&tx, account_id, display_id, viewer).await?;
    let typer = match viewer {
        Viewer::User { id, .. } => Typer::User(id),
        // Bots cannot reach this endpoint (it is not bot-accessible upstream).
        Viewer::Bot { .. } => return Ok(()),
    };
    let conversation = reference(&c);
    let kind = match typing_status {
        Some("on") => EventKind::TypingOn {
            conversation,
            typer,
            is_private,
        },
        Some("off") => EventKind::TypingOff {
            conversation,
            typer,
            is_private,
        },
        _ => return Ok(()),
    };
    let event = Event::new(account_id, Some(performer(viewer)), kind);
    commit(app, tx, vec![event]).await
}
