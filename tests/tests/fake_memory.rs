//! A fake that does not record requests keeps a flat memory footprint over a long run, while a
//! recording one grows with every request (the control that shows the measurement can fail).
//!
//! Memory is the process's resident set (`/proc/self/statm`), so this file holds a single test:
//! nothing else runs in the process while it measures.
#![cfg(target_os = "linux")]

use sessions_api::fake::FakeServer;

/// The resident set of this process, in bytes.
fn resident() -> isize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("procfs is mounted");
    let pages: isize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .expect("statm has a resident field");
    pages * 4096
}

/// Requests in a round.
const CYCLE: usize = 512;
/// Rounds before measuring (the first requests allocate once for good: buffers, connections).
const WARM_UP: usize = 3;
/// Rounds measured.
const ROUNDS: usize = 8;

/// Resident bytes gained over `CYCLE * ROUNDS` requests, after a warm-up of `CYCLE * WARM_UP + 100` requests.
async fn growth(record: bool) -> isize {
    let fake = FakeServer::builder()
        .generated_sessions(10, 1)
        .record_requests(record)
        .start()
        .await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/flows/f/live/sessions?size=1", fake.base_url());
    let send = async |count: usize| {
        for _ in 0..count {
            let response = client
                .get(&url)
                .bearer_auth(fake.token())
                .send()
                .await
                .expect("the fake answers");
            assert_eq!(response.status(), 200);
            response.bytes().await.expect("a body");
        }
    };
    send(CYCLE * WARM_UP + 100).await;
    let before = resident();
    send(CYCLE * ROUNDS).await;
    let after = resident();
    assert_eq!(fake.list_calls(), CYCLE * (WARM_UP + ROUNDS) + 100);
    after - before
}

#[tokio::test(flavor = "current_thread")]
async fn memory_stays_flat_without_recording_and_grows_with_it() {
    let flat = growth(false).await;
    let recording = growth(true).await;
    let requests = isize::try_from(CYCLE * ROUNDS).unwrap_or(isize::MAX);
    eprintln!(
        "resident growth over {requests} requests: {flat} bytes without recording, {recording} with"
    );
    // Recording keeps each request (method, path, query, authorization): some hundred bytes each.
    assert!(
        recording > requests * 128,
        "a recording fake grew only {recording} bytes over {requests} requests"
    );
    assert!(
        flat < 1024 * 1024,
        "a non-recording fake grew {flat} bytes over {requests} requests (recording: {recording})"
    );
}
