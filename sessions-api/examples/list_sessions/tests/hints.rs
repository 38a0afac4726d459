//! Every hint the command prints, followed as written: the command line it names works.

use std::io::Write;

use sessions_api::fake::Fault;

use super::{Run, command, fake, fake_of, ndjson_ids, newest_first, parse, source};
use crate::args::MAX_PREFETCH;
use crate::summary::{UNVERIFIED_DELETIONS, UNVERIFIED_ORDER};

const COMPLETE: &str = "; complete: every session that existed for the whole listing is in it";

/// The command line the hint in `err` asks for, from `line`; fails the test when there is none.
fn follow(line: &str, err: &str) -> String {
    let hint = "run the same command with --start-page ";
    if let Some(at) = err.find(hint) {
        let page: String = err[at + hint.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        return format!("{} --start-page {page}", without(line, "--start-page"));
    }
    if err.contains("run the same command without --start-page") {
        return without(line, "--start-page");
    }
    if err.contains("raise --limit or leave it out") {
        return without(line, "--limit");
    }
    if err.contains("run the same command with --prefetch 1") {
        return format!("{} --prefetch 1", without(line, "--prefetch"));
    }
    if err.contains("list newest first (the default, without --asc and --sort status)") {
        let kept: Vec<&str> = line.split_whitespace().filter(|w| *w != "--asc").collect();
        return without(&kept.join(" "), "--sort");
    }
    if err.contains("run the same command again")
        || err.contains("let the command write to its end")
    {
        return line.to_owned();
    }
    panic!("no hint to follow in: {err}")
}

/// `line` without `flag` and its value.
fn without(line: &str, flag: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut kept = Vec::new();
    let mut skip = false;
    for word in words {
        if std::mem::take(&mut skip) {
            continue;
        }
        if word == flag {
            skip = true;
        } else {
            kept.push(word);
        }
    }
    kept.join(" ")
}

fn assert_complete(run: &Run) {
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.err.trim_end().ends_with(COMPLETE), "{}", run.err);
}

#[tokio::test]
async fn a_retryable_failure_names_the_page_and_that_run_lists_the_rest() {
    for prefetch in [1, 4] {
        let source = source(fake(50).await);
        fake_of(&source).inject_at_page(3, Fault::Status(503));
        let line = format!("--page-size 10 --prefetch {prefetch} --format ndjson");
        let failed = command(&source, &line).await;
        assert_eq!(failed.code, 1);
        assert!(
            failed.err.ends_with(
                "20 sessions of flow flow (live) listed before the error (pages 1-2); to list the \
                 rest, run the same command with --start-page 3\n"
            ),
            "prefetch {prefetch}: {}",
            failed.err
        );
        let rest = command(&source, &follow(&line, &failed.err)).await;
        assert_eq!(rest.code, 0, "{}", rest.err);
        let mut all = ndjson_ids(&failed.out);
        all.extend(ndjson_ids(&rest.out));
        assert_eq!(all, newest_first(fake_of(&source)), "prefetch {prefetch}");
    }
}

#[tokio::test]
async fn a_first_page_failure_is_retried_by_running_again() {
    let source = source(fake(5).await);
    fake_of(&source).fail_next(1, 500);
    let failed = command(&source, "").await;
    assert_eq!(failed.code, 1);
    assert!(failed.err.ends_with(
        "0 sessions of flow flow (live) listed before the error; run the same command again to retry\n"
    ));
    assert_complete(&command(&source, &follow("", &failed.err)).await);
}

#[tokio::test]
async fn start_page_zero_on_a_one_based_server_leads_back_to_the_first_page_not_to_itself() {
    let source = source(fake(20).await);
    let line = "--page-size 10 --start-page 0";
    let failed = command(&source, line).await;
    assert_eq!(failed.code, 1);
    let hint = failed.err.lines().last().expect("a hint");
    assert!(!hint.contains("--start-page 0"), "a loop: {hint}");
    let next = command(&source, &follow(line, &failed.err)).await;
    assert_complete(&next);
    assert_eq!(next.out.lines().count(), 21, "a header and every session");
}

#[tokio::test]
async fn a_start_page_past_the_last_page_is_an_error_that_leads_back() {
    let source = source(fake(137).await);
    let line = "--start-page 99";
    let past = command(&source, line).await;
    assert_eq!(past.code, 1);
    assert_eq!(
        past.err,
        "error: page 99 is past the last page of flow flow (live): the server reports 137 \
         sessions in 3 pages; run the same command without --start-page to list from the first \
         page\n"
    );
    assert_complete(&command(&source, &follow(line, &past.err)).await);
}

#[tokio::test]
async fn a_start_page_names_the_total_only_when_it_differs_and_says_what_it_cannot_verify() {
    let source = source(fake(137).await);
    let first = command(&source, "--start-page 1").await;
    assert_eq!(
        first.err,
        format!("137 sessions listed of flow flow (live), pages 1-3, newest first{COMPLETE}\n")
    );
    let line = "--start-page 2";
    let second = command(&source, line).await;
    assert_eq!(second.code, 0);
    assert!(second.err.starts_with(
        "87 sessions listed of flow flow (live), pages 2-3 (the server reported 137 in all), \
         newest first; complete from page 2 to the last page, but not verified together"
    ));
    assert_complete(&command(&source, &follow(line, &second.err)).await);
}

#[tokio::test]
async fn errors_that_running_again_cannot_fix_give_no_hint_to_run_it() {
    let source = source(fake(5).await);
    for (line, error) in [
        ("--flow nope", "error: not found (404 Not Found)"),
        ("--env bogus", "error: invalid request, not sent"),
    ] {
        let failed = command(&source, line).await;
        assert_eq!(failed.code, 1);
        assert!(failed.err.starts_with(error), "{}", failed.err);
        assert!(
            failed.err.ends_with("listed before the error\n"),
            "{}",
            failed.err
        );
        assert!(!failed.err.contains("again"), "{}", failed.err);
    }
}

#[tokio::test]
async fn a_limit_says_the_listing_is_unfinished_and_leaving_it_out_lists_all() {
    let source = source(fake(50).await);
    let line = "--page-size 10 --limit 15 --format ndjson";
    let limited = command(&source, line).await;
    assert_eq!(limited.code, 0);
    assert_eq!(
        limited.err,
        "15 sessions listed of flow flow (live), pages 1-2 (the server reported 50 in all), newest \
         first; unfinished: stopped at --limit 15; raise --limit or leave it out to list them all\n"
    );
    let all = command(&source, &follow(line, &limited.err)).await;
    assert_complete(&all);
    assert_eq!(ndjson_ids(&all.out), newest_first(fake_of(&source)));
    // A limit the listing reaches on its last page stops nothing.
    assert_complete(&command(&source, "--page-size 10 --limit 50").await);
}

#[tokio::test]
async fn deletions_while_listing_say_possibly_incomplete_and_a_quiet_run_is_complete() {
    let source = source(fake(50).await);
    let line = "--page-size 10 --prefetch 1";
    fake_of(&source).set_churn(0, 1);
    let churned = command(&source, line).await;
    assert_eq!(churned.code, 0);
    assert!(
        churned
            .err
            .contains("; possibly incomplete: the server's total went down from ")
    );
    assert!(
        churned
            .err
            .ends_with("run the same command again for a listing during which none is deleted\n")
    );
    fake_of(&source).set_churn(0, 0);
    assert_complete(&command(&source, &follow(line, &churned.err)).await);
}

/// Output whose reader went away.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_closed_output_says_the_listing_is_unfinished_and_reading_it_all_completes_it() {
    let source = source(fake(30).await);
    let line = "--page-size 10";
    let err = super::Shared::default();
    let code = crate::list_from(&parse(line), &source, Closed, err.clone(), false).await;
    assert_eq!(code, 0);
    assert!(err.text().ends_with(
        "; unfinished: the output was closed before the last page; let the command write to its \
         end to list them all\n"
    ));
    assert_complete(&command(&source, &follow(line, &err.text())).await);
}

#[tokio::test]
async fn an_unverified_order_says_so_and_its_hint_gives_a_verified_listing() {
    let source = source(fake(30).await);
    for line in [
        "--asc --page-size 10 --format ndjson",
        "--sort status --page-size 10 --format ndjson",
    ] {
        let run = command(&source, line).await;
        assert_eq!(run.code, 0, "{}", run.err);
        assert!(
            run.err.trim_end().ends_with(UNVERIFIED_ORDER),
            "{line}: {}",
            run.err
        );
        let followed = command(&source, &follow(line, &run.err)).await;
        assert_complete(&followed);
        assert_eq!(ndjson_ids(&followed.out), newest_first(fake_of(&source)));
    }
}

#[tokio::test]
async fn deletions_while_pages_are_in_flight_say_so_and_prefetch_1_verifies() {
    let fake = sessions_api::fake::FakeServer::builder()
        .generated_sessions(200, 9)
        .flow_id("flow")
        .live_flow(
            sessions_api::fake::LiveFlow::new()
                .creations_per_second(100)
                .purge_oldest(true)
                .clock(sessions_api::fake::LiveClock::PerRequest(
                    std::time::Duration::from_millis(50),
                )),
        )
        .start()
        .await;
    let source = source(fake);
    let line = "--page-size 10 --prefetch 8 --format ndjson";
    let run = command(&source, line).await;
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(
        run.err.trim_end().ends_with(UNVERIFIED_DELETIONS),
        "{}",
        run.err
    );
    assert_complete(&command(&source, &follow(line, &run.err)).await);
}

#[tokio::test]
async fn sort_status_orders_by_the_status_text_as_the_help_says() {
    let source = source(fake(60).await);
    for (order, descending) in [("--asc", false), ("--desc", true)] {
        let run = command(&source, &format!("--sort status {order} --format ndjson")).await;
        let statuses: Vec<String> = run
            .out
            .lines()
            .map(|line| {
                let session: serde_json::Value = serde_json::from_str(line).expect("JSON");
                session["sessionStatus"]
                    .as_str()
                    .expect("a status")
                    .to_owned()
            })
            .collect();
        let mut sorted = statuses.clone();
        sorted.sort();
        if descending {
            sorted.reverse();
        }
        assert_eq!(statuses, sorted);
        assert!(sorted.first() != sorted.last(), "several statuses");
    }
}

#[test]
fn prefetch_is_held_to_the_range_its_help_states() {
    use clap::Parser;
    let parse = |n: u64| crate::args::Args::try_parse_from(["x", "--prefetch", &n.to_string()]);
    assert!(parse(0).is_err());
    assert!(parse(1).is_ok());
    assert!(parse(MAX_PREFETCH).is_ok());
    assert!(parse(MAX_PREFETCH + 1).is_err());
    let help = parse(0).map(|_| ()).expect_err("refused").to_string();
    assert!(help.contains(&format!("1..={MAX_PREFETCH}")), "{help}");
    let usage = crate::args::Args::try_parse_from(["x", "-h"])
        .expect_err("help")
        .to_string();
    assert!(
        usage.contains(&format!("from 1 to {MAX_PREFETCH}")),
        "{usage}"
    );
}
