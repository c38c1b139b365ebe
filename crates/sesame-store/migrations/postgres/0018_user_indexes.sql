-- Deleting a user deletes their codes, reset requests and voice sessions (ON DELETE
-- CASCADE): without these the deletion reads each table whole.
CREATE INDEX codes_user ON codes (user_id);
CREATE INDEX reset_requests_user ON reset_requests (user_id);
CREATE INDEX voice_sessions_user ON voice_sessions (user_id);
