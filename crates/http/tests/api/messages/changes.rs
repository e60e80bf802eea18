//! Status updates, soft deletes and attachment files.

use super::*;

#[tokio::test]
async fn status_update_in_api_inbox() {
    let f = fx().await;
    let id = f.post(&f.acct.admin, json!({"content": "x"})).await.json["id"]
        .as_i64()
        .unwrap();
    let path = f.path(&format!("/{id}"));
    let res = f
        .app
        .patch(&path)
        .as_user(&f.acct.admin)
        .json(json!({"status": "read"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &MESSAGE_KEYS[..12]);
    assert_eq!(res.json["status"], json!("read"));
    // read -> delivered and unknown statuses change nothing.
    for status in ["delivered", "exploded"] {
        let res = f
            .app
            .patch(&path)
            .as_user(&f.acct.admin)
            .json(json!({"status": status}))
            .send()
            .await;
        res.assert_status(200);
        assert_eq!(res.json["status"], json!("read"));
    }
    let res = f
        .app
        .put(&path)
        .as_user(&f.acct.admin)
        .json(json!({"status": "failed", "external_error": "Timeout"}))
        .send()
        .await;
    assert_eq!(res.json["status"], json!("failed"));
    assert_eq!(
        res.json["content_attributes"]["external_error"],
        json!("Timeout")
    );
    f.app
        .patch(&path)
        .json(json!({"status": "sent"}))
        .send()
        .await
        .assert_unauthenticated();
    let outsider = f.app.agent(&f.acct).await;
    f.app
        .patch(&path)
        .as_user(&outsider)
        .json(json!({"status": "sent"}))
        .send()
        .await
        .assert_not_authorized();
    let missing = f.path("/999999");
    f.app
        .patch(&missing)
        .as_user(&f.acct.admin)
        .json(json!({"status": "sent"}))
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn status_update_is_forbidden_outside_api_inboxes() {
    let app = TestApp::new().await;
    let acct = app.account("Acme").await;
    let inbox = app.inbox(acct.id, "Website").await;
    let (_, display) = app.conversation_row(acct.id, inbox).await;
    let base = acct.path(&format!("/conversations/{display}/messages"));
    let created = app
        .post(&base)
        .as_user(&acct.admin)
        .json(json!({"content": "x"}))
        .send()
        .await;
    let id = created.json["id"].as_i64().unwrap();
    let res = app
        .patch(&format!("{base}/{id}"))
        .as_user(&acct.admin)
        .json(json!({"status": "read"}))
        .send()
        .await;
    res.assert_error(403, "Message status update is only allowed for API inboxes");
}

#[tokio::test]
async fn delete_blanks_the_message_and_removes_attachments() {
    let f = fx().await;
    let (ct, body) = multipart(
        &[("content", "See file")],
        &[("a.txt", "text/plain", b"hello")],
    );
    let created = f
        .app
        .post(&f.path(""))
        .as_user(&f.acct.admin)
        .raw(&ct, body)
        .send()
        .await;
    created.assert_status(200);
    let id = created.json["id"].as_i64().unwrap();
    let url = created.json["attachments"][0]["data_url"]
        .as_str()
        .unwrap()
        .to_string();
    let outsider = f.app.agent(&f.acct).await;
    let path = f.path(&format!("/{id}"));
    f.app
        .delete(&path)
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    f.app.delete(&path).send().await.assert_unauthenticated();
    assert_eq!(f.app.count("attachments").await, 1);
    let res = f.app.delete(&path).as_user(&f.acct.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["content"], json!("This message was deleted"));
    assert_eq!(res.json["content_attributes"], json!({"deleted": true}));
    assert!(res.json.get("attachments").is_none());
    assert_eq!(f.app.count("attachments").await, 0);
    assert_eq!(f.app.count("messages").await, 1);
    f.app.get(&url_path(&url)).send().await.assert_status(404);
    f.app
        .delete(&f.path("/999999"))
        .as_user(&f.acct.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn attachments_are_stored_and_served() {
    let f = fx().await;
    let png: &[u8] = b"\x89PNG\r\n\x1a\nfake";
    let (ct, body) = multipart(
        &[
            ("content", "Files"),
            ("echo_id", "up-1"),
            ("private", "false"),
        ],
        &[
            ("photo.png", "image/png", png),
            ("notes.pdf", "application/pdf", b"%PDF-1.4"),
        ],
    );
    let res = f
        .app
        .post(&f.path(""))
        .as_user(&f.acct.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["echo_id"], json!("up-1"));
    let list = res.json["attachments"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_keys(
        &list[0],
        &[
            "id",
            "message_id",
            "file_type",
            "account_id",
            "extension",
            "data_url",
            "thumb_url",
            "file_size",
            "width",
            "height",
        ],
    );
    assert_eq!(list[0]["file_type"], json!("image"));
    assert_eq!(list[0]["extension"], json!("png"));
    assert_eq!(list[0]["file_size"], json!(png.len()));
    assert_eq!(list[1]["file_type"], json!("file"));
    assert_eq!(list[1]["thumb_url"], json!(""));
    let served = f
        .app
        .get(&url_path(list[0]["data_url"].as_str().unwrap()))
        .send()
        .await;
    served.assert_status(200);
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(
        served.header("content-length"),
        Some(png.len().to_string().as_str())
    );
    let pdf = f
        .app
        .get(&url_path(list[1]["data_url"].as_str().unwrap()))
        .send()
        .await;
    pdf.assert_status(200);
    assert_eq!(pdf.text, "%PDF-1.4");
    // Index renders them too.
    let index = f.app.get(&f.path("")).as_user(&f.acct.admin).send().await;
    assert_eq!(
        index.json["payload"][0]["attachments"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // An unknown key is a plain 404.
    f.app
        .get("/rails/active_storage/blobs/redirect/AAAAAAAAAAAAAAAAAAAAAAAA/photo.png")
        .send()
        .await
        .assert_status(404);
}

#[tokio::test]
async fn more_than_fifteen_attachments_are_refused() {
    let f = fx().await;
    let files: Vec<(&str, &str, &[u8])> = (0..16)
        .map(|_| ("a.txt", "text/plain", &b"x"[..]))
        .collect();
    let (ct, body) = multipart(&[("content", "Many")], &files);
    let res = f
        .app
        .post(&f.path(""))
        .as_user(&f.acct.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_error(
        422,
        "Validation failed: Attachments exceeded maximum allowed",
    );
    assert_eq!(f.app.count("messages").await, 0);
    assert_eq!(f.app.count("attachments").await, 0);
}
