//! A crash in the middle of work: messages are posted continuously while a slow webhook
//! receiver falls behind, the server is killed with SIGKILL, then started again. Every message
//! that was answered 2xx is stored, and its webhook arrives at least once, every time with the
//! same `X-Chatwoot-Delivery` (so a receiver that dedupes by it sees each exactly once).

use super::{free_port, http, start_with, Env};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// (X-Chatwoot-Delivery, body) of every request, recorded before the slow answer.
type Hits = Arc<Mutex<Vec<(String, Value)>>>;

/// A receiver that takes `delay` to answer 200 to each request (one per connection).
fn slow_receiver(delay: Duration) -> (Hits, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits: Hits = Arc::default();
    let record = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let record = record.clone();
            std::thread::spawn(move || answer(stream, &record, delay));
        }
    });
    (hits, port)
}

fn answer(mut s: TcpStream, hits: &Hits, delay: Duration) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let header = |name: &str| {
        head.lines().find_map(|l| {
            l.strip_prefix(&format!("{name}:"))
                .map(|v| v.trim().to_string())
        })
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body: Value = serde_json::from_slice(&buf[head_end..head_end + length]).unwrap_or_default();
    let delivery = header("x-chatwoot-delivery").unwrap_or_default();
    hits.lock().unwrap().push((delivery, body));
    std::thread::sleep(delay);
    let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or(Value::Null)
}

/// Posts messages one after another until `stop`; returns the ids answered 2xx.
fn poster(port: Arc<Mutex<u16>>, token: String, path: String, stop: Arc<AtomicBool>) -> Vec<i64> {
    let mut ok = Vec::new();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let p = *port.lock().unwrap();
        let body = json!({ "content": format!("message {n}") }).to_string();
        match http(p, "POST", &path, Some(&token), Some(&body)) {
            Some((200, b)) => {
                ok.push(json_of(&b)["id"].as_i64().expect("a message id"));
                // Well under the 200 messages a minute a conversation may take.
                std::thread::sleep(Duration::from_millis(25));
            }
            Some((status, b)) => panic!("message refused: {status} {b}"),
            // The server is down (killed, or not up again yet).
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    ok
}

#[test]
fn messages_answered_2xx_survive_a_kill_and_their_webhooks_arrive_with_one_delivery_id() {
    let env = Env::new();
    let (_, out, err) = env.run(&[
        "setup",
        "--account-name",
        "Acme",
        "--email",
        "crash@acme.test",
        "--password",
        "Password1!",
    ]);
    let setup = json_of(out.trim());
    let token = setup["access_token"].as_str().expect(&err).to_string();
    let account = setup["account_id"].as_i64().unwrap();
    let accounts = |rest: &str| format!("/api/v1/accounts/{account}{rest}");
    let (hits, receiver) = slow_receiver(Duration::from_millis(60));

    let port = free_port();
    let serve = |port: u16| {
        let mut c = env.command(&["serve"]);
        c.env("PORT", port.to_string()).env("WEBHOOK_TIMEOUT", "2");
        c
    };
    let mut child = start_with(serve(port), port);
    let call = |port: u16, method: &str, path: &str, body: Value| {
        let (status, b) = http(port, method, path, Some(&token), Some(&body.to_string())).unwrap();
        assert_eq!(status, 200, "{path}: {b}");
        json_of(&b)
    };
    let url = format!("http://127.0.0.1:{receiver}/hook");
    call(
        port,
        "POST",
        &accounts("/webhooks"),
        json!({"webhook": {"url": url, "subscriptions": ["message_created"]}}),
    );
    let inbox = call(
        port,
        "POST",
        &accounts("/inboxes"),
        json!({"name": "Site", "channel": {"type": "web_widget", "website_url": "https://acme.test"}}),
    )["id"]
        .as_i64()
        .unwrap();
    let contact = call(
        port,
        "POST",
        &accounts("/contacts"),
        json!({"name": "Jane"}),
    );
    let contact = contact["payload"]["contact"]["id"].as_i64().unwrap();
    let conversation = call(
        port,
        "POST",
        &accounts("/conversations"),
        json!({"inbox_id": inbox, "contact_id": contact}),
    )["id"]
        .as_i64()
        .unwrap();

    // Post while the receiver falls behind, then kill the server mid-way.
    let shared_port = Arc::new(Mutex::new(port));
    let stop = Arc::new(AtomicBool::new(false));
    let path = accounts(&format!("/conversations/{conversation}/messages"));
    let worker = {
        let (p, t, path, s) = (
            shared_port.clone(),
            token.clone(),
            path.clone(),
            stop.clone(),
        );
        std::thread::spawn(move || poster(p, t, path, s))
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while hits.lock().unwrap().len() < 15 {
        assert!(Instant::now() < deadline, "no webhooks arrived");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let seen_at_kill = hits.lock().unwrap().len();

    // Up again (a new port: the old one may linger); the poster carries on against it.
    let port = free_port();
    *shared_port.lock().unwrap() = port;
    let mut child = start_with(serve(port), port);
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    let answered = worker.join().unwrap();
    assert!(
        answered.len() > seen_at_kill,
        "the receiver was not behind at the kill"
    );

    // Every message answered 2xx is stored.
    let list = call(
        port,
        "GET",
        &format!("{path}?after=0&before=1000000000"),
        json!({}),
    );
    let stored: HashSet<i64> = list["payload"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_i64())
        .collect();
    for id in &answered {
        assert!(
            stored.contains(id),
            "message {id} was answered 200 but is gone"
        );
    }

    // Every one of them reaches the receiver, each always under one delivery id.
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let got: HashSet<i64> = hits
            .lock()
            .unwrap()
            .iter()
            .filter_map(|(_, b)| b["id"].as_i64())
            .collect();
        if answered.iter().all(|id| got.contains(id)) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "webhooks missing after the restart"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut deliveries: HashMap<i64, HashSet<String>> = HashMap::new();
    for (delivery, body) in hits.lock().unwrap().iter() {
        assert_eq!(body["event"], "message_created");
        let id = body["id"].as_i64().unwrap();
        assert!(!delivery.is_empty());
        deliveries.entry(id).or_default().insert(delivery.clone());
    }
    for (id, uuids) in &deliveries {
        assert_eq!(
            uuids.len(),
            1,
            "message {id} arrived under several delivery ids"
        );
    }
    let requests = hits.lock().unwrap().len();
    eprintln!(
        "crash: {} messages answered 200, {seen_at_kill} webhooks received before the kill, \
         {requests} requests for {} deliveries after the restart",
        answered.len(),
        deliveries.len()
    );
    let all: HashSet<&String> = deliveries.values().flatten().collect();
    assert_eq!(all.len(), deliveries.len(), "one delivery id per message");

    let _ = child.kill();
    let _ = child.wait();
}
