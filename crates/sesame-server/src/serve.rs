//! Serving HTTP/1.1 connections with the limits that keep slow or many clients from
//! holding the server: at most `max_connections` served at once (more wait in the listen
//! queue until one ends), a request's headers must arrive within `request_timeout` or the
//! connection is closed (idle keep-alive connections too), and its body within
//! `request_timeout` more or it is answered 408 (see [`read_body_within`]).
//!
//! On shutdown no new connection is accepted, connections finish the request they are
//! serving and close, and the future returns once every connection has.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;
use tracing::Instrument;

use crate::app::MAX_BODY_BYTES;
use crate::error::AppError;
use crate::state::AppState;

/// Serves `router` on `listener` until `shutdown` completes, then lets the connections
/// finish their requests.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    max_connections: usize,
    header_timeout: Duration,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let slots = Arc::new(Semaphore::new(max_connections));
    let (stop_tx, stop_rx) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(stop_rx);
    });
    // Every connection holds a receiver; once all are dropped, every connection has ended.
    let (ended_tx, ended_rx) = watch::channel(());
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = stop_tx.closed() => break,
        };
        let Ok(slot) = slot else { break };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = stop_tx.closed() => break,
        };
        let service = router
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.map(Body::new)
            });
        let stop = stop_tx.clone();
        let ended = ended_rx.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let _ended = ended;
            serve_connection(stream, peer, service, header_timeout, stop).await;
        });
    }
    drop(ended_rx);
    drop(listener);
    ended_tx.closed().await;
}

async fn serve_connection<S>(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    service: S,
    header_timeout: Duration,
    stop: watch::Sender<()>,
) where
    S: tower::Service<Request<Incoming>, Response = Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let connection =
        builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    let mut connection = std::pin::pin!(connection);
    let mut stopping = false;
    loop {
        tokio::select! {
            outcome = connection.as_mut() => {
                if let Err(e) = outcome {
                    tracing::debug!(%peer, error = %e, "connection ended with an error");
                }
                return;
            }
            () = stop.closed(), if !stopping => {
                stopping = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// Waits after a failed accept: at once for a connection that failed on its own, a moment
/// for anything else (such as running out of file descriptors), as axum does.
async fn accept_failed(error: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %error, "accepting a connection failed");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Runs the rest of a request (after its body has been read) as a task of its own, so it
/// finishes even when the client goes away or gives up. A request dropped halfway would
/// leave its work half done (an attempt counted and its outcome not recorded); and on
/// PostgreSQL a future dropped while its transaction's `BEGIN` is under way leaves that
/// transaction open on its pooled connection (sqlx does not roll it back), where the next
/// borrower's statements run inside it and hold their locks for good.
pub async fn run_to_completion(request: Request, next: Next) -> Response {
    let handler = next.run(request).instrument(tracing::Span::current());
    match tokio::spawn(handler).await {
        Ok(response) => response,
        // The panic layer outside answers 500.
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => AppError::internal("the request's task was cancelled").into_response(),
    }
}

/// Reads the whole body (at most [`MAX_BODY_BYTES`]) before the handler runs, and answers
/// 408 `request.timeout` if it has not arrived within `request_timeout`, or 413
/// `request.too_large` if it is larger. A body that arrives a byte at a time therefore
/// holds a connection for no longer than the timeout.
pub async fn read_body_within(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let timeout = state.settings().request_timeout;
    let refusal = |status, code, message: &str| {
        let error = AppError::new(status, code, message);
        if crate::web::is_page(parts.uri.path()) {
            crate::web::problem_page_for(&parts.headers, status)
        } else {
            error.into_response()
        }
    };
    let bytes =
        match tokio::time::timeout(timeout, axum::body::to_bytes(body, MAX_BODY_BYTES)).await {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(e)) if is_length_limit(&e) => {
                return refusal(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request.too_large",
                    "The request body is too large.",
                )
            }
            Ok(Err(_)) => {
                return refusal(
                    StatusCode::BAD_REQUEST,
                    "request.malformed",
                    "The request body could not be read.",
                )
            }
            Err(_) => {
                return refusal(
                    StatusCode::REQUEST_TIMEOUT,
                    "request.timeout",
                    "The request did not arrive in time.",
                )
            }
        };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Whether reading a body failed because it was larger than allowed.
fn is_length_limit(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}
