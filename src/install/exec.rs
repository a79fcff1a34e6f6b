//! Running a plan: each step starts once the steps it waits for are done
//! (independent components proceed in parallel), applies its object, waits for
//! it, and emits events. The first failure or the deadline stops the run; what
//! was running is reported as blocked and what never started as not started.

use super::desired::{desired, is_unchanged};
use super::drift::Fingerprint;
use super::retry::retry;
use super::wait::{WaitError, wait_for};
use super::{Emit, Options};
use crate::cluster::{Cluster, ClusterError};
use crate::event::{ApplyOutcome, Blocker, Event, NotStarted};
use crate::object::Object;
use crate::plan::{Plan, Step};
use crate::render::generated_keys;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

/// How a run ended.
pub enum RunEnd {
    Done,
    Failed,
    TimedOut,
    /// An apply conflict with another field manager.
    Conflict,
    /// The API server denied a request (403) or the credentials (401).
    Denied,
}

/// The result of running a plan.
pub struct RunResult {
    pub end: RunEnd,
    pub outcomes: BTreeMap<usize, ApplyOutcome>,
    /// What each applied (or unchanged) object looked like right after.
    pub fingerprints: BTreeMap<usize, Fingerprint>,
    pub blocked: Vec<Blocker>,
    pub not_started: Vec<NotStarted>,
}

struct Context {
    cluster: Arc<Cluster>,
    objects: Vec<Object>,
    live: Vec<Option<Object>>,
    applyset: String,
    options: Options,
    deadline: Instant,
    emit: Emit,
    /// Objects odh may take over (`--adopt`): not owned when the run started.
    adopt: BTreeSet<usize>,
    messages: Mutex<HashMap<usize, String>>,
    requests: Semaphore,
}

/// What a step ended with: how it was applied and its fingerprint, or why not.
type StepResult = Result<(ApplyOutcome, Fingerprint), StepError>;

enum StepError {
    Failed(String),
    TimedOut(String),
    Conflict(String),
    Denied(String),
}

/// What a run works with.
pub struct RunInput {
    pub cluster: Arc<Cluster>,
    /// The rendered objects, indexed as the plan's steps are.
    pub objects: Vec<Object>,
    /// Each object as pre-flight found it (`None`: absent).
    pub live: Vec<Option<Object>>,
    pub applyset: String,
    /// Objects odh may take over (`--adopt`): not owned when the run started.
    pub adopt: BTreeSet<usize>,
    pub options: Options,
    pub deadline: Instant,
    pub emit: Emit,
}

/// Runs the plan over the rendered objects.
pub async fn run(plan: &Plan, input: RunInput) -> RunResult {
    let steps: Vec<Step> = plan.steps().cloned().collect();
    let concurrency = input.options.concurrency.max(1);
    let deadline = input.deadline;
    let ctx = Arc::new(Context {
        cluster: input.cluster,
        objects: input.objects,
        live: input.live,
        applyset: input.applyset,
        options: input.options,
        deadline,
        emit: input.emit,
        adopt: input.adopt,
        messages: Mutex::new(HashMap::new()),
        requests: Semaphore::new(concurrency),
    });
    let mut remaining_in_component: HashMap<String, usize> = HashMap::new();
    for step in &steps {
        *remaining_in_component
            .entry(step.component.clone())
            .or_default() += 1;
    }
    let mut pending: Vec<Step> = steps.clone();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let mut running: HashMap<usize, Step> = HashMap::new();
    let mut tasks: JoinSet<(usize, StepResult)> = JoinSet::new();
    let mut outcomes = BTreeMap::new();
    let mut fingerprints = BTreeMap::new();
    let mut end = RunEnd::Done;
    let mut failures: Vec<Blocker> = Vec::new();
    loop {
        let (ready, rest): (Vec<Step>, Vec<Step>) = pending
            .into_iter()
            .partition(|s| s.after.iter().all(|a| done.contains(a)));
        pending = rest;
        for step in ready {
            let ctx = ctx.clone();
            running.insert(step.index, step.clone());
            tasks.spawn(async move {
                let index = step.index;
                (index, run_step(&ctx, &step).await)
            });
        }
        if tasks.is_empty() {
            break;
        }
        let joined = tokio::select! {
            joined = tasks.join_next() => joined,
            _ = tokio::time::sleep_until(deadline) => { end = RunEnd::TimedOut; break; }
        };
        let Some(Ok((index, result))) = joined else {
            continue;
        };
        let step = running.remove(&index).expect("a running step finished");
        match result {
            Ok((outcome, fingerprint)) => {
                outcomes.insert(index, outcome);
                fingerprints.insert(index, fingerprint);
                done.insert(index);
                (ctx.emit)(Event::Ready {
                    component: step.component.clone(),
                    object: step.target.clone(),
                });
                let left = remaining_in_component
                    .get_mut(&step.component)
                    .expect("counted above");
                *left -= 1;
                if *left == 0 {
                    (ctx.emit)(Event::ComponentReady {
                        component: step.component.clone(),
                    });
                }
            }
            Err(err) => {
                let (kind, reason) = match err {
                    StepError::Failed(r) => (RunEnd::Failed, r),
                    StepError::TimedOut(r) => (RunEnd::TimedOut, r),
                    StepError::Conflict(r) => (RunEnd::Conflict, r),
                    StepError::Denied(r) => (RunEnd::Denied, r),
                };
                (ctx.emit)(Event::Failed {
                    component: step.component.clone(),
                    object: step.target.clone(),
                    reason: reason.clone(),
                });
                failures.push(Blocker {
                    component: step.component.clone(),
                    object: step.target.clone(),
                    reason,
                });
                end = kind;
                break;
            }
        }
    }
    tasks.abort_all();
    let messages = ctx
        .messages
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let mut blocked = failures;
    let mut still_running: Vec<&Step> = running.values().collect();
    still_running.sort_by_key(|s| s.index);
    for step in still_running {
        let reason = messages
            .get(&step.index)
            .cloned()
            .unwrap_or_else(|| "applying".to_string());
        blocked.push(Blocker {
            component: step.component.clone(),
            object: step.target.clone(),
            reason,
        });
    }
    let not_started = pending
        .iter()
        .map(|step| {
            let waits_for: Vec<String> = step
                .after
                .iter()
                .filter(|a| !done.contains(a))
                .filter_map(|a| steps.iter().find(|s| s.index == *a))
                .map(|s| s.target.to_string())
                .collect();
            NotStarted {
                component: step.component.clone(),
                object: step.target.clone(),
                why: match waits_for.first() {
                    Some(first) if waits_for.len() > 1 => {
                        format!("waits for {first} and {} more", waits_for.len() - 1)
                    }
                    Some(first) => format!("waits for {first}"),
                    None => "the install stopped first".into(),
                },
            }
        })
        .collect();
    RunResult {
        end,
        outcomes,
        fingerprints,
        blocked,
        not_started,
    }
}

async fn run_step(ctx: &Context, step: &Step) -> StepResult {
    let rendered = &ctx.objects[step.index];
    let target = rendered.to_ref();
    let on_retry = |err: &ClusterError, attempt: u32| {
        (ctx.emit)(Event::Retrying {
            component: step.component.clone(),
            object: target.clone(),
            error: err.to_string(),
            attempt,
        });
    };
    // As pre-flight read it; server-side apply makes a stale copy harmless, except
    // for generated credentials, which must never be replaced: those are read again.
    let live = if generated_keys(rendered).is_empty() {
        ctx.live[step.index].clone()
    } else {
        let _permit = ctx.requests.acquire().await;
        retry(ctx.deadline, || ctx.cluster.find(&target), on_retry)
            .await
            .map_err(fail)?
    };
    let live = &live;
    let want = desired(rendered, live.as_ref(), &ctx.applyset);
    let (outcome, fingerprint) = match &live {
        Some(l) if is_unchanged(&want, l) => (ApplyOutcome::Unchanged, Fingerprint::of(l)),
        _ => {
            let _permit = ctx.requests.acquire().await;
            let force = ctx.options.force_conflicts || ctx.adopt.contains(&step.index);
            let applied = retry(
                ctx.deadline,
                || ctx.cluster.apply(&want, force, false),
                on_retry,
            )
            .await
            .map_err(fail)?;
            let outcome = match &live {
                None => ApplyOutcome::Create,
                Some(_) if ctx.adopt.contains(&step.index) => ApplyOutcome::Adopt,
                Some(l)
                    if l.str_at("/metadata/resourceVersion")
                        == applied.str_at("/metadata/resourceVersion") =>
                {
                    ApplyOutcome::Unchanged
                }
                Some(_) => ApplyOutcome::Update,
            };
            (outcome, Fingerprint::of(&applied))
        }
    };
    (ctx.emit)(Event::Applied {
        component: step.component.clone(),
        object: target.clone(),
        outcome,
    });
    let progress = |message: String| {
        ctx.messages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(step.index, message.clone());
        (ctx.emit)(Event::Waiting {
            component: step.component.clone(),
            object: target.clone(),
            message,
        });
    };
    match wait_for(
        &ctx.cluster,
        &step.wait,
        &want,
        ctx.deadline,
        ctx.options.grace,
        &progress,
    )
    .await
    {
        Ok(()) => Ok((outcome, fingerprint)),
        Err(WaitError::Failed(m)) => Err(StepError::Failed(m)),
        Err(WaitError::TimedOut(m)) => Err(StepError::TimedOut(m)),
    }
}

fn fail(err: ClusterError) -> StepError {
    match err {
        ClusterError::UnknownKind(k) => {
            StepError::TimedOut(format!("the API server does not serve {k} yet"))
        }
        ClusterError::Conflict(_) => StepError::Conflict(format!(
            "{err}; rerun with --force-conflicts to take the fields over"
        )),
        ClusterError::Transient(m) => {
            StepError::TimedOut(format!("still failing at the deadline: {m}"))
        }
        denied if denied.is_denied() => StepError::Denied(denied.to_string()),
        other => StepError::Failed(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_denied_request_ends_the_run_as_denied_not_failed() {
        let forbidden = ClusterError::Forbidden("deployments.apps is forbidden (403)".into());
        assert!(matches!(fail(forbidden), StepError::Denied(m) if m.contains("403")));
        assert!(matches!(
            fail(ClusterError::Invalid("bad".into())),
            StepError::Failed(_)
        ));
    }
}
