-- The last time step an authenticator code was accepted at, so no code works twice.
ALTER TABLE enrollments ADD COLUMN last_used_step BIGINT;
