-- A reset request takes several wrong answers before it fails
-- (password_reset.max_wrong_answers); this counts them.
ALTER TABLE reset_requests ADD COLUMN wrong_answers BIGINT NOT NULL DEFAULT 0;
