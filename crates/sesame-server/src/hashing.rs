//! The bounded pool that runs CPU-heavy work (argon2id) off the async workers.
//!
//! At most `workers` jobs run at once on blocking threads; up to `queue_limit` more wait
//! (as cheap async tasks, not threads). Beyond that a job is refused at once with 503
//! `server.busy`, so a flood of sign-ins cannot exhaust memory or starve other requests.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::sync::Semaphore;

use crate::error::AppError;

pub const QUEUE_DEPTH_METRIC: &str = "sesame_hash_pool_queue_depth";

#[derive(Debug)]
pub struct HashPool {
    running: Arc<Semaphore>,
    waiting: AtomicUsize,
    completed: Arc<AtomicU64>,
    queue_limit: usize,
}

impl HashPool {
    pub fn new(workers: usize, queue_limit: usize) -> Self {
        Self {
            running: Arc::new(Semaphore::new(workers.max(1))),
            waiting: AtomicUsize::new(0),
            completed: Arc::new(AtomicU64::new(0)),
            queue_limit,
        }
    }

    /// Runs `job` on a blocking thread once a worker is free.
    pub async fn run<R, F>(&self, job: F) -> Result<R, AppError>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let queued = self.waiting.fetch_add(1, Ordering::SeqCst) + 1;
        if queued > self.queue_limit {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(AppError::busy());
        }
        metrics::gauge!(QUEUE_DEPTH_METRIC).set(queued as f64);
        let permit = self.running.clone().acquire_owned().await;
        let depth = self.waiting.fetch_sub(1, Ordering::SeqCst) - 1;
        metrics::gauge!(QUEUE_DEPTH_METRIC).set(depth as f64);
        let permit = permit.map_err(AppError::internal)?;
        let completed = self.completed.clone();
        tokio::task::spawn_blocking(move || {
            let result = job();
            drop(permit);
            completed.fetch_add(1, Ordering::SeqCst);
            result
        })
        .await
        .map_err(AppError::internal)
    }

    /// Jobs run to the end since start: lets tests see that two paths cost the same work.
    pub fn completed(&self) -> u64 {
        self.completed.load(Ordering::SeqCst)
    }

    pub fn queue_depth(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn runs_at_most_workers_jobs_at_once_and_refuses_past_the_queue() {
        let pool = Arc::new(HashPool::new(2, 3));
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = Arc::new(std::sync::Mutex::new(gate));
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
            tokio::task::yield_now().await;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        assert_eq!(pool.queue_depth(), 3);
        let refused = pool.run(|| ()).await;
        assert!(matches!(refused, Err(ref e) if e.code == "server.busy"));
        for _ in 0..5 {
            let _ = release.send(());
        }
        for job in jobs {
            assert!(matches!(job.await, Ok(Ok(()))));
        }
        assert_eq!(peak.load(Ordering::SeqCst), 2);
        assert_eq!(pool.queue_depth(), 0);
    }
}
