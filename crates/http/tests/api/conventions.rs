//! Conventions every endpoint inherits: error shapes, request ids, CORS, body limits.

use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn unknown_routes_answer_rails_not_found() {
    let app = TestApp::new().await;
    let res = app.get("/no/such/route").send().await;
    res.assert_status(404);
    assert_eq!(res.json, json!({"status": 404, "error": "Not Found"}));
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::new().await;
    let res = app.get("/api").send().await;
    assert!(res.header("x-request-id").is_some_and(|v| v.len() >= 32));
    let res = app
        .get("/api")
        .header("x-request-id", "abc-123")
        .send()
        .await;
    assert_eq!(res.header("x-request-id"), Some("abc-123"));
}

#[tokio::test]
async fn oversized_bodies_are_rejected_before_any_write() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let huge = json!({"name": "x".repeat(2 * 1024 * 1024)});
    let res = app
        .patch(&acme.path(""))
        .as_user(&acme.admin)
        .json(huge)
        .send()
        .await;
    res.assert_status(413);
    assert_eq!(res.json["error"], "Request body is too large");
}

#[tokio::test]
async fn api_cors_is_off_unless_enabled() {
    let app = TestApp::new().await;
    let res = app
        .get("/api")
        .header("origin", "https://example.com")
        .send()
        .await;
    assert!(res.header("access-control-allow-origin").is_none());
    let app = TestApp::with_config(|c| c.enable_api_cors = true).await;
    let res = app
        .request(axum::http::Method::OPTIONS, "/api/v1/profile")
        .header("origin", "https://example.com")
        .header("access-control-request-method", "GET")
        .send()
        .await;
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_server_goes_on() {
    use axum::routing::get;
    use tower::ServiceExt;
    async fn boom() -> &'static str {
        panic!("boom")
    }
    let router = http::router::with_middleware(
        axum::Router::new()
            .route("/boom", get(boom))
            .route("/fine", get(|| async { "fine" })),
    );
    let call = |path: &'static str| {
        let r = router.clone();
        async move {
            r.oneshot(
                axum::http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap()
        }
    };
    let res = call("/boom").await;
    assert_eq!(res.status(), 500);
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        json!({"error": "Internal server error"})
    );
    assert_eq!(call("/fine").await.status(), 200);
}
