-- What reports count, kept per UTC day once the records they count are purged (reset
-- requests and their steps, voice sessions, audit records). day is whole days since
-- 1970-01-01 UTC, the day the counted thing began; metric names what is counted
-- (reset.started, reset.succeeded, reset.failed, reset.failed_verification by verification
-- id, reset.users_blocked, voice.session.<outcome> by service id, voice.failures by
-- factor); item is what it is counted by, or empty. Reports add these to the records
-- still kept; a purge moves counts here in the transaction that deletes the records.
CREATE TABLE report_totals (
    day    INTEGER NOT NULL,
    metric TEXT    NOT NULL,
    item   TEXT    NOT NULL,
    total  INTEGER NOT NULL,
    PRIMARY KEY (day, metric, item)
);

-- Purges find what expired a day ago by expiry.
CREATE INDEX reset_requests_expires ON reset_requests (expires_at);
CREATE INDEX voice_sessions_expires ON voice_sessions (expires_at);
CREATE INDEX codes_expires ON codes (expires_at);
CREATE INDEX assist_codes_expires ON assist_codes (expires_at);
