-- When the expiry reminder of an enrollment (a Soft PIN) went out; a new secret clears it.
ALTER TABLE enrollments ADD COLUMN reminded_at INTEGER;
