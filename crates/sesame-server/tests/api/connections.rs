//! Slow and many clients: headers and bodies that do not arrive in time, and the cap on
//! connections served at once. These tests wait for real time (a second or two): the
//! timeouts are the HTTP server's, not Sesame's clock.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{Backend, TestApp};

async fn app_with(configure: impl FnOnce(&mut sesame_server::Settings)) -> TestApp {
    TestApp::spawn_configured(Backend::Sqlite, configure).await
}

async fn connect(app: &TestApp) -> TcpStream {
    let address = app.address.trim_start_matches("http://");
    TcpStream::connect(address)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Everything the server sends until it closes the connection, or until `limit`.
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, stream.read_to_end(&mut received)).await;
    match read {
        Ok(Ok(_)) | Ok(Err(_)) => Some(String::from_utf8_lossy(&received).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn headers_that_do_not_arrive_in_time_close_the_connection() {
    let app = app_with(|s| s.request_timeout = Duration::from_secs(1)).await;
    let mut half = connect(&app).await;
    half.write_all(b"GET /healthz HTTP/1.1\r\nHost: sesame\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let started = Instant::now();
    let answer = read_until_closed(&mut half, Duration::from_secs(10)).await;
    let waited = started.elapsed();
    let answer = answer.unwrap_or_else(|| panic!("the connection was still open after 10 s"));
    assert!(!answer.contains("200 OK"), "{answer}");
    assert!(
        waited >= Duration::from_millis(900),
        "closed after {waited:?}"
    );
    // A connection that sends nothing at all is closed as well.
    let mut silent = connect(&app).await;
    assert!(read_until_closed(&mut silent, Duration::from_secs(10))
        .await
        .is_some());
    // A complete request is still answered.
    let mut whole = connect(&app).await;
    whole
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: sesame\r\nConnection: close\r\n\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let answer = read_until_closed(&mut whole, Duration::from_secs(10))
        .await
        .unwrap_or_default();
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_408() {
    let app = app_with(|s| s.request_timeout = Duration::from_secs(1)).await;
    let mut slow = connect(&app).await;
    slow.write_all(
        b"POST /api/v1/sessions HTTP/1.1\r\nHost: sesame\r\nContent-Type: application/json\r\n\
          Content-Length: 60\r\nConnection: close\r\n\r\n{\"username\":",
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let answer = read_until_closed(&mut slow, Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("no answer after 10 s"));
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request.timeout\""), "{answer}");
}

#[tokio::test]
async fn connections_past_the_cap_wait_for_a_free_one() {
    let app = app_with(|s| {
        s.max_connections = 1;
        s.request_timeout = Duration::from_secs(30);
    })
    .await;
    let holder = connect(&app).await;
    let mut waiting = connect(&app).await;
    waiting
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: sesame\r\nConnection: close\r\n\r\n")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        read_until_closed(&mut waiting, Duration::from_millis(500))
            .await
            .is_none(),
        "served while another connection held the only slot"
    );
    drop(holder);
    let answer = read_until_closed(&mut waiting, Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("not served after the slot was freed"));
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
}
