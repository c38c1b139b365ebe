//! The question bank, its translations, and users' hashed answers.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::Row;

use super::SqlStore;
use crate::{AuditEvent, QuestionRecord, QuestionRepository, Result};

#[async_trait]
impl QuestionRepository for SqlStore {
    async fn list_questions(&self) -> Result<Vec<QuestionRecord>> {
        let rows = sqlx::query(
            "SELECT q.id, q.retired, t.language, t.text FROM questions q \
             LEFT JOIN question_texts t ON t.question_id = q.id ORDER BY q.id, t.language",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut questions: Vec<QuestionRecord> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            if questions.last().is_none_or(|q| q.id != id) {
                let retired = row.try_get::<i64, _>("retired")? != 0;
                questions.push(QuestionRecord {
                    id,
                    retired,
                    texts: Vec::new(),
                });
            }
            let language: Option<String> = row.try_get("language")?;
            let text: Option<String> = row.try_get("text")?;
            if let (Some(language), Some(text), Some(question)) =
                (language, text, questions.last_mut())
            {
                question.texts.push((language, text));
            }
        }
        Ok(questions)
    }

    async fn create_question(
        &self,
        texts: &[(String, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO questions (retired, created_at) VALUES (0, $1) RETURNING id",
        )
        .bind(at.as_millis())
        .fetch_one(&mut *tx)
        .await?;
        for (language, text) in texts {
            sqlx::query(
                "INSERT INTO question_texts (question_id, language, text) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(language.as_str())
            .bind(text.as_str())
            .execute(&mut *tx)
            .await?;
        }
        let audit = AuditEvent {
            subject: Some(format!("question:{id}")),
            ..audit.clone()
        };
        Self::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_question(
        &self,
        id: i64,
        texts: &[(String, String)],
        retired: Option<bool>,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let found =
            sqlx::query("UPDATE questions SET retired = COALESCE($2, retired) WHERE id = $1")
                .bind(id)
                .bind(retired.map(i64::from))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        if !found {
            return Ok(false);
        }
        for (language, text) in texts {
            sqlx::query(
                "INSERT INTO question_texts (question_id, language, text) VALUES ($1, $2, $3) \
                 ON CONFLICT (question_id, language) DO UPDATE SET text = excluded.text",
            )
            .bind(id)
            .bind(language.as_str())
            .bind(text.as_str())
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn save_answers(
        &self,
        user_id: i64,
        verification_id: &str,
        answers: &[(i64, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM qa_answers WHERE user_id = $1 AND verification_id = $2")
            .bind(user_id)
            .bind(verification_id)
            .execute(&mut *tx)
            .await?;
        for (question_id, hash) in answers {
            sqlx::query(
                "INSERT INTO qa_answers (user_id, verification_id, question_id, answer_hash) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(verification_id)
            .bind(*question_id)
            .bind(hash.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO enrollments (user_id, verification_id, kind, state, created_at, updated_at) \
             VALUES ($1, $2, 'security_questions', 'active', $3, $3) \
             ON CONFLICT (user_id, verification_id) DO UPDATE SET state = 'active', \
             updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(verification_id)
        .bind(at.as_millis())
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn answers(&self, user_id: i64, verification_id: &str) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT question_id, answer_hash FROM qa_answers \
             WHERE user_id = $1 AND verification_id = $2 ORDER BY question_id",
        )
        .bind(user_id)
        .bind(verification_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("question_id")?, row.try_get("answer_hash")?)))
            .collect()
    }
}
