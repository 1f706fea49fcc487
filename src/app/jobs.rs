//! Work that can block (Argon2, file writes, content reloads, printing) runs here, off the
//! UI thread. Each job ends in an [`Action`] that the app applies on a later frame.

use std::sync::{Arc, Mutex, mpsc};

use crate::model::Action;

/// A piece of blocking work and the action that reports its result (none when there is
/// nothing to report, such as counts saved without trouble).
pub type Job = Box<dyn FnOnce() -> Option<Action> + Send + 'static>;

/// Hands a finished job's action back to the app and wakes it for a frame.
pub struct Deliver {
    tx: mpsc::Sender<Option<Action>>,
    ctx: Option<egui::Context>,
}

impl Deliver {
    pub fn send(self, action: Option<Action>) {
        // The app may have quit meanwhile; then nobody is waiting for the result.
        if self.tx.send(action).is_ok()
            && let Some(ctx) = &self.ctx
        {
            ctx.request_repaint();
        }
    }
}

/// Runs jobs. The kiosk uses [`Threads`]; tests can use [`Inline`] (the job runs at once)
/// or [`Held`] (the job waits until the test releases it), so no test races a thread.
pub trait Executor: Send + Sync {
    fn run(&self, job: Job, deliver: Deliver);
}

/// One short-lived thread per job.
#[derive(Debug, Default)]
pub struct Threads;

impl Executor for Threads {
    fn run(&self, job: Job, deliver: Deliver) {
        let spawned = std::thread::Builder::new()
            .name("kiosk-job".into())
            .spawn(move || {
                // A job that panics reports nothing, but is still counted as finished.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                deliver.send(result.ok().flatten());
            });
        if let Err(e) = spawned {
            log::error!("could not start a background job: {e}");
        }
    }
}

/// Runs each job at once, on the caller's thread.
#[derive(Debug, Default)]
pub struct Inline;

impl Executor for Inline {
    fn run(&self, job: Job, deliver: Deliver) {
        deliver.send(job());
    }
}

/// Keeps jobs until [`Held::release_all`] runs them: a test can look at the screen while a
/// print or a PIN check is still under way.
#[derive(Clone, Default)]
pub struct Held(Arc<Mutex<Vec<(Job, Deliver)>>>);

impl Held {
    /// How many jobs are waiting.
    pub fn waiting(&self) -> usize {
        self.0.lock().map(|jobs| jobs.len()).unwrap_or_default()
    }

    /// Run every waiting job now, in the order they came.
    pub fn release_all(&self) {
        let jobs = match self.0.lock() {
            Ok(mut jobs) => std::mem::take(&mut *jobs),
            Err(_) => return,
        };
        for (job, deliver) in jobs {
            deliver.send(job());
        }
    }
}

impl Executor for Held {
    fn run(&self, job: Job, deliver: Deliver) {
        if let Ok(mut jobs) = self.0.lock() {
            jobs.push((job, deliver));
        }
    }
}

/// The app's side of the jobs: where results arrive.
pub(crate) struct Jobs {
    executor: Arc<dyn Executor>,
    tx: mpsc::Sender<Option<Action>>,
    rx: mpsc::Receiver<Option<Action>>,
    ctx: Option<egui::Context>,
    running: usize,
}

impl Jobs {
    pub(crate) fn new(executor: Arc<dyn Executor>, ctx: Option<egui::Context>) -> Self {
        let (tx, rx) = mpsc::channel();
        Self {
            executor,
            tx,
            rx,
            ctx,
            running: 0,
        }
    }

    pub(crate) fn set_executor(&mut self, executor: Arc<dyn Executor>) {
        self.executor = executor;
    }

    pub(crate) fn spawn(&mut self, job: Job) {
        self.running += 1;
        let deliver = Deliver {
            tx: self.tx.clone(),
            ctx: self.ctx.clone(),
        };
        self.executor.run(job, deliver);
    }

    /// Results that have arrived since the last call.
    pub(crate) fn finished(&mut self) -> Vec<Action> {
        let done: Vec<Option<Action>> = self.rx.try_iter().collect();
        self.running = self.running.saturating_sub(done.len());
        done.into_iter().flatten().collect()
    }

    /// Jobs started whose result has not been picked up.
    pub(crate) fn running(&self) -> usize {
        self.running
    }
}
