//! The bounded pool that runs CPU-heavy work (argon2id) off the async workers.
//!
//! `workers` dedicated threads take jobs from one queue; up to `queue_limit` jobs may wait.
//! Beyond that a job is refused at once with 503 `server.busy`, so a flood of sign-ins
//! cannot exhaust memory or starve other requests. Dedicated threads (rather than the
//! runtime's blocking pool, which grows to hundreds of threads) also bound memory: each
//! argon2id hash allocates 19 MiB, and the allocator keeps such buffers per thread.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use crate::service::ServiceError;

pub const QUEUE_DEPTH_METRIC: &str = "sesame_hash_pool_queue_depth";

type Job = Box<dyn FnOnce() + Send>;

#[derive(Debug)]
pub struct HashPool {
    sender: Mutex<mpsc::Sender<Job>>,
    /// Jobs queued or running.
    pending: Arc<AtomicUsize>,
    completed: Arc<AtomicU64>,
    workers: usize,
    queue_limit: usize,
}

impl HashPool {
    pub fn new(workers: usize, queue_limit: usize) -> Self {
        let workers = workers.max(1);
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..workers {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("sesame-hash-{index}"))
                .spawn(move || loop {
                    let job = match receiver.lock() {
                        Ok(receiver) => receiver.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return, // The pool was dropped.
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a hashing thread");
            }
        }
        Self {
            sender: Mutex::new(sender),
            pending: Arc::new(AtomicUsize::new(0)),
            completed: Arc::new(AtomicU64::new(0)),
            workers,
            queue_limit,
        }
    }

    /// Runs `job` on a hashing thread and waits for its result.
    pub async fn run<R, F>(&self, job: F) -> Result<R, ServiceError>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let pending = self.pending.fetch_add(1, Ordering::SeqCst) + 1;
        if pending > self.workers + self.queue_limit {
            self.pending.fetch_sub(1, Ordering::SeqCst);
            return Err(ServiceError::busy());
        }
        self.record_depth(pending);
        let (reply, answer) = tokio::sync::oneshot::channel();
        let (pending, completed, workers) =
            (self.pending.clone(), self.completed.clone(), self.workers);
        let wrapped: Job = Box::new(move || {
            // A job that panics fails alone: its caller gets an error, the thread and the
            // pool's counts carry on.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            completed.fetch_add(1, Ordering::SeqCst);
            let left = pending.fetch_sub(1, Ordering::SeqCst) - 1;
            metrics::gauge!(QUEUE_DEPTH_METRIC).set(left.saturating_sub(workers) as f64);
            let _ = reply.send(result);
        });
        let sent = self
            .sender
            .lock()
            .map_err(ServiceError::internal)?
            .send(wrapped);
        if sent.is_err() {
            self.pending.fetch_sub(1, Ordering::SeqCst);
            return Err(ServiceError::internal("the hashing threads have stopped"));
        }
        answer
            .await
            .map_err(ServiceError::internal)?
            .map_err(|_| ServiceError::internal("a hashing job panicked"))
    }

    fn record_depth(&self, pending: usize) {
        metrics::gauge!(QUEUE_DEPTH_METRIC).set(pending.saturating_sub(self.workers) as f64);
    }

    /// Jobs run to the end since start: lets tests see that two paths cost the same work.
    pub fn completed(&self) -> u64 {
        self.completed.load(Ordering::SeqCst)
    }

    /// Jobs waiting for a thread.
    pub fn queue_depth(&self) -> usize {
        self.pending
            .load(Ordering::SeqCst)
            .saturating_sub(self.workers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_panicking_job_fails_alone_and_the_pool_keeps_working() {
        let pool = HashPool::new(1, 4);
        let failed = pool.run(|| -> u32 { panic!("a job gone wrong") }).await;
        assert!(matches!(failed, Err(ServiceError::Internal(_))));
        // The one thread survived and takes the next jobs.
        for n in 0..3u32 {
            assert!(matches!(pool.run(move || n * 2).await, Ok(v) if v == n * 2));
        }
        assert_eq!(pool.queue_depth(), 0);
        assert_eq!(pool.completed(), 4);
    }

    #[tokio::test]
    async fn runs_at_most_workers_jobs_at_once_and_refuses_past_the_queue() {
        let pool = Arc::new(HashPool::new(2, 3));
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (release, gate) = mpsc::channel::<()>();
        let gate = Arc::new(Mutex::new(gate));
        let mut jobs = Vec::new();
        for _ in 0..5 {
            let (pool, running, peak, gate) =
                (pool.clone(), running.clone(), peak.clone(), gate.clone());
            jobs.push(tokio::spawn(async move {
                pool.run(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    let _ = gate.lock().map(|g| g.recv_timeout(Duration::from_secs(5)));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
                .await
            }));
        }
        // Wait until two run and three wait, then one more is refused.
        for _ in 0..500 {
            if pool.queue_depth() == 3 && running.load(Ordering::SeqCst) == 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert_eq!(pool.queue_depth(), 3);
        let refused = pool.run(|| ()).await;
        assert!(matches!(refused, Err(ref e) if e.code() == "server.busy"));
        for _ in 0..5 {
            let _ = release.send(());
        }
        for job in jobs {
            assert!(matches!(job.await, Ok(Ok(()))));
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2);
        assert_eq!(pool.queue_depth(), 0);
        assert_eq!(pool.completed(), 5);
    }
}
