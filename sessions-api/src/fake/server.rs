//! The fake's HTTP server: hyper serving HTTP/1.1 and HTTP/2 on a loopback listener, on a thread of
//! its own with a single-threaded tokio runtime, so the fake outlives the runtime that started it
//! (a benchmark's setup, [`start_blocking`](super::FakeServerBuilder::start_blocking)).
//!
//! Every request goes to one [`Handler`]: the fake keeps no request it is not asked to (see
//! [`record_requests`](super::FakeServerBuilder::record_requests)), so a long run holds no more
//! memory than a short one. A response's delay is waited after the handler returns, so slow
//! responses overlap.

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::sync::watch;

/// The largest request body read; a larger one is answered `413` (the token form is a few bytes).
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// A request as the fake's handler sees it, body read in full.
#[derive(Debug)]
pub(crate) struct Request {
    pub method: Method,
    /// The absolute URL (`http://127.0.0.1:port/path?query`).
    pub url: url::Url,
    pub headers: HeaderMap,
    pub body: Bytes,
}

/// A response as the handler builds it.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    headers: Vec<(&'static str, String)>,
    body: Bytes,
    /// Waited after the handler returns, before the response is sent.
    pub delay: Option<Duration>,
}

impl Reply {
    /// A `status` response with a JSON (or would-be JSON) body.
    pub(crate) fn json(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: vec![("content-type", "application/json".to_owned())],
            body: body.into(),
            delay: None,
        }
    }

    /// Adds a header.
    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Replaces the body, keeping status and headers.
    pub(crate) fn with_body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    fn into_response(self) -> http::Response<Full<Bytes>> {
        let mut response = http::Response::new(Full::new(self.body));
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        for (name, value) in self.headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

/// What answers the fake's requests.
pub(crate) trait Handler: Send + Sync + 'static {
    /// The reply to `request`.
    fn handle(&self, request: &Request) -> Reply;
}

/// A running server; dropping it stops accepting and ends open connections gracefully.
#[derive(Debug)]
pub(crate) struct Running {
    address: SocketAddr,
    _shutdown: watch::Sender<()>,
}

impl Running {
    /// `http://{address}`.
    pub(crate) fn uri(&self) -> String {
        format!("http://{}", self.address)
    }
}

/// Serves `handler` on `listener` (or a new loopback port) until the returned value is dropped.
pub(crate) fn start(
    listener: Option<TcpListener>,
    handler: Arc<dyn Handler>,
) -> std::io::Result<Running> {
    let listener = match listener {
        Some(listener) => listener,
        None => TcpListener::bind("127.0.0.1:0")?,
    };
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (shutdown, stopped) = watch::channel(());
    std::thread::Builder::new()
        .name("sessions-api-fake".to_owned())
        .spawn(move || runtime.block_on(accept_loop(listener, handler, stopped)))?;
    Ok(Running {
        address,
        _shutdown: shutdown,
    })
}

async fn accept_loop(
    listener: TcpListener,
    handler: Arc<dyn Handler>,
    mut stopped: watch::Receiver<()>,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        tracing::warn!("the fake could not listen");
        return;
    };
    loop {
        let stream = tokio::select! {
            biased;
            _ = stopped.changed() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // A connection that failed before it was accepted: keep serving the others.
                Err(_) => continue,
            },
        };
        let handler = Arc::clone(&handler);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| serve(Arc::clone(&handler), request));
            let builder = auto::Builder::new(TokioExecutor::new());
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
}

async fn serve(
    handler: Arc<dyn Handler>,
    request: http::Request<Incoming>,
) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let too_large = Reply::json(413, Bytes::new());
            return Ok(too_large.into_response());
        }
    };
    // Requests come in origin form (`/path?query`); the URL type wants an absolute one.
    let target = parts
        .uri
        .path_and_query()
        .map_or("/", |target| target.as_str());
    let Ok(url) = url::Url::parse(&format!("http://fake.invalid{target}")) else {
        return Ok(Reply::json(400, Bytes::new()).into_response());
    };
    let request = Request {
        method: parts.method,
        url,
        headers: parts.headers,
        body,
    };
    let mut reply = handler.handle(&request);
    if let Some(delay) = reply.delay.take() {
        tokio::time::sleep(delay).await;
    }
    Ok(reply.into_response())
}
