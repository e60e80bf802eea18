//! `GET /cable`: the ActionCable WebSocket (Rails' ActionCable server mounted by Chatwoot's
//! config/routes.rb; the channel is app/channels/room_channel.rb). This file only moves frames
//! between the socket and a `realtime::session::Session`: the protocol, RoomChannel and the
//! stream hub live in the realtime crate.

use app::App;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use realtime::hub::Delivery;
use realtime::protocol;
use realtime::session::Session;
use std::time::Duration;
use tokio::time::{interval_at, Instant, MissedTickBehavior};

/// Client frames are small commands; anything larger is refused by the WebSocket layer.
const MAX_CLIENT_MESSAGE: usize = 64 * 1024;
/// Per-socket buffers: thousands of mostly idle sockets should not each hold the 128 KiB
/// defaults.
const READ_BUFFER: usize = 4 * 1024;
/// A send the client does not take within this long means it is gone.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn cable(State(app): State<App>, ws: WebSocketUpgrade) -> Response {
    // The Rails client offers `actioncable-v1-json` and `actioncable-unsupported` and closes a
    // socket that did not select the first; clients that offer none are served anyway.
    ws.protocols([protocol::PROTOCOL])
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(0)
        .max_message_size(MAX_CLIENT_MESSAGE)
        .on_upgrade(move |socket| serve(app, socket))
}

async fn serve(app: App, mut socket: WebSocket) {
    let (mut session, mut inbox) = Session::open(&app.realtime);
    let beat = Duration::from_secs(protocol::PING_SECONDS);
    let mut ping = interval_at(Instant::now() + beat, beat);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            delivery = inbox.recv() => match delivery {
                Delivery::Text(text) => {
                    if !send(&mut socket, text).await {
                        break;
                    }
                }
                Delivery::Close(text) => {
                    send(&mut socket, text).await;
                    let _ = socket.send(Message::Close(None)).await;
                    break;
                }
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => session.handle(text.as_str()).await,
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                // Pings are answered by the WebSocket layer; binary frames mean nothing here.
                Some(Ok(_)) => {}
            },
            _ = ping.tick() => {
                if !send(&mut socket, protocol::ping(chrono::Utc::now().timestamp())).await {
                    break;
                }
            }
        }
    }
    // Dropping the session removes its streams from the hub.
    drop(session);
}

async fn send(socket: &mut WebSocket, text: String) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, socket.send(Message::Text(text.into()))).await,
        Ok(Ok(()))
    )
}
