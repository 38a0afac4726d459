//! The command end to end against the fake: streaming, formats, personal data, summaries, hints
//! (each followed to show it works) and README's quoted outputs.

mod hints;
mod listing;
mod personal;
mod readme;
mod source;

use std::io::Write;
use std::sync::{Arc, Mutex};

use clap::Parser;
use sessions_api::fake::FakeServer;
use sessions_api::{Client, RetryPolicy, SortBy};

use crate::args::Args;
use crate::source::Source;

/// A writer whose bytes the test reads afterwards; clones share them (stdout and stderr in one
/// buffer keep their order, as on a terminal).
#[derive(Clone, Default)]
pub(crate) struct Shared(Arc<Mutex<Vec<u8>>>);

impl Shared {
    pub(crate) fn text(&self) -> String {
        let bytes = self.0.lock().expect("not poisoned").clone();
        String::from_utf8(bytes).expect("UTF-8 output")
    }
}

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What one run of the command printed.
pub(crate) struct Run {
    pub(crate) code: u8,
    pub(crate) out: String,
    pub(crate) err: String,
}

/// A fake with `sessions` generated sessions of flow `flow`.
pub(crate) async fn fake(sessions: u64) -> FakeServer {
    FakeServer::builder()
        .generated_sessions(sessions, 9)
        .flow_id("flow")
        .start()
        .await
}

/// The command's source for `fake`, without retries (a failure the fake injects surfaces at once).
pub(crate) fn source(fake: FakeServer) -> Source {
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token(fake.token().to_owned())
        .retry(RetryPolicy::none())
        .build()
        .expect("a client");
    Source::Demo { client, fake }
}

/// The fake behind a test's source.
pub(crate) fn fake_of(source: &Source) -> &FakeServer {
    match source {
        Source::Demo { fake, .. } => fake,
        Source::Real(_) => panic!("tests list from a fake"),
    }
}

/// Runs `line` (the flags, split at spaces) against `source`.
pub(crate) async fn command(source: &Source, line: &str) -> Run {
    let args = parse(line);
    let (out, err) = (Shared::default(), Shared::default());
    let code = crate::list_from(&args, source, out.clone(), err.clone(), false).await;
    Run {
        code,
        out: out.text(),
        err: err.text(),
    }
}

/// The flags of `line`, parsed as the command parses them.
pub(crate) fn parse(line: &str) -> Args {
    let words = std::iter::once("list_sessions").chain(line.split_whitespace());
    Args::try_parse_from(words).expect("valid flags")
}

/// The session ids of NDJSON output, in order.
pub(crate) fn ndjson_ids(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let session: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            session["sessionId"].as_str().expect("an id").to_owned()
        })
        .collect()
}

/// The ids of the fake's sessions, newest first (the command's default order).
pub(crate) fn newest_first(fake: &FakeServer) -> Vec<String> {
    fake.expected_sessions(Some(SortBy::CreatedAt), true)
        .iter()
        .map(|s| s.id().to_owned())
        .collect()
}
