//! The sessions a fake serves: given values, or a lazily generated set where session `i` is computed
//! from `(seed, i)` alone, and the orders they are listed in.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration as TimeDelta, TimeZone, Utc};
use sessions_api_gen::types::{LastStep, Session};
use sessions_api_gen::{Environment, Outcome, SessionStatus, Verdict};

/// The flow id generated sessions carry outside a request (see [`super::FakeServer::flow_id`]).
pub const DEFAULT_FLOW_ID: &str = "demo-flow";

/// `createdAt` of generated session 0: 2025-01-07T10:30:00Z, the documented example's time.
const EPOCH_MS: i64 = 1_736_245_800_000;

/// Generated sessions are created one per minute (with jitter inside the minute), newest first.
const MINUTE_MS: i64 = 60_000;

/// The six documented statuses in the order of their wire text, the order `sortBy=status` uses.
const STATUS_ORDER: [&str; 6] = [
    "ABORTED",
    "COMPLETED",
    "CREATED",
    "ERROR",
    "EXPIRED",
    "RUNNING",
];

/// Which field a listing is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SortKey {
    /// No `sortBy`: storage order (newest first for generated data, as given otherwise).
    Storage,
    /// `sortBy=createdAt`.
    CreatedAt,
    /// `sortBy=status`, ties in storage order.
    Status,
}

/// A small, portable pseudo-random sequence (SplitMix64), so that the same seed gives the same
/// sessions on every platform and with every version of this crate's dependencies.
struct Mixer(u64);

impl Mixer {
    fn new(seed: u64, index: i64) -> Self {
        let mut first = Self(seed ^ 0x5EED_F00D_5E55_1045);
        let salt = first.next();
        Self(salt ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (`bound > 0`).
    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// The status of generated session `index` (the second draw of its sequence).
fn generated_status(mixer: &mut Mixer) -> SessionStatus {
    match mixer.below(100) {
        0..55 => SessionStatus::Completed,
        55..67 => SessionStatus::Running,
        67..75 => SessionStatus::Created,
        75..85 => SessionStatus::Expired,
        85..94 => SessionStatus::Aborted,
        _ => SessionStatus::Error,
    }
}

fn status_rank(status: &str) -> usize {
    STATUS_ORDER
        .iter()
        .position(|known| *known == status)
        .unwrap_or(STATUS_ORDER.len())
}

fn at(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// Session `index` of the generated set with `seed`. Deterministic; `createdAt` strictly decreases as
/// `index` grows (negative indices are newer than index 0).
pub(crate) fn generate(seed: u64, index: i64, flow_id: &str, environment: &Environment) -> Session {
    let mut mixer = Mixer::new(seed, index);
    let jitter = mixer.below(MINUTE_MS as u64) as i64;
    let status = generated_status(&mut mixer);
    let created_ms = EPOCH_MS
        .saturating_sub(index.saturating_mul(MINUTE_MS))
        .saturating_sub(jitter);
    let created_at = at(created_ms);
    let never_started = match status {
        SessionStatus::Created => true,
        SessionStatus::Expired => mixer.below(3) == 0,
        _ => false,
    };
    let started_ms = created_ms + 1_000 + mixer.below(30_000) as i64;
    let duration_ms = 20_000 + mixer.below(600_000) as i64;
    let ttl_ms = 24 * 60 * MINUTE_MS;
    let started_at = (!never_started).then(|| at(started_ms));
    let (updated_at, completed_at, expires_at) = match status {
        SessionStatus::Created => (
            created_at,
            None,
            (mixer.below(2) == 0).then(|| at(created_ms + ttl_ms)),
        ),
        SessionStatus::Running => (
            at(started_ms + duration_ms / 2),
            None,
            (mixer.below(2) == 0).then(|| at(created_ms + ttl_ms)),
        ),
        SessionStatus::Expired => (
            at(created_ms + ttl_ms),
            Some(at(created_ms + ttl_ms)),
            Some(at(created_ms + ttl_ms)),
        ),
        _ => {
            let end = at(started_ms + duration_ms);
            (end, Some(end), None)
        }
    };
    let outcome = match status {
        SessionStatus::Completed => Some(if mixer.below(10) < 7 {
            Outcome::Accepted
        } else {
            Outcome::Rejected
        }),
        SessionStatus::Expired | SessionStatus::Aborted | SessionStatus::Error => {
            Some(Outcome::NoOutcome)
        }
        _ => None,
    };
    let last_step = if never_started {
        None
    } else {
        Some(last_step_for(&status, outcome.as_ref(), &mut mixer))
    };
    let (id_a, id_b) = (mixer.next(), mixer.next());
    let subject = mixer.next();
    let subject_id = (mixer.below(20) != 0).then(|| format!("subj_{subject:016x}"));
    let flow_version = 1 + mixer.below(3) as i64;
    built(
        Session::builder()
            .session_id(uuid_v7_text(created_ms, id_a, id_b))
            .session_status(status)
            .flow_id(flow_id)
            .flow_version(flow_version)
            .environment(environment.clone())
            .subject_id(subject_id)
            .outcome(outcome)
            .created_at(created_at)
            .started_at(started_at)
            .updated_at(updated_at)
            .completed_at(completed_at)
            .expires_at(expires_at)
            .last_step(last_step),
    )
}

/// A value from its generated builder, the way users build sessions for their tests: a property the
/// contract adds later is left unset instead of breaking this code.
///
/// Fails only when the contract made a new property *required* and this file does not set it yet
/// (the unit tests below then fail first, naming the property).
fn built<T, B>(builder: B) -> T
where
    B: TryInto<T>,
    B::Error: std::fmt::Display,
{
    match builder.try_into() {
        Ok(value) => value,
        Err(e) => panic!("the fake's session data misses a property the contract requires: {e}"),
    }
}

fn last_step_for(status: &SessionStatus, outcome: Option<&Outcome>, mixer: &mut Mixer) -> LastStep {
    let step = |id: &str, description: &str, verdict: Option<Verdict>| -> LastStep {
        built(
            LastStep::builder()
                .step_id(id.to_owned())
                .step_description(description.to_owned())
                .verdict(verdict),
        )
    };
    match status {
        SessionStatus::Completed => match outcome {
            Some(Outcome::Rejected) if mixer.below(4) == 0 => step(
                "step_fraud_004",
                "Fraud screening",
                Some(Verdict::FraudDetected),
            ),
            Some(Outcome::Rejected) => step(
                "step_end_001",
                "Final decision step",
                Some(Verdict::Rejected),
            ),
            _ => step(
                "step_end_001",
                "Final decision step",
                Some(Verdict::Accepted),
            ),
        },
        SessionStatus::Running => {
            if mixer.below(2) == 0 {
                step("step_doc_002", "Document capture", Some(Verdict::Verified))
            } else {
                step("step_selfie_003", "Selfie and liveness", None)
            }
        }
        SessionStatus::Error => step("step_doc_002", "Document capture", Some(Verdict::Failed)),
        _ => step(
            "step_doc_002",
            "Document capture",
            Some(Verdict::NotVerified),
        ),
    }
}

/// A UUIDv7-shaped id: the creation time in milliseconds, then random bits; unique per session
/// because generated creation times are.
fn uuid_v7_text(created_ms: i64, random_a: u64, random_b: u64) -> String {
    let ms = (created_ms as u64) & 0xFFFF_FFFF_FFFF;
    format!(
        "{:08x}-{:04x}-7{:03x}-{:04x}-{:012x}",
        ms >> 16,
        ms & 0xFFFF,
        random_a & 0xFFF,
        0x8000 | ((random_b >> 48) & 0x3FFF),
        random_b & 0xFFFF_FFFF_FFFF
    )
}

/// Moves every timestamp of `session` by `delta`.
fn shift(session: &mut Session, delta: TimeDelta) {
    session.created_at += delta;
    for time in [
        &mut session.started_at,
        &mut session.updated_at,
        &mut session.completed_at,
        &mut session.expires_at,
    ]
    .into_iter()
    .flatten()
    {
        *time += delta;
    }
}

/// The sessions of a fake.
#[derive(Debug)]
pub(crate) enum Store {
    /// Sessions given by value, in storage order.
    Given(Vec<Session>),
    /// Generated sessions `lo..hi` (storage order = index order = newest first).
    Generated {
        seed: u64,
        lo: i64,
        hi: i64,
        /// Indices sorted by status (ties by index), built on the first `sortBy=status` request for
        /// the current range: eight bytes per session.
        by_status: Option<StatusIndex>,
        /// Sessions whose status moved on since they were generated, by index.
        changed: BTreeMap<i64, Session>,
    },
}

/// Generated indices grouped by status, in [`STATUS_ORDER`], each group in index order.
#[derive(Debug)]
pub(crate) struct StatusIndex {
    lo: i64,
    hi: i64,
    groups: Arc<Vec<Vec<i64>>>,
}

/// The sessions of one page, before they are rendered.
pub(crate) struct Slice {
    /// The sessions, in listing order.
    pub sessions: Vec<Session>,
    /// How many sessions there are in all.
    pub total: u64,
}

impl Store {
    /// A generated set of `count` sessions.
    pub(crate) fn generated(count: u64, seed: u64) -> Self {
        Self::Generated {
            seed,
            lo: 0,
            hi: i64::try_from(count).unwrap_or(i64::MAX),
            by_status: None,
            changed: BTreeMap::new(),
        }
    }

    /// How many sessions there are.
    pub(crate) fn len(&self) -> u64 {
        match self {
            Self::Given(sessions) => sessions.len() as u64,
            Self::Generated { lo, hi, .. } => hi.saturating_sub(*lo).max(0) as u64,
        }
    }

    /// The sessions at positions `start..start + count` of the listing order, with `flow_id` and
    /// `environment` stamped on generated sessions.
    pub(crate) fn slice(
        &mut self,
        key: SortKey,
        descending: bool,
        start: u64,
        count: u64,
        flow_id: &str,
        environment: &Environment,
    ) -> Slice {
        let total = self.len();
        let end = start.saturating_add(count).min(total);
        let positions = start.min(end)..end;
        let sessions = match self {
            Self::Given(sessions) => {
                let order = given_order(sessions, key, descending);
                positions
                    .filter_map(|p| order.get(p as usize).and_then(|&i| sessions.get(i)))
                    .cloned()
                    .collect()
            }
            Self::Generated {
                seed,
                lo,
                hi,
                by_status,
                changed,
            } => {
                let (seed, lo, hi) = (*seed, *lo, *hi);
                let index_at: Box<dyn Fn(u64) -> Option<i64>> = match key {
                    SortKey::Storage => Box::new(move |p| Some(lo + p as i64)),
                    SortKey::CreatedAt if descending => Box::new(move |p| Some(lo + p as i64)),
                    SortKey::CreatedAt => Box::new(move |p| Some(hi - 1 - p as i64)),
                    SortKey::Status => {
                        let groups = status_groups(by_status, changed, seed, lo, hi);
                        Box::new(move |p| status_position(&groups, descending, p))
                    }
                };
                positions
                    .filter_map(index_at)
                    .map(|i| match changed.get(&i) {
                        Some(session) => stamped(session, flow_id, environment),
                        None => generate(seed, i, flow_id, environment),
                    })
                    .collect()
            }
        };
        Slice { sessions, total }
    }

    /// Every session in listing order (materialized: meant for assertions on small sets).
    pub(crate) fn all(
        &mut self,
        key: SortKey,
        descending: bool,
        flow_id: &str,
        environment: &Environment,
    ) -> Vec<Session> {
        let len = self.len();
        self.slice(key, descending, 0, len, flow_id, environment)
            .sessions
    }

    /// Adds `count` sessions newer than every existing one, at the front of storage order.
    pub(crate) fn insert_newest(&mut self, count: u64) {
        match self {
            Self::Given(sessions) => {
                let newest = sessions.iter().map(|s| s.created_at).max();
                let base = newest.map_or(EPOCH_MS, |t| t.timestamp_millis());
                let mut fresh: Vec<Session> = (1..=count as i64)
                    .rev()
                    .map(|k| {
                        let offset = sessions.len() as i64 + k;
                        let mut s = generate(
                            0xADD,
                            -offset,
                            sessions.first().map_or(DEFAULT_FLOW_ID, |s| &s.flow_id),
                            sessions
                                .first()
                                .and_then(|s| s.environment.as_ref())
                                .unwrap_or(&Environment::Live),
                        );
                        let target = base + k * MINUTE_MS;
                        let delta = target - s.created_at.timestamp_millis();
                        shift(&mut s, TimeDelta::milliseconds(delta));
                        s
                    })
                    .collect();
                fresh.append(sessions);
                *sessions = fresh;
            }
            Self::Generated { lo, .. } => {
                *lo = lo.saturating_sub(i64::try_from(count).unwrap_or(i64::MAX));
            }
        }
    }

    /// Deletes the `count` oldest sessions (by `createdAt`), as a retention purge does.
    pub(crate) fn remove_oldest(&mut self, count: u64) {
        match self {
            Self::Given(sessions) => {
                let mut order: Vec<usize> = (0..sessions.len()).collect();
                order.sort_by_key(|&i| sessions[i].created_at);
                let doomed: std::collections::HashSet<usize> =
                    order.into_iter().take(count as usize).collect();
                let mut index = 0;
                sessions.retain(|_| {
                    index += 1;
                    !doomed.contains(&(index - 1))
                });
            }
            Self::Generated {
                lo, hi, changed, ..
            } => {
                *hi = hi
                    .saturating_sub(i64::try_from(count).unwrap_or(i64::MAX))
                    .max(*lo);
                changed.retain(|i, _| *i < *hi);
            }
        }
    }

    /// Moves the status of the first session at or after storage position `from` that is not
    /// terminal one step on (`CREATED` to `RUNNING`, `RUNNING` to `COMPLETED`, other non-terminal
    /// statuses to `COMPLETED`), with its fields kept to the documented rules. Returns the storage
    /// position of the session moved, or `None` when no session from `from` on is live.
    pub(crate) fn progress_one(&mut self, from: u64) -> Option<u64> {
        match self {
            Self::Given(sessions) => {
                let start = usize::try_from(from).ok()?;
                let offset = sessions
                    .get(start..)?
                    .iter()
                    .position(|s| !s.session_status.is_terminal())?;
                let session = sessions.get_mut(start + offset)?;
                *session = progressed(session);
                Some(from + offset as u64)
            }
            Self::Generated {
                seed,
                lo,
                hi,
                by_status,
                changed,
            } => {
                let first = lo.checked_add(i64::try_from(from).ok()?)?;
                for i in first..*hi {
                    let current = changed
                        .get(&i)
                        .cloned()
                        .unwrap_or_else(|| generate(*seed, i, DEFAULT_FLOW_ID, &Environment::Live));
                    if current.session_status.is_terminal() {
                        continue;
                    }
                    changed.insert(i, progressed(&current));
                    *by_status = None;
                    return u64::try_from(i - *lo).ok();
                }
                None
            }
        }
    }
    pub(crate) fn remove_newest(&mut self, count: u64) {
        match self {
            Self::Given(sessions) => {
                let n = (count as usize).min(sessions.len());
                sessions.drain(..n);
            }
            Self::Generated {
                lo, hi, changed, ..
            } => {
                *lo = lo
                    .saturating_add(i64::try_from(count).unwrap_or(i64::MAX))
                    .min(*hi);
                changed.retain(|i, _| *i >= *lo);
            }
        }
    }
}

/// `session` with the flow id and environment of a request, as generated sessions carry them.
fn stamped(session: &Session, flow_id: &str, environment: &Environment) -> Session {
    let mut session = session.clone();
    flow_id.clone_into(&mut session.flow_id);
    session.environment = Some(environment.clone());
    session
}

/// `session` one status further, with its fields kept to the documented rules (`startedAt` and
/// `lastStep` once processing started, `outcome` and `completedAt` exactly on terminal statuses).
fn progressed(session: &Session) -> Session {
    let mut next = session.clone();
    let started = session
        .started_at
        .unwrap_or(session.created_at + TimeDelta::seconds(5));
    match session.session_status {
        SessionStatus::Created => {
            next.session_status = SessionStatus::Running;
            next.started_at = Some(started);
            next.updated_at = Some(started);
            next.last_step = Some(built(
                LastStep::builder()
                    .step_id("step_doc_002".to_owned())
                    .step_description("Document capture".to_owned())
                    .verdict(None),
            ));
        }
        _ => {
            let end = started + TimeDelta::minutes(5);
            next.session_status = SessionStatus::Completed;
            next.started_at = Some(started);
            next.updated_at = Some(end);
            next.completed_at = Some(end);
            next.outcome = Some(Outcome::Accepted);
            next.last_step = Some(built(
                LastStep::builder()
                    .step_id("step_end_001".to_owned())
                    .step_description("Final decision step".to_owned())
                    .verdict(Some(Verdict::Accepted)),
            ));
        }
    }
    next
}

/// The listing order of given sessions, as indices into storage (stable: ties keep storage order).
fn given_order(sessions: &[Session], key: SortKey, descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sessions.len()).collect();
    match key {
        SortKey::Storage => {}
        SortKey::CreatedAt => order.sort_by(|&a, &b| {
            let ordering = sessions[a].created_at.cmp(&sessions[b].created_at);
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        }),
        SortKey::Status => order.sort_by(|&a, &b| {
            let ordering = sessions[a]
                .session_status
                .as_str()
                .cmp(sessions[b].session_status.as_str());
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        }),
    }
    order
}

fn status_groups(
    cache: &mut Option<StatusIndex>,
    changed: &BTreeMap<i64, Session>,
    seed: u64,
    lo: i64,
    hi: i64,
) -> Arc<Vec<Vec<i64>>> {
    if let Some(index) = cache
        && index.lo == lo
        && index.hi == hi
    {
        return Arc::clone(&index.groups);
    }
    let mut groups: Vec<Vec<i64>> = vec![Vec::new(); STATUS_ORDER.len()];
    for i in lo..hi {
        let status = match changed.get(&i) {
            Some(session) => session.session_status.clone(),
            None => {
                let mut mixer = Mixer::new(seed, i);
                mixer.next();
                generated_status(&mut mixer)
            }
        };
        let rank = status_rank(status.as_str()).min(STATUS_ORDER.len() - 1);
        if let Some(group) = groups.get_mut(rank) {
            group.push(i);
        }
    }
    let groups = Arc::new(groups);
    *cache = Some(StatusIndex {
        lo,
        hi,
        groups: Arc::clone(&groups),
    });
    groups
}

/// The index at listing position `p` when sorted by status: groups ascending (or descending), each
/// group in index order.
fn status_position(groups: &[Vec<i64>], descending: bool, mut p: u64) -> Option<i64> {
    let ordered: Box<dyn Iterator<Item = &Vec<i64>>> = if descending {
        Box::new(groups.iter().rev())
    } else {
        Box::new(groups.iter())
    };
    for group in ordered {
        let len = group.len() as u64;
        if p < len {
            return group.get(p as usize).copied();
        }
        p -= len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_generated(count: u64, key: SortKey, descending: bool) -> Vec<Session> {
        Store::generated(count, 7).all(key, descending, "f", &Environment::Live)
    }

    #[test]
    fn generation_is_deterministic_and_seed_dependent() {
        let a = generate(1, 5, "f", &Environment::Live);
        assert_eq!(a, generate(1, 5, "f", &Environment::Live));
        assert_ne!(
            a.session_id,
            generate(2, 5, "f", &Environment::Live).session_id
        );
    }

    #[test]
    fn created_at_strictly_decreases_with_index() {
        let sessions = all_generated(500, SortKey::Storage, false);
        assert!(
            sessions
                .windows(2)
                .all(|w| w[0].created_at > w[1].created_at)
        );
    }

    #[test]
    fn created_at_ascending_is_storage_reversed() {
        let mut asc = all_generated(50, SortKey::CreatedAt, false);
        asc.reverse();
        assert_eq!(asc, all_generated(50, SortKey::CreatedAt, true));
    }

    #[test]
    fn status_sort_groups_statuses_in_wire_order() {
        let sessions = all_generated(300, SortKey::Status, false);
        assert_eq!(sessions.len(), 300);
        let ranks: Vec<usize> = sessions
            .iter()
            .map(|s| status_rank(s.session_status.as_str()))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
        let desc = all_generated(300, SortKey::Status, true);
        let ranks: Vec<usize> = desc
            .iter()
            .map(|s| status_rank(s.session_status.as_str()))
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] >= w[1]));
    }

    #[test]
    fn fields_follow_the_status_rules() {
        for s in all_generated(2000, SortKey::Storage, false) {
            let terminal = s.session_status.is_terminal();
            assert_eq!(s.completed_at.is_some(), terminal, "{s:?}");
            assert_eq!(s.outcome.is_some(), terminal, "{s:?}");
            if s.session_status == SessionStatus::Completed {
                assert!(matches!(
                    s.outcome,
                    Some(Outcome::Accepted | Outcome::Rejected)
                ));
            }
            if s.session_status == SessionStatus::Created {
                assert!(s.started_at.is_none() && s.last_step.is_none());
            }
            assert_eq!(s.last_step.is_some(), s.started_at.is_some(), "{s:?}");
        }
    }

    #[test]
    fn insert_and_remove_move_the_front() {
        let mut store = Store::generated(10, 3);
        let first = store.all(SortKey::Storage, false, "f", &Environment::Live)[0].clone();
        store.insert_newest(2);
        let after = store.all(SortKey::Storage, false, "f", &Environment::Live);
        assert_eq!(after.len(), 12);
        assert_eq!(after[2], first);
        assert!(
            after[0].created_at > after[1].created_at && after[1].created_at > first.created_at
        );
        store.remove_newest(3);
        assert_eq!(store.len(), 9);
    }

    #[test]
    fn the_purge_deletes_the_oldest_and_progress_follows_the_status_rules() {
        let mut store = Store::generated(50, 3);
        let before = store.all(SortKey::CreatedAt, false, "f", &Environment::Live);
        store.remove_oldest(5);
        let after = store.all(SortKey::CreatedAt, false, "f", &Environment::Live);
        assert_eq!(after[..], before[5..]);
        let mut given = Store::Given(before.clone());
        given.remove_oldest(5);
        assert_eq!(
            given.all(SortKey::CreatedAt, false, "f", &Environment::Live)[..],
            before[5..]
        );
        let mut from = 0;
        let mut moved = 0;
        while let Some(position) = store.progress_one(from) {
            moved += 1;
            from = position;
            assert!(moved < 200, "progress ends once every session is terminal");
        }
        assert!(moved > 0);
        for s in store.all(SortKey::Status, false, "f", &Environment::Live) {
            assert!(s.session_status.is_terminal(), "{s:?}");
            assert_eq!(s.completed_at.is_some(), s.outcome.is_some());
            assert_eq!(s.last_step.is_some(), s.started_at.is_some(), "{s:?}");
        }
    }

    #[test]
    fn given_insert_is_newer_than_existing() {
        let existing = generate(9, 0, "f", &Environment::Staging);
        let mut store = Store::Given(vec![existing.clone()]);
        store.insert_newest(2);
        let all = store.all(SortKey::Storage, false, "f", &Environment::Live);
        assert_eq!(all.len(), 3);
        assert!(all[0].created_at > all[1].created_at);
        assert!(all[1].created_at > existing.created_at);
        assert_eq!(all[2], existing);
    }
}
