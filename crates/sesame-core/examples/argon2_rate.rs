//! The baseline of `bench/soft-pin`: how many Soft PIN checks (HMAC with the pepper, then
//! argon2id with the production parameters) this machine does per second on all cores,
//! with no server around them.
//!
//! Usage: `argon2_rate [SECONDS]`; prints one number, checks per second.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sesame_core::secret_hash;

fn main() {
    let seconds: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let pepper = [7u8; 32];
    let stored = match secret_hash::hash(&secret_hash::peppered(&pepper, b"482913")) {
        Ok(stored) => stored,
        Err(e) => {
            eprintln!("cannot hash: {e}");
            std::process::exit(1);
        }
    };
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (done, stop, stored) = (done.clone(), stop.clone(), stored.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let ok =
                        secret_hash::verify(&secret_hash::peppered(&pepper, b"482913"), &stored);
                    assert!(ok, "the PIN must verify");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for worker in workers {
        let _ = worker.join();
    }
    let rate = done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
    println!("{rate:.1}");
}
