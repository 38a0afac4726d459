//! Transport faults from a raw TCP listener that misbehaves on purpose: each ends in the right typed
//! error (or a success after a retry), never a panic or a hang.

mod client_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_support::{DOCUMENTED, builder, fast_retries};
use futures::future::BoxFuture;
use sessions_api::{Client, Environment, ErrorKind, Page, Result, Session};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

type Behaviour = Arc<dyn Fn(TcpStream, usize) -> BoxFuture<'static, ()> + Send + Sync>;

/// A loopback server that reads each request's head and then runs `behaviour` with the stream and
/// the connection's index (0 for the first).
struct RawServer {
    base_url: String,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    async fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let index = counter.fetch_add(1, Ordering::SeqCst);
                let behaviour = Arc::clone(&behaviour);
                tokio::spawn(async move {
                    if read_head(&mut stream).await {
                        behaviour(stream, index).await;
                    }
                });
            }
        });
        Self {
            base_url: format!("http://{address}"),
            connections,
            task,
        }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads until the end of the request head; false if the client went away first.
async fn read_head(stream: &mut TcpStream) -> bool {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    true
}

fn response(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn behaviour<F, Fut>(f: F) -> Behaviour
where
    F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    Arc::new(move |stream, index| Box::pin(f(stream, index)))
}

fn client(base_url: &str, timeout: Duration) -> Client {
    builder(base_url)
        .bearer_token("token-1234")
        .timeout(timeout)
        .retry(fast_retries(3))
        .build()
        .expect("valid")
}

async fn first_page(client: &Client) -> Result<Page<Session>> {
    client.sessions("f", Environment::Live).page(1).await
}

#[tokio::test]
async fn connection_refused_is_a_retryable_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = client(&format!("http://{address}"), Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("refused");
    assert_eq!(error.kind(), &ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(error.attempts(), 3);
    let text = error.to_string();
    assert!(text.contains("could not connect"), "{text}");
    assert!(
        text.contains(&address.to_string()),
        "names the host: {text}"
    );
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_body_is_retried_then_succeeds() {
    let server = RawServer::start(behaviour(|mut stream, index| async move {
        if index == 0 {
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                DOCUMENTED.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&DOCUMENTED.as_bytes()[..40]).await;
            let _ = stream.flush().await;
            // Closing with SO_LINGER 0 sends a reset instead of a clean end.
            let _ = stream.set_zero_linger();
            drop(stream);
        } else {
            let _ = stream
                .write_all(response("200 OK", "application/json", DOCUMENTED).as_bytes())
                .await;
        }
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let page = first_page(&client).await.expect("retried after the reset");
    assert_eq!(page.items().len(), 1);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn resets_every_time_end_in_a_transport_error() {
    let server = RawServer::start(behaviour(|mut stream, _| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"content\": [")
            .await;
        let _ = stream.flush().await;
        let _ = stream.set_zero_linger();
        drop(stream);
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("always reset");
    assert_eq!(error.kind(), &ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn a_server_closing_without_an_answer_is_a_transport_error() {
    let server = RawServer::start(behaviour(|stream, _| async move {
        drop(stream);
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("no answer");
    assert_eq!(error.kind(), &ErrorKind::Transport);
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn a_body_slower_than_the_timeout_is_a_timeout() {
    let server = RawServer::start(behaviour(|mut stream, _| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            DOCUMENTED.len()
        );
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(&DOCUMENTED.as_bytes()[..10]).await;
        let _ = stream.flush().await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    }))
    .await;
    let client = client(&server.base_url, Duration::from_millis(200));
    let error = first_page(&client).await.expect_err("too slow");
    assert_eq!(error.kind(), &ErrorKind::Timeout);
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(200),
        "the head arrived"
    );
    assert_eq!(error.host(), server.base_url.strip_prefix("http://"));
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), 3);
    assert!(error.to_string().contains("200ms"), "{error}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_and_not_retried() {
    let server = RawServer::start(behaviour(|mut stream, _| async move {
        let _ = stream
            .write_all(response("200 OK", "application/json", "{\"content\": [1, 2,, }").as_bytes())
            .await;
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("malformed");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(!error.is_retryable());
    assert_eq!(error.body_snippet(), Some("{\"content\": [1, 2,, }"));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.host(), server.base_url.strip_prefix("http://"));
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn an_html_page_with_200_is_a_decode_error_naming_the_content_type() {
    let html = "<!doctype html><html><body>Maintenance</body></html>";
    let server = RawServer::start(behaviour(move |mut stream, _| async move {
        let _ = stream
            .write_all(response("200 OK", "text/html; charset=utf-8", html).as_bytes())
            .await;
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("html");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(error.to_string().contains("text/html"), "{error}");
    assert_eq!(error.body_snippet(), Some(html));
}

#[tokio::test]
async fn a_wrong_content_type_is_a_decode_error_even_for_valid_json() {
    let server = RawServer::start(behaviour(|mut stream, _| async move {
        let _ = stream
            .write_all(response("200 OK", "text/plain", DOCUMENTED).as_bytes())
            .await;
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("text/plain");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(error.to_string().contains("text/plain"), "{error}");
}

#[tokio::test]
async fn a_body_cut_short_of_its_length_is_a_transport_error() {
    let server = RawServer::start(behaviour(|mut stream, _| async move {
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            DOCUMENTED.len()
        );
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(&DOCUMENTED.as_bytes()[..100]).await;
        let _ = stream.shutdown().await;
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("truncated");
    assert_eq!(error.kind(), &ErrorKind::Transport);
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(200),
        "a response arrived"
    );
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.host(), server.base_url.strip_prefix("http://"));
    assert!(
        error.to_string().contains("reading the response body"),
        "{error}"
    );
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn a_truncated_json_document_is_a_decode_error() {
    let truncated = &DOCUMENTED[..DOCUMENTED.len() / 2];
    let server = RawServer::start(behaviour(move |mut stream, _| async move {
        let _ = stream
            .write_all(response("200 OK", "application/json", truncated).as_bytes())
            .await;
    }))
    .await;
    let client = client(&server.base_url, Duration::from_secs(2));
    let error = first_page(&client).await.expect_err("truncated JSON");
    assert_eq!(error.kind(), &ErrorKind::Decode);
    assert!(error.to_string().contains("EOF"), "{error}");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_cut_off() {
    let server = RawServer::start(behaviour(|mut stream, _| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        let chunk = format!("400\r\n{}\r\n", "x".repeat(0x400));
        for _ in 0..64 {
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }))
    .await;
    let client = builder(&server.base_url)
        .bearer_token("token-1234")
        .max_body_size(10_000)
        .build()
        .expect("valid");
    let error = first_page(&client).await.expect_err("over the limit");
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 10_000, .. }),
        "{error:?}"
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn the_fake_truncated_and_malformed_bodies_are_decode_errors() {
    use sessions_api::fake::{FakeServer, Fault};
    let fake = FakeServer::builder().generated_sessions(5, 1).start().await;
    let client = client_support::bearer_client(&fake.base_url(), fake.token());
    for fault in [Fault::MalformedBody, Fault::TruncatedBody] {
        fake.inject(fault.clone());
        let error = client
            .sessions(fake.flow_id(), Environment::Live)
            .page(1)
            .await
            .expect_err("broken body");
        assert_eq!(error.kind(), &ErrorKind::Decode, "{fault:?}: {error}");
    }
}
