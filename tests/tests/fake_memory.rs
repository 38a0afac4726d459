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

/// The fake remounts every 512 requests; both measurements are taken at the same point of that
/// cycle, so what wiremock holds for the current cycle is the same at both.
const CYCLE: usize = 512;
/// Remount cycles before measuring (the first remounts allocate once for good).
const WARM_UP: usize = 3;
/// Remount cycles measured.
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
    // Recording keeps each request three times (the fake's record, wiremock's record and wiremock's
    // per-mock record): well over a kilobyte per request.
    assert!(
        recording > requests * 1024,
        "a recording fake grew only {recording} bytes over {requests} requests"
    );
    assert!(
        flat < 1024 * 1024,
        "a non-recording fake grew {flat} bytes over {requests} requests (recording: {recording})"
    );
}
