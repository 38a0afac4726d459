//! A live flow: sessions created at a steady rate in time, a retention purge of the oldest, and
//! sessions progressing through their statuses, applied to the fake's data as list requests arrive.
//!
//! Time is either the wall clock since the live flow started ([`LiveClock::Wall`]) or a virtual
//! clock that every list request moves on by a fixed step ([`LiveClock::PerRequest`]): the second
//! gives the same data for the same requests on every run, whatever the machine's speed. The
//! changes due by a request's time are made before that request is answered; with a wall clock
//! nothing happens between requests that anyone could see.

use std::time::{Duration, Instant};

use super::data::Store;

/// How a [`LiveFlow`] tells time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LiveClock {
    /// The wall clock since the live flow started: the changes due by the time a list request
    /// arrives are made before it is answered.
    Wall,
    /// A virtual clock that every list request moves on by this step before it is answered: the
    /// same requests always see the same data.
    PerRequest(Duration),
}

/// What happens to a flow's sessions while it is listed, for [`FakeServerBuilder::live_flow`]
/// and [`FakeServer::set_live_flow`].
///
/// [`FakeServerBuilder::live_flow`]: super::FakeServerBuilder::live_flow
/// [`FakeServer::set_live_flow`]: super::FakeServer::set_live_flow
///
/// - [`creations_per_second`](Self::creations_per_second): new sessions, newer than every other,
///   at a steady rate in time (`floor(elapsed × rate)` created by `elapsed`);
/// - [`purge_oldest`](Self::purge_oldest): a retention purge that deletes the oldest sessions as
///   new ones are created, one for one, so `totalElements` holds still;
/// - [`transitions_per_second`](Self::transitions_per_second): sessions progress through their
///   statuses at a steady rate (`CREATED` to `RUNNING`, `RUNNING` and the other live statuses to
///   `COMPLETED`, the fields following the documented rules), taken in storage order from where
///   the last one was, so a listing sorted by status sees them move between pages.
///
/// # Examples
///
/// A retention purge while a listing runs oldest first: the total holds still, the oldest sessions
/// go, new ones come, sessions that existed throughout are missed, and the listing does not claim
/// completeness.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), sessions_api::Error> {
/// use std::collections::HashSet;
/// use std::time::Duration;
///
/// use sessions_api::fake::{FakeServer, LiveClock, LiveFlow};
/// use sessions_api::paginate::{Completeness, Unverified};
/// use sessions_api::{Client, Environment, SortBy};
///
/// let fake = FakeServer::builder()
///     .generated_sessions(200, 7)
///     .live_flow(
///         LiveFlow::new()
///             .creations_per_second(100)
///             .purge_oldest(true)
///             .clock(LiveClock::PerRequest(Duration::from_millis(100))),
///     )
///     .start()
///     .await;
/// let client = Client::builder()
///     .base_url(fake.base_url())
///     .bearer_token(fake.token())
///     .build()?;
/// let query = client
///     .sessions(fake.flow_id(), Environment::Live)
///     .sort_by(SortBy::CreatedAt)
///     .ascending()
///     .page_size(20);
/// let ids = |sessions: Vec<sessions_api::generated::types::Session>| -> HashSet<String> {
///     sessions.into_iter().map(|s| s.session_id).collect()
/// };
/// let before = ids(fake.expected_sessions(None, false));
/// let (sessions, report) = query.items().try_collect_with_report().await?;
/// let after = ids(fake.expected_sessions(None, false));
/// let listed: HashSet<String> = sessions.iter().map(|s| s.id().to_owned()).collect();
/// let missed = before.intersection(&after).filter(|id| !listed.contains(*id)).count();
/// assert_eq!(fake.len(), 200, "ten created and ten purged per request");
/// assert!(missed > 0, "the purge moved sessions into pages already served");
/// assert_eq!(
///     report.completeness(),
///     Completeness::Unverified(Unverified::Order)
/// );
/// # Ok(()) }
/// ```
///
/// Sessions completing while a listing runs by status, and steady creation in wall-clock time while
/// a listing runs newest first (which the listing proves complete):
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), sessions_api::Error> {
/// use std::time::Duration;
///
/// use sessions_api::fake::{FakeServer, LiveClock, LiveFlow};
/// use sessions_api::paginate::Completeness;
/// use sessions_api::{Client, Environment, SortBy};
///
/// let fake = FakeServer::builder()
///     .generated_sessions(300, 7)
///     .live_flow(
///         LiveFlow::new()
///             .transitions_per_second(50)
///             .clock(LiveClock::PerRequest(Duration::from_millis(100))),
///     )
///     .start()
///     .await;
/// let client = Client::builder()
///     .base_url(fake.base_url())
///     .bearer_token(fake.token())
///     .build()?;
/// let by_status = client
///     .sessions(fake.flow_id(), Environment::Live)
///     .sort_by(SortBy::Status)
///     .page_size(50);
/// let report = by_status.items().try_collect_with_report().await?.1;
/// assert_ne!(report.completeness(), Completeness::Complete);
///
/// fake.set_live_flow(Some(LiveFlow::new().creations_per_second(100).clock(LiveClock::Wall)));
/// let newest_first = by_status.clone().sort_by(SortBy::CreatedAt).descending().prefetch(4);
/// let report = newest_first.items().try_collect_with_report().await?.1;
/// assert_eq!(report.completeness(), Completeness::Complete);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveFlow {
    creations_per_second: u32,
    purge_oldest: bool,
    transitions_per_second: u32,
    clock: LiveClock,
}

impl Default for LiveFlow {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveFlow {
    /// A flow where nothing happens yet, on the wall clock.
    pub fn new() -> Self {
        Self {
            creations_per_second: 0,
            purge_oldest: false,
            transitions_per_second: 0,
            clock: LiveClock::Wall,
        }
    }

    /// Creates `rate` sessions a second, each newer than every other.
    #[must_use]
    pub fn creations_per_second(mut self, rate: u32) -> Self {
        self.creations_per_second = rate;
        self
    }

    /// Deletes the oldest session for every session created (a retention purge).
    #[must_use]
    pub fn purge_oldest(mut self, on: bool) -> Self {
        self.purge_oldest = on;
        self
    }

    /// Moves `rate` sessions a second one status on.
    #[must_use]
    pub fn transitions_per_second(mut self, rate: u32) -> Self {
        self.transitions_per_second = rate;
        self
    }

    /// How time is told (the wall clock by default).
    #[must_use]
    pub fn clock(mut self, clock: LiveClock) -> Self {
        self.clock = clock;
        self
    }
}

/// A running live flow: its settings and what it has done.
#[derive(Debug)]
pub(crate) struct Live {
    flow: LiveFlow,
    started: Instant,
    virtual_elapsed: Duration,
    created: u64,
    transitioned: u64,
    /// Where in storage order the next transition looks first.
    cursor: u64,
}

/// How many of `rate` per second are due after `elapsed`.
fn due(elapsed: Duration, rate: u32) -> u64 {
    let due = elapsed.as_millis().saturating_mul(u128::from(rate)) / 1000;
    u64::try_from(due).unwrap_or(u64::MAX)
}

impl Live {
    /// Starts `flow` now.
    pub(crate) fn new(flow: LiveFlow) -> Self {
        Self {
            flow,
            started: Instant::now(),
            virtual_elapsed: Duration::ZERO,
            created: 0,
            transitioned: 0,
            cursor: 0,
        }
    }

    /// Makes the changes due by now in `store`; called once per list request, before it is
    /// answered.
    pub(crate) fn advance(&mut self, store: &mut Store) {
        let elapsed = match self.flow.clock {
            LiveClock::Wall => self.started.elapsed(),
            LiveClock::PerRequest(step) => {
                self.virtual_elapsed = self.virtual_elapsed.saturating_add(step);
                self.virtual_elapsed
            }
        };
        let creations = due(elapsed, self.flow.creations_per_second).saturating_sub(self.created);
        if creations > 0 {
            store.insert_newest(creations);
            // New sessions come first in storage order: the cursor keeps pointing at the same one.
            self.cursor = self.cursor.saturating_add(creations);
            if self.flow.purge_oldest {
                store.remove_oldest(creations);
            }
            self.created += creations;
        }
        let transitions =
            due(elapsed, self.flow.transitions_per_second).saturating_sub(self.transitioned);
        for _ in 0..transitions {
            let moved = store
                .progress_one(self.cursor)
                .or_else(|| store.progress_one(0));
            match moved {
                Some(position) => self.cursor = position.saturating_add(1),
                None => break,
            }
        }
        self.transitioned += transitions;
    }
}
