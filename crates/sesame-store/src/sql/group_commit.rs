//! Group commit on SQLite: issuing codes, and settling attempts.
//!
//! SQLite has one writer, and every commit waits for the disk. Codes are issued and cheap
//! answers (app codes) checked at a high rate, so concurrent ones are gathered and written
//! together in one transaction with one commit. A caller hears back only after the
//! commit; if a batch fails, its members are written one at a time, so one bad member
//! cannot fail the others.
//!
//! Codes: one batch of statements (one round trip to the connection's thread) for up to
//! [`MAX_BATCH`] codes. Each code keeps its own rules inside the batch (cooldown, daily
//! caps), checked in order, so the outcome is the one writing them one by one would give.
//! The binds, the daily window and the reading of a refusal are shared with the code
//! repository and live in `sql/codes.rs`; this module uses them, and the SQL code never
//! reaches in here beyond the [`CodeWriter`] that [`crate::SqlStore`] owns.
//!
//! Attempts: [`AttemptSettler`] runs up to [`MAX_SETTLE_BATCH`] attempts in order in one
//! transaction, each exactly as it would run alone (`counters::settle_on`), so the one
//! writer's order is the order of the attempts.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Executor, Row};
use tokio::sync::{mpsc, oneshot};

use super::codes::{bind_record, refusal, DAY_MILLIS};
use super::counters::settle_on;
use crate::{AttemptOutcome, AuditEvent, IssueCode, Issued, Result, SettleAttempt, StoreError};

/// The most codes written in one transaction.
const MAX_BATCH: usize = 16;
/// The most attempts settled in one transaction.
const MAX_SETTLE_BATCH: usize = 64;
/// Parameters per code in a batch.
const PARAMS: usize = 25;

/// The statements that issue one code, with parameters numbered from `$(base + 1)`. The
/// code is inserted only within its binding's cooldown and the daily caps of its key and
/// its client; its audit record only if it was (`changes()` of the statement before); the
/// next statement reports whether it was (the audit insert changed a row exactly when the
/// code insert did) and, if not, the limits that stopped it; then its message, if it was
/// and has one (a decoy has none).
fn statements(base: usize) -> String {
    let p = |n: usize| format!("${}", base + n);
    // No quota row is needed here: the one writer already serialises every issue.
    let last = format!(
        "(SELECT created_at FROM codes WHERE binding = {} ORDER BY id DESC LIMIT 1)",
        p(3)
    );
    let in_day = format!(
        "FROM codes WHERE quota_key = {} AND created_at > {}",
        p(4),
        p(23)
    );
    // A null client key (off the public routes) matches nothing and counts 0.
    let client_in_day = format!(
        "FROM codes WHERE client_key = {} AND created_at > {}",
        p(21),
        p(23)
    );
    format!(
        "INSERT INTO codes (user_id, verification_id, binding, quota_key, destination, digest, \
           created_at, expires_at, max_attempts, client_key) \
           SELECT {p1}, {p2}, {p3}, {p4}, {p5}, {p6}, {p7}, {p8}, {p9}, {p21} \
           WHERE COALESCE(MIN({last}, {p7}) + {p22}, 0) <= {p7} AND (SELECT COUNT(*) {in_day}) < {p24} \
             AND (SELECT COUNT(*) {client_in_day}) < {p25}; \
         INSERT INTO audit_log (at, actor, subject, action, result, source, detail) \
           SELECT {p14}, {p15}, {p16}, {p17}, {p18}, {p19}, {p20} WHERE changes() = 1; \
         SELECT changes() AS inserted, \
           CASE WHEN changes() = 0 THEN {last} END AS last, \
           CASE WHEN changes() = 0 THEN (SELECT COUNT(*) {in_day}) END AS issued, \
           CASE WHEN changes() = 0 THEN (SELECT MIN(created_at) {in_day}) END AS oldest, \
           CASE WHEN changes() = 0 THEN (SELECT COUNT(*) {client_in_day}) END AS client_issued, \
           CASE WHEN changes() = 0 THEN (SELECT MIN(created_at) {client_in_day}) END \
             AS client_oldest; \
         INSERT INTO outbox (channel, destination, sealed, purpose, state, next_attempt_at, created_at) \
           SELECT {p10}, {p11}, {p12}, {p13}, 'queued', {p7}, {p7} \
           WHERE changes() = 1 AND {p10} IS NOT NULL; ",
        p1 = p(1),
        p2 = p(2),
        p3 = p(3),
        p4 = p(4),
        p5 = p(5),
        p6 = p(6),
        p7 = p(7),
        p8 = p(8),
        p9 = p(9),
        p10 = p(10),
        p11 = p(11),
        p12 = p(12),
        p13 = p(13),
        p14 = p(14),
        p15 = p(15),
        p16 = p(16),
        p17 = p(17),
        p18 = p(18),
        p19 = p(19),
        p20 = p(20),
        p21 = p(21),
        p22 = p(22),
        p24 = p(24),
        p25 = p(25),
    )
}

struct Job {
    code: IssueCode,
    audit: AuditEvent,
    reply: oneshot::Sender<Result<Issued>>,
}

/// The queue of codes waiting to be written; cheap to clone.
#[derive(Debug, Clone)]
pub struct CodeWriter {
    jobs: mpsc::UnboundedSender<Job>,
}

impl CodeWriter {
    /// Starts the task that writes queued codes through `writer` (SQLite's one writing
    /// connection). It ends when every `CodeWriter` is dropped.
    pub fn start(writer: AnyPool) -> Self {
        let (jobs, mut queue) = mpsc::unbounded_channel::<Job>();
        // The batch of statements for each number of codes, written out once.
        let batches: Vec<String> = (1..=MAX_BATCH).map(batch_sql).collect();
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                write(&writer, &batches, batch).await;
            }
        });
        Self { jobs }
    }

    pub async fn issue(&self, code: &IssueCode, audit: &AuditEvent) -> Result<Issued> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            code: code.clone(),
            audit: audit.clone(),
            reply,
        };
        let closed = || StoreError::Database(sqlx::Error::PoolClosed);
        self.jobs.send(job).map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

async fn write(writer: &AnyPool, batches: &[String], batch: Vec<Job>) {
    match run(writer, batches, &batch).await {
        Ok(outcomes) => {
            for (job, outcome) in batch.into_iter().zip(outcomes) {
                let _ = job.reply.send(Ok(outcome));
            }
        }
        Err(_) if batch.len() > 1 => {
            // Find the one at fault: each on its own.
            for job in batch {
                let outcome = run(writer, batches, std::slice::from_ref(&job)).await;
                let _ = job.reply.send(outcome.map(|mut o| o.remove(0)));
            }
        }
        Err(e) => {
            for job in batch {
                let _ = job
                    .reply
                    .send(Err(StoreError::Database(sqlx::Error::Protocol(
                        e.to_string(),
                    ))));
            }
        }
    }
}

/// The statements that issue `codes` codes in one transaction.
fn batch_sql(codes: usize) -> String {
    let mut sql = String::from("BEGIN IMMEDIATE; ");
    for index in 0..codes {
        sql.push_str(&statements(index * PARAMS));
    }
    sql.push_str("COMMIT");
    sql
}

/// Writes a batch in one transaction (`batches[n - 1]` holds the statements for `n`
/// codes); the outcome of each code, in order.
async fn run(writer: &AnyPool, batches: &[String], batch: &[Job]) -> Result<Vec<Issued>> {
    let mut query = sqlx::query(&batches[batch.len() - 1]);
    for job in batch {
        let (code, audit) = (&job.code, &job.audit);
        let now = code.created_at.as_millis();
        query = bind_record(query, code, audit)
            .bind(i64::from(code.cooldown_seconds) * 1000)
            .bind(now - DAY_MILLIS)
            .bind(i64::from(code.daily_limit))
            .bind(
                code.client
                    .as_ref()
                    .map_or(i64::MAX, |c| i64::from(c.daily_limit)),
            );
    }
    let mut conn = writer.acquire().await?;
    let rows = match query.fetch_all(&mut *conn).await {
        Ok(rows) => rows,
        Err(e) => {
            // A batch that failed part way leaves its transaction open.
            let _ = conn.execute("ROLLBACK").await;
            return Err(e.into());
        }
    };
    if rows.len() != batch.len() {
        return Err(StoreError::Database(sqlx::Error::Protocol(format!(
            "{} outcomes for {} codes",
            rows.len(),
            batch.len()
        ))));
    }
    batch
        .iter()
        .zip(&rows)
        .map(|(job, row)| outcome(&job.code, row))
        .collect()
}

fn outcome(code: &IssueCode, row: &AnyRow) -> Result<Issued> {
    if row.try_get::<i64, _>("inserted")? == 1 {
        return Ok(Issued::Accepted);
    }
    refusal(code, row)?.ok_or_else(|| {
        StoreError::Database(sqlx::Error::Protocol(
            "a code was neither issued nor refused".into(),
        ))
    })
}

struct Attempt {
    attempt: SettleAttempt,
    reply: oneshot::Sender<Result<Vec<AttemptOutcome>>>,
}

/// The queue of attempts waiting to be settled; cheap to clone.
#[derive(Clone)]
pub struct AttemptSettler {
    attempts: mpsc::UnboundedSender<Attempt>,
}

impl std::fmt::Debug for AttemptSettler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AttemptSettler")
    }
}

impl AttemptSettler {
    /// Starts the task that settles queued attempts through `writer` (SQLite's one writing
    /// connection). It ends when every `AttemptSettler` is dropped.
    pub fn start(writer: AnyPool) -> Self {
        let (attempts, mut queue) = mpsc::unbounded_channel::<Attempt>();
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_SETTLE_BATCH {
                    match queue.try_recv() {
                        Ok(attempt) => batch.push(attempt),
                        Err(_) => break,
                    }
                }
                settle_batch(&writer, batch).await;
            }
        });
        Self { attempts }
    }

    pub async fn settle(&self, attempt: &SettleAttempt) -> Result<Vec<AttemptOutcome>> {
        let (reply, answer) = oneshot::channel();
        let closed = || StoreError::Database(sqlx::Error::PoolClosed);
        self.attempts
            .send(Attempt {
                attempt: attempt.clone(),
                reply,
            })
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

async fn settle_batch(writer: &AnyPool, batch: Vec<Attempt>) {
    match settle_all(writer, &batch).await {
        Ok(outcomes) => {
            for (attempt, outcome) in batch.into_iter().zip(outcomes) {
                let _ = attempt.reply.send(Ok(outcome));
            }
        }
        Err(e) if batch.len() == 1 => {
            if let Some(attempt) = batch.into_iter().next() {
                let _ = attempt.reply.send(Err(e));
            }
        }
        Err(_) => {
            // Find the one at fault: each on its own.
            for attempt in batch {
                let outcome = settle_all(writer, std::slice::from_ref(&attempt)).await;
                let _ = attempt.reply.send(outcome.map(|mut o| o.remove(0)));
            }
        }
    }
}

/// Settles `batch` in order in one transaction; the outcomes of each, in order.
async fn settle_all(writer: &AnyPool, batch: &[Attempt]) -> Result<Vec<Vec<AttemptOutcome>>> {
    let mut conn = writer.acquire().await?;
    conn.execute("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for attempt in batch {
        match settle_on(&mut conn, &attempt.attempt).await {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => {
                let _ = conn.execute("ROLLBACK").await;
                return Err(e);
            }
        }
    }
    if let Err(e) = conn.execute("COMMIT").await {
        let _ = conn.execute("ROLLBACK").await;
        return Err(e.into());
    }
    Ok(outcomes)
}
