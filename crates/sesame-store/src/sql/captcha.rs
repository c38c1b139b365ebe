//! Solved CAPTCHA challenges (`captcha_solutions`).

use async_trait::async_trait;
use sesame_core::Timestamp;

use super::SqlStore;
use crate::{CaptchaRepository, Result};

#[async_trait]
impl CaptchaRepository for SqlStore {
    async fn use_captcha_solution(&self, challenge: &str, expires_at: Timestamp) -> Result<bool> {
        // The primary key decides: of two nodes recording the same solution at once, one
        // inserts and the other finds the row there.
        let done = sqlx::query(
            "INSERT INTO captcha_solutions (challenge, expires_at) VALUES ($1, $2) \
             ON CONFLICT (challenge) DO NOTHING",
        )
        .bind(challenge)
        .bind(expires_at.as_millis())
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn purge_captcha_solutions(&self, before: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM captcha_solutions WHERE expires_at < $1")
            .bind(before.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}
