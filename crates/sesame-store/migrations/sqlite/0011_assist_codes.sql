-- Codes a service desk agent has Sesame make for a caller during one conversation, sent by
-- SMS or handed back once to the agent's application. Stored only as keyed digests; a new
-- code in a conversation voids the older ones (used_at). Retries per conversation and
-- failures per user are counted in attempt_counters (scopes assist.conversation and
-- assist.user); issuing locks the code_quotas row 'assist', so the rate limits per agent
-- and overall hold across nodes.
CREATE TABLE assist_codes (
    id           INTEGER PRIMARY KEY,
    code_id      TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    agent        TEXT    NOT NULL,
    conversation TEXT    NOT NULL,
    digest       BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      INTEGER
);
CREATE INDEX assist_codes_conversation ON assist_codes (user_id, conversation, created_at);
CREATE INDEX assist_codes_agent ON assist_codes (agent, created_at);
CREATE INDEX assist_codes_created ON assist_codes (created_at);
