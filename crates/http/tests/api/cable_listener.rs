//! ActionCableListener routes for events no HTTP route emits yet (mentions, a contact typing in
//! the widget), fed through `events::commit` as a use case would.

use crate::cable_support::*;
use app::App;
use domain::events::{ConversationRef, Event, EventKind, Performer, Typer};
use testkit::{TestAccount, TestApp};

async fn emit(app: &App, event: Event) {
    let tx = app.db.begin().await.unwrap();
    app::events::commit(app, tx, vec![event]).await.unwrap();
}

struct Setup {
    t: TestApp,
    account: TestAccount,
    conversation: ConversationRef,
    contact_id: i64,
    contact_token: String,
}

async fn setup() -> Setup {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let inbox_id = t.inbox(account.id, "Website").await;
    let display_id = t.conversation(&account, inbox_id).await;
    let (contact_id, contact_token) = contact_of(&t.app, account.id, display_id).await;
    let conv = store::conversations::find_by_display_id(&t.app.db, account.id, display_id)
        .await
        .unwrap()
        .unwrap();
    t.app.realtime.settle().await;
    Setup {
        conversation: ConversationRef {
            id: conv.id,
            display_id,
            inbox_id,
        },
        t,
        account,
        contact_id,
        contact_token,
    }
}

#[tokio::test]
async fn a_mention_reaches_only_the_mentioned_agent() {
    let s = setup().await;
    let mentioned = s.t.agent(&s.account).await;
    let addr = serve(&s.t.app).await;
    let mut theirs = Cable::connect(addr).await;
    let token = user_token(&s.t.app, mentioned.id).await;
    theirs
        .join(&agent_identifier(&token, s.account.id, mentioned.id))
        .await;
    let mut admin = Cable::connect(addr).await;
    let admin_token = user_token(&s.t.app, s.account.admin.id).await;
    admin
        .join(&agent_identifier(
            &admin_token,
            s.account.id,
            s.account.admin.id,
        ))
        .await;
    let kind = EventKind::ConversationMentioned {
        conversation: s.conversation,
        user_id: mentioned.id,
    };
    let performer = Some(Performer::User(s.account.admin.id));
    emit(&s.t.app, Event::new(s.account.id, performer, kind)).await;
    let frame = theirs.event("conversation.mentioned").await;
    assert_eq!(frame["data"]["id"], s.conversation.display_id);
    assert_eq!(frame["data"]["account_id"], s.account.id);
    assert_eq!(frame["data"]["performer"]["id"], s.account.admin.id);
    assert!(admin.events_now().await.is_empty());
}

#[tokio::test]
async fn a_contact_typing_reaches_the_agents_but_not_its_own_widget() {
    let s = setup().await;
    let addr = serve(&s.t.app).await;
    let mut admin = Cable::connect(addr).await;
    let admin_token = user_token(&s.t.app, s.account.admin.id).await;
    admin
        .join(&agent_identifier(
            &admin_token,
            s.account.id,
            s.account.admin.id,
        ))
        .await;
    let mut widget = Cable::connect(addr).await;
    widget.join(&contact_identifier(&s.contact_token)).await;
    let kind = EventKind::TypingOff {
        conversation: s.conversation,
        typer: Typer::Contact(s.contact_id),
        is_private: false,
    };
    emit(&s.t.app, Event::new(s.account.id, None, kind)).await;
    let frame = admin.event("conversation.typing_off").await;
    assert_eq!(frame["data"]["user"]["id"], s.contact_id);
    assert_eq!(frame["data"]["user"]["type"], "contact");
    assert_eq!(frame["data"]["is_private"], false);
    assert!(frame["data"].get("performer").is_none());
    assert!(widget.events_now().await.is_empty());
}

#[tokio::test]
async fn a_conversation_gone_before_sending_sends_nothing_and_later_frames_still_flow() {
    let s = setup().await;
    let addr = serve(&s.t.app).await;
    let mut admin = Cable::connect(addr).await;
    let admin_token = user_token(&s.t.app, s.account.admin.id).await;
    admin
        .join(&agent_identifier(
            &admin_token,
            s.account.id,
            s.account.admin.id,
        ))
        .await;
    let gone = ConversationRef {
        id: 999_999,
        ..s.conversation
    };
    emit(
        &s.t.app,
        Event::new(
            s.account.id,
            None,
            EventKind::ConversationRead { conversation: gone },
        ),
    )
    .await;
    emit(
        &s.t.app,
        Event::new(
            s.account.id,
            None,
            EventKind::ConversationRead {
                conversation: s.conversation,
            },
        ),
    )
    .await;
    let frame = admin.event("conversation.read").await;
    assert_eq!(frame["data"]["id"], s.conversation.display_id);
    assert_eq!(
        admin.events_now().await,
        Vec::<String>::new(),
        "one frame only"
    );
}
