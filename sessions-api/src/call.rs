//! One call through the generated client that keeps what the executor saw.
//!
//! The generated client decodes a body after the executor has handed the response over, so an
//! error found by that decoding knows nothing of the exchange behind it. Each call this crate makes
//! therefore goes through a generated client of its own whose executor, a [`Recorder`], hands the
//! request to the client's shared [`Executor`] and keeps the outcome in the call's record: the
//! status, attempts and host a decode error then carries, and the last answer as received, which
//! [`SessionsRequest::page_raw`](crate::SessionsRequest::page_raw) returns. A call costs a small
//! allocation; connections, credentials and the token cache stay shared.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use futures::future::BoxFuture;
use progenitor_client::{ClientInfo, OperationInfo};
use sessions_api_gen::RequestExecutor;
use sessions_api_gen::types::ApiError;

use crate::error::Error;
use crate::executor::{Answer, Delivered, Executor};
use crate::raw_error;

/// A generated client for one call, and the record of what its requests came to.
pub(crate) struct Call {
    generated: sessions_api_gen::Client,
    recorder: Arc<Recorder>,
}

impl Call {
    /// A call to `base_url` through `executor`, on the connections of `http`.
    pub(crate) fn new(base_url: &str, http: reqwest::Client, executor: Arc<Executor>) -> Self {
        let recorder = Arc::new(Recorder {
            executor,
            record: Mutex::new(Record::default()),
        });
        let hooks = sessions_api_gen::Hooks::with_executor(recorder.clone());
        Self {
            generated: sessions_api_gen::Client::new_with_client(base_url, http, hooks),
            recorder,
        }
    }

    /// The generated client to build and send this call's request with.
    pub(crate) fn generated(&self) -> &sessions_api_gen::Client {
        &self.generated
    }

    /// Turns an error of the generated client into an [`Error`] that carries the exchange the
    /// executor recorded.
    pub(crate) fn map_error(&self, error: sessions_api_gen::Error<ApiError>) -> Error {
        let delivered = self.record(|record| record.delivered.clone());
        raw_error::map(
            error,
            &self.recorder.executor.auth,
            self.generated.baseurl(),
            delivered,
        )
    }

    /// The exchange of the answer the executor delivered as a success, if one arrived.
    pub(crate) fn delivered(&self) -> Option<Delivered> {
        self.record(|record| record.delivered.clone())
    }

    /// The last answer read in full, whatever its status, if one arrived.
    pub(crate) fn last_answer(&self) -> Option<Answer> {
        self.record(|record| record.last.clone())
    }

    fn record<T>(&self, read: impl FnOnce(&Record) -> T) -> T {
        read(
            &self
                .recorder
                .record
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

impl fmt::Debug for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("base_url", &self.generated.baseurl())
            .finish_non_exhaustive()
    }
}

/// The executor of a [`Call`]: sends through the shared executor and records the outcome.
#[derive(Debug)]
struct Recorder {
    executor: Arc<Executor>,
    record: Mutex<Record>,
}

/// What the last request of a call came to.
#[derive(Debug, Default)]
struct Record {
    last: Option<Answer>,
    delivered: Option<Delivered>,
}

impl RequestExecutor for Recorder {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        info: &'a OperationInfo,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
        Box::pin(async move {
            let exchange = self.executor.send(client, request, info.operation_id).await;
            *self.record.lock().unwrap_or_else(PoisonError::into_inner) = Record {
                last: exchange.last.clone(),
                delivered: exchange.delivered(),
            };
            Ok(exchange.into_response())
        })
    }
}
