//! `Attachment#push_event_data` (app/models/attachment.rb) and where stored files are served.

use crate::App;
use domain::messages::FileType;
use serde_json::{json, Value};
use store::attachments::Attachment;

/// Where a stored file is served (the shape of ActiveStorage's blob redirect URL).
pub fn file_url(app: &App, key: &str, name: &str) -> String {
    let base = app.config.frontend_url.trim_end_matches('/');
    let name: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{base}/rails/active_storage/blobs/redirect/{key}/{name}")
}

pub fn push(app: &App, a: &Attachment) -> Value {
    let file_type = FileType::from_i32(a.file_type.unwrap_or(0)).unwrap_or(FileType::Image);
    let mut data = json!({
        "id": a.id,
        "message_id": a.message_id,
        "file_type": file_type.as_str(),
        "account_id": a.account_id,
    });
    let extra = match file_type {
        FileType::Location => json!({
            "coordinates_lat": a.coordinates_lat,
            "coordinates_long": a.coordinates_long,
            "fallback_title": a.fallback_title,
            "data_url": a.external_url,
        }),
        FileType::Fallback => {
            json!({ "fallback_title": a.fallback_title, "data_url": a.external_url })
        }
        FileType::Contact => json!({
            "fallback_title": a.fallback_title,
            "meta": a.meta.as_ref().map(|j| j.0.clone()).unwrap_or_else(|| json!({})),
        }),
        _ => {
            let url = match (&a.file_key, &a.file_name) {
                (Some(k), Some(n)) => file_url(app, k, n),
                _ => String::new(),
            };
            // Switchboard keeps no resized representation: an image's thumbnail is the image.
            let thumb = if file_type == FileType::Image {
                url.clone()
            } else {
                String::new()
            };
            let mut m = json!({
                "extension": a.extension,
                "data_url": url,
                "thumb_url": thumb,
                "file_size": a.file_byte_size,
                "width": null,
                "height": null,
            });
            if file_type == FileType::Audio {
                let text = a
                    .meta
                    .as_ref()
                    .and_then(|j| j.0.get("transcribed_text").cloned())
                    .unwrap_or_else(|| json!(""));
                m["transcribed_text"] = text;
            }
            m
        }
    };
    if let (Some(d), Some(e)) = (data.as_object_mut(), extra.as_object()) {
        d.extend(e.clone());
    }
    data
}
