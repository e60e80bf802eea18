//! Request bodies as the dashboard sends them: multipart FormData (with JavaScript's `null` and
//! `undefined` as text) and URL-encoded Rails brackets.

use super::*;

/// A multipart body of text parts, plus an avatar file part (which is ignored).
fn multipart(parts: &[(&str, &str)]) -> String {
    let mut body = String::new();
    for (name, value) in parts {
        body.push_str(&format!(
            "--XYZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str("--XYZ\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--XYZ--\r\n");
    body
}

#[tokio::test]
async fn the_dashboards_multipart_website_create_is_understood() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let body = multipart(&[
        ("name", "Website"),
        ("greeting_enabled", "false"),
        ("greeting_message", ""),
        ("channel[type]", "web_widget"),
        ("channel[website_url]", "https://acme.test"),
        ("channel[widget_color]", "#009CE0"),
        ("channel[welcome_title]", "undefined"),
        ("channel[welcome_tagline]", "Ask us"),
    ]);
    let res = app
        .post(&acme.path("/inboxes"))
        .as_user(&acme.admin)
        .raw("multipart/form-data; boundary=XYZ", body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Website");
    assert_eq!(res.json["channel_type"], "Channel::WebWidget");
    assert_eq!(res.json["widget_color"], "#009CE0");
    assert_eq!(res.json["welcome_title"], Value::Null);
    assert_eq!(res.json["welcome_tagline"], "Ask us");
    assert_eq!(res.json["greeting_enabled"], false);
}

#[tokio::test]
async fn the_dashboards_multipart_update_is_understood() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = api(&app, &acme, "API").await;
    let body = multipart(&[
        ("name", "From the form"),
        ("greeting_enabled", "true"),
        ("portal_id", "null"),
        ("business_name", "null"),
        ("channel[webhook_url]", "null"),
        ("channel[widget_color]", "undefined"),
        ("channel[selected_feature_flags][]", ""),
    ]);
    let res = app
        .patch(&acme.path(&format!("/inboxes/{}", id(&v))))
        .as_user(&acme.admin)
        .raw("multipart/form-data; boundary=XYZ", body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "From the form");
    assert_eq!(res.json["greeting_enabled"], true);
    assert_eq!(res.json["business_name"], Value::Null);
    assert_eq!(res.json["webhook_url"], Value::Null);
}

#[tokio::test]
async fn a_url_encoded_update_with_rails_brackets_is_understood() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    // (Rack's `working_hours[][day_of_week]=0` lists of hashes are beyond the shared form parser.)
    let body = "name=Encoded&working_hours_enabled=true&channel%5Bwidget_color%5D=%23123456\
                &channel[selected_feature_flags][]=attachments&channel[selected_feature_flags][]=emoji_picker";
    let res = app
        .patch(&acme.path(&format!("/inboxes/{}", id(&v))))
        .as_user(&acme.admin)
        .raw("application/x-www-form-urlencoded", body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Encoded");
    assert_eq!(res.json["working_hours_enabled"], true);
    assert_eq!(res.json["widget_color"], "#123456");
    assert_eq!(
        res.json["selected_feature_flags"],
        json!(["attachments", "emoji_picker"])
    );
}
