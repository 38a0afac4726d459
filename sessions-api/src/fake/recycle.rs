//! Keeps a fake that does not record requests at a flat memory footprint.
//!
//! wiremock keeps every request a mounted mock matched (for `MockGuard::received_requests`), even
//! with its own request recording disabled, and only [`MockServer::reset`] frees them. A fake built
//! with [`record_requests(false)`](super::FakeServerBuilder::record_requests) therefore remounts its
//! responder every [`EVERY`] requests: reset, then mount again.
//!
//! Those are two turns of wiremock's lock, and a request taking the lock between them would find no
//! mock (wiremock then answers an empty `404`). So both are queued on the lock while the request that
//! triggers the remount still holds it: its responder waits until the remount thread has queued reset
//! and mount. tokio's `RwLock` serves waiters first in, first out, and wiremock serves requests on one
//! thread, which is blocked meanwhile, so no request can queue between the two: requests already
//! queued are answered by the old mount, later ones by the new.

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};
use std::task::Context;
use std::time::Duration;

use futures::task::noop_waker_ref;
use wiremock::MockServer;

use super::responder::{Shared, mock};

/// Requests between two remounts: wiremock holds at most this many requests at a time.
pub(crate) const EVERY: u64 = 512;

/// How long a triggering request waits for the remount thread before giving up on this remount.
const HANDSHAKE_WAIT: Duration = Duration::from_secs(5);

/// Where a remount stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Nothing to do.
    Idle,
    /// A request holding wiremock's lock waits for reset and mount to be queued.
    Requested,
    /// Reset and mount are queued; the waiting request may go on.
    Queued,
    /// The fake was dropped: the remount thread ends.
    Stopped,
}

#[derive(Debug)]
struct Handshake {
    phase: Mutex<Phase>,
    changed: Condvar,
}

impl Handshake {
    fn lock(&self) -> MutexGuard<'_, Phase> {
        self.phase.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Counts requests and remounts the responder every [`EVERY`] of them.
#[derive(Debug)]
pub(crate) struct Recycler {
    handshake: Arc<Handshake>,
    served: AtomicU64,
}

impl Recycler {
    pub(crate) fn new() -> Self {
        Self {
            handshake: Arc::new(Handshake {
                phase: Mutex::new(Phase::Idle),
                changed: Condvar::new(),
            }),
            served: AtomicU64::new(0),
        }
    }

    /// Called by the responder for every request, while it holds wiremock's lock (and not the
    /// fake's own): every [`EVERY`]th request waits until the remount is queued behind it.
    pub(crate) fn after_request(&self) {
        let served = self.served.fetch_add(1, Ordering::Relaxed) + 1;
        if !served.is_multiple_of(EVERY) {
            return;
        }
        let mut phase = self.handshake.lock();
        if *phase != Phase::Idle {
            return;
        }
        *phase = Phase::Requested;
        self.handshake.changed.notify_all();
        let (mut phase, _) = self
            .handshake
            .changed
            .wait_timeout_while(phase, HANDSHAKE_WAIT, |p| *p == Phase::Requested)
            .unwrap_or_else(PoisonError::into_inner);
        if *phase == Phase::Requested {
            // The remount thread did not answer: skip this remount rather than stall the fake.
            *phase = Phase::Idle;
        }
    }

    /// Starts the remount thread; it ends when [`Recycler::stop`] is called or the server is gone.
    pub(crate) fn start(
        &self,
        server: Weak<MockServer>,
        shared: Weak<Shared>,
    ) -> std::io::Result<()> {
        let handshake = Arc::clone(&self.handshake);
        std::thread::Builder::new()
            .name("fake-remount".to_owned())
            .spawn(move || remount_loop(&handshake, &server, &shared))
            .map(drop)
    }

    /// Ends the remount thread.
    pub(crate) fn stop(&self) {
        *self.handshake.lock() = Phase::Stopped;
        self.handshake.changed.notify_all();
    }
}

fn remount_loop(handshake: &Handshake, server: &Weak<MockServer>, shared: &Weak<Shared>) {
    loop {
        let phase = handshake.lock();
        let mut phase = handshake
            .changed
            .wait_while(phase, |p| *p == Phase::Idle || *p == Phase::Queued)
            .unwrap_or_else(PoisonError::into_inner);
        if *phase == Phase::Stopped {
            return;
        }
        let (Some(server), Some(shared)) = (server.upgrade(), shared.upgrade()) else {
            *phase = Phase::Stopped;
            handshake.changed.notify_all();
            return;
        };
        let mut reset = pin!(server.reset());
        let mut mount = pin!(server.register(mock(shared)));
        // Queue both on wiremock's lock, held by the waiting request, before letting it go on.
        let mut cx = Context::from_waker(noop_waker_ref());
        let reset_done = reset.as_mut().poll(&mut cx).is_ready();
        let mount_done = mount.as_mut().poll(&mut cx).is_ready();
        *phase = Phase::Queued;
        handshake.changed.notify_all();
        drop(phase);
        futures::executor::block_on(async {
            if !reset_done {
                reset.await;
            }
            if !mount_done {
                mount.await;
            }
        });
        let mut phase = handshake.lock();
        if *phase == Phase::Queued {
            *phase = Phase::Idle;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_write_lock_queues_writers_first_in_first_out() {
        // The remount relies on tokio's RwLock serving queued writers in order.
        let lock = tokio::sync::RwLock::new(Vec::new());
        let held = lock.try_write().expect("free");
        let mut first = pin!(async { lock.write().await.push(1) });
        let mut second = pin!(async { lock.write().await.push(2) });
        let mut cx = Context::from_waker(noop_waker_ref());
        assert!(first.as_mut().poll(&mut cx).is_pending());
        assert!(second.as_mut().poll(&mut cx).is_pending());
        drop(held);
        let mut third = pin!(async { lock.write().await.push(3) });
        // Polled in reverse order, yet served in the order they queued.
        futures::executor::block_on(async {
            futures::join!(third.as_mut(), second.as_mut(), first.as_mut());
        });
        assert_eq!(*lock.try_read().expect("free"), [1, 2, 3]);
    }
}
