//! The listing itself: rows as pages arrive, well-formed output on failure, fixed table widths,
//! totals that lie, and the demo's flat memory.

use std::io::Write;
use std::sync::{Arc, Mutex};

use sessions_api::SortBy;
use sessions_api::fake::Fault;

use super::{command, fake, fake_of, parse, source};
use crate::listing::{Stop, list};
use crate::personal::PersonalData;
use crate::rows::Rows;
use crate::source::{DEMO_SESSIONS, Source, demo_fake};

/// Output that notes how many list requests the fake had received when the first byte came.
struct Probe<'f> {
    source: &'f Source,
    calls_at_first_write: Arc<Mutex<Option<usize>>>,
}

impl Write for Probe<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let calls = fake_of(self.source).list_calls();
        self.calls_at_first_write
            .lock()
            .expect("not poisoned")
            .get_or_insert(calls);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn rows_are_written_before_the_listing_ends() {
    let source = source(fake(50).await);
    let first = Arc::default();
    let probe = Probe {
        source: &source,
        calls_at_first_write: Arc::clone(&first),
    };
    let args = parse("--page-size 10 --prefetch 1");
    let mut rows = Rows::new(probe, args.format, PersonalData::Omit);
    let query = args.query(source.client(), "flow");
    let (listing, stop) = list(&query, &args.options(), &mut rows, None).await;
    assert!(matches!(stop, Stop::Done), "{stop:?}");
    assert_eq!(listing.listed, 50);
    assert_eq!(fake_of(&source).list_calls(), 5);
    let calls = first.lock().expect("not poisoned").expect("written");
    assert!(
        calls < 5,
        "the first row waited for {calls} of 5 page requests"
    );
}

#[tokio::test]
async fn a_json_array_is_closed_when_a_page_fails() {
    let source = source(fake(30).await);
    for _ in 0..10 {
        // More failures than the command's retries: page 2 stays unavailable.
        fake_of(&source).inject_at_page(2, Fault::Status(503));
    }
    let run = command(&source, "--page-size 10 --prefetch 2 --format json").await;
    assert_eq!(run.code, 1);
    let sessions: Vec<serde_json::Value> =
        serde_json::from_str(&run.out).expect("a complete JSON array");
    assert_eq!(sessions.len(), 10);

    let empty = command(&source, "--flow none --format json").await;
    assert_eq!(empty.out, "[]\n");
}

#[tokio::test]
async fn table_rows_have_fixed_column_widths_from_the_first_page_on() {
    let source = source(fake(25).await);
    let run = command(&source, "--page-size 10 --prefetch 1").await;
    let lines: Vec<&str> = run.out.lines().collect();
    assert_eq!(lines.len(), 26, "a header and a row per session");
    assert!(lines[0].starts_with("ID"));
    let created = 36 + 2 + 9 + 2 + 10 + 2;
    assert_eq!(lines[0].find("CREATED"), Some(created));
    let expected = fake_of(&source).expected_sessions(Some(SortBy::CreatedAt), true);
    for (line, session) in lines[1..].iter().zip(expected) {
        assert!(line.starts_with(session.id()), "{line}");
        let at = line.find(" 2025-").map(|at| at + 1);
        assert_eq!(at, Some(created), "{line}");
    }
}

#[tokio::test]
async fn lying_totals_are_reported_apart_from_what_was_listed() {
    let source = source(fake(20).await);
    let sessions = fake_of(&source).expected_sessions(Some(SortBy::CreatedAt), true);
    let body = serde_json::json!({
        "content": sessions,
        "page": {"size": 20, "number": 1, "totalElements": 1, "totalPages": 1},
    });
    fake_of(&source).inject(Fault::Raw {
        status: 200,
        body: serde_json::to_vec(&body).expect("JSON"),
    });
    let run = command(&source, "--page-size 20 --format ndjson").await;
    assert_eq!(run.out.lines().count(), 20);
    assert!(
        run.err.starts_with(
            "20 sessions listed of flow flow (live), page 1 (the server reported 1 in all), newest \
             first; "
        ),
        "{}",
        run.err
    );
}

#[tokio::test]
async fn the_demo_fake_keeps_no_request() {
    let fake = demo_fake().await;
    assert!(!fake.records_requests());
    assert_eq!(fake.len(), DEMO_SESSIONS);
}
