//! Injected faults: latency, 429/500/503 answers, reset connections, cut watch streams, stuck
//! finalizers, workloads that never become ready, paused controllers. All seedable and adjustable
//! at run time through [`Faults`].

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

/// The finalizer added to objects matched by a stuck-finalizer pattern. Nothing ever removes it.
pub const STUCK_FINALIZER: &str = "test.odh/stuck";

/// Which requests faults apply to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FaultScope {
    /// Every request.
    #[default]
    All,
    /// Only requests for resources, not discovery, `/version` or `/openapi`.
    ResourcesOnly,
}

/// What to do to one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Injected {
    /// Answer with this status code (429, 500 or 503).
    Status(u16),
    /// Drop the connection without answering.
    Reset,
}

struct State {
    latency: Duration,
    rate_429: f64,
    rate_500: f64,
    rate_503: f64,
    rate_reset: f64,
    scope: FaultScope,
    next: VecDeque<Injected>,
    rng: StdRng,
    watch_cut_after: Option<Duration>,
    stuck: Vec<String>,
    never_ready: Vec<String>,
    paused: bool,
}

/// Fault controls, shared by the server and the handle.
pub struct Faults {
    state: Mutex<State>,
    cut: tokio::sync::watch::Sender<u64>,
}

impl Faults {
    pub fn new(seed: u64) -> Self {
        Faults {
            state: Mutex::new(State {
                latency: Duration::ZERO,
                rate_429: 0.0,
                rate_500: 0.0,
                rate_503: 0.0,
                rate_reset: 0.0,
                scope: FaultScope::All,
                next: VecDeque::new(),
                rng: StdRng::seed_from_u64(seed),
                watch_cut_after: None,
                stuck: Vec::new(),
                never_ready: Vec::new(),
                paused: false,
            }),
            cut: tokio::sync::watch::channel(0).0,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Re-seeds the random generator.
    pub fn set_seed(&self, seed: u64) {
        self.lock().rng = StdRng::seed_from_u64(seed);
    }

    /// Latency added before every request is handled.
    pub fn set_latency(&self, d: Duration) {
        self.lock().latency = d;
    }

    /// A total failure rate spread evenly over 429, 500, 503 and reset connections.
    pub fn set_error_rate(&self, rate: f64) {
        let each = rate.clamp(0.0, 1.0) / 4.0;
        let mut s = self.lock();
        s.rate_429 = each;
        s.rate_500 = each;
        s.rate_503 = each;
        s.rate_reset = each;
    }

    /// Rate of `429 Too Many Requests` (with `Retry-After: 1`).
    pub fn set_rate_429(&self, rate: f64) {
        self.lock().rate_429 = rate;
    }

    pub fn set_rate_500(&self, rate: f64) {
        self.lock().rate_500 = rate;
    }

    pub fn set_rate_503(&self, rate: f64) {
        self.lock().rate_503 = rate;
    }

    /// Rate of connections dropped without an answer.
    pub fn set_reset_rate(&self, rate: f64) {
        self.lock().rate_reset = rate;
    }

    pub fn set_scope(&self, scope: FaultScope) {
        self.lock().scope = scope;
    }

    /// Fails the next `n` requests with `code` (429, 500, 503; 0 resets the connection).
    pub fn fail_next(&self, n: usize, code: u16) {
        let f = if code == 0 {
            Injected::Reset
        } else {
            Injected::Status(code)
        };
        let mut s = self.lock();
        for _ in 0..n {
            s.next.push_back(f);
        }
    }

    /// Cuts every watch stream after it has been open this long (None: never).
    pub fn set_watch_cut_after(&self, d: Option<Duration>) {
        self.lock().watch_cut_after = d;
    }

    pub fn watch_cut_after(&self) -> Option<Duration> {
        self.lock().watch_cut_after
    }

    /// Cuts every open watch stream now, without a clean end.
    pub fn cut_watches(&self) {
        self.cut.send_modify(|v| *v += 1);
    }

    pub(crate) fn cut_signal(&self) -> tokio::sync::watch::Receiver<u64> {
        self.cut.subscribe()
    }

    /// Objects created from now on whose `name` or `Kind/name` matches the glob get the finalizer
    /// [`STUCK_FINALIZER`], which nothing removes.
    pub fn add_stuck_finalizer(&self, glob: &str) {
        self.lock().stuck.push(glob.to_string());
    }

    pub fn clear_stuck_finalizers(&self) {
        self.lock().stuck.clear();
    }

    pub(crate) fn stuck_matches(&self, kind: &str, name: &str) -> bool {
        self.lock()
            .stuck
            .iter()
            .any(|g| matches_glob(g, kind, name))
    }

    /// Workloads (Deployment, StatefulSet, DaemonSet, Job, or a Pod) whose name matches never
    /// become ready.
    pub fn add_never_ready(&self, glob: &str) {
        self.lock().never_ready.push(glob.to_string());
    }

    pub fn clear_never_ready(&self) {
        self.lock().never_ready.clear();
    }

    pub(crate) fn never_ready_matches(&self, kind: &str, name: &str) -> bool {
        self.lock()
            .never_ready
            .iter()
            .any(|g| matches_glob(g, kind, name))
    }

    /// Stops (or resumes) every simulated controller.
    pub fn set_controllers_paused(&self, paused: bool) {
        self.lock().paused = paused;
    }

    pub fn controllers_paused(&self) -> bool {
        self.lock().paused
    }

    /// Removes every fault (keeps the seed).
    pub fn clear(&self) {
        let mut s = self.lock();
        s.latency = Duration::ZERO;
        s.rate_429 = 0.0;
        s.rate_500 = 0.0;
        s.rate_503 = 0.0;
        s.rate_reset = 0.0;
        s.next.clear();
        s.watch_cut_after = None;
        s.stuck.clear();
        s.never_ready.clear();
        s.paused = false;
    }

    /// Decides the latency and the fault for one request.
    pub(crate) fn decide(&self, is_resource: bool) -> (Duration, Option<Injected>) {
        let mut s = self.lock();
        if s.scope == FaultScope::ResourcesOnly && !is_resource {
            return (s.latency, None);
        }
        if let Some(f) = s.next.pop_front() {
            return (s.latency, Some(f));
        }
        let total = s.rate_429 + s.rate_500 + s.rate_503 + s.rate_reset;
        if total <= 0.0 {
            return (s.latency, None);
        }
        let x: f64 = s.rng.random();
        let mut acc = s.rate_429;
        let f = if x < acc {
            Some(Injected::Status(429))
        } else if x < {
            acc += s.rate_500;
            acc
        } {
            Some(Injected::Status(500))
        } else if x < {
            acc += s.rate_503;
            acc
        } {
            Some(Injected::Status(503))
        } else if x < acc + s.rate_reset {
            Some(Injected::Reset)
        } else {
            None
        };
        (s.latency, f)
    }
}

pub(crate) fn matches_glob(glob: &str, kind: &str, name: &str) -> bool {
    match glob.split_once('/') {
        Some((k, n)) => crate::util::glob_match(k, kind) && crate::util::glob_match(n, name),
        None => crate::util::glob_match(glob, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_rates_are_reproducible() {
        let run = |seed| {
            let f = Faults::new(seed);
            f.set_error_rate(0.5);
            (0..64).map(|_| f.decide(true).1).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        let hits = run(7).iter().filter(|x| x.is_some()).count();
        assert!(hits > 10 && hits < 54, "{hits}");
    }

    #[test]
    fn fail_next_and_scope() {
        let f = Faults::new(1);
        f.fail_next(1, 503);
        f.set_scope(FaultScope::ResourcesOnly);
        assert_eq!(f.decide(false).1, None);
        assert_eq!(f.decide(true).1, Some(Injected::Status(503)));
        assert_eq!(f.decide(true).1, None);
        assert!(matches_glob("Deployment/web*", "Deployment", "web-1"));
        assert!(!matches_glob("Deployment/web*", "Pod", "web-1"));
    }
}
