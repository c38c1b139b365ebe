-- Password reset processes. The definition is JSON, parsed and checked by the server.
CREATE TABLE processes (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    definition TEXT    NOT NULL,
    active     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Reset requests: one run of a process for one identity. The request's id is a bearer
-- secret, stored as a keyed digest. user_id is NULL for an identity Sesame does not know
-- (the request then walks the decoy flow); subject is what failures are counted under;
-- agent is the service desk agent who runs the request for a caller, if one does.
CREATE TABLE reset_requests (
    id          INTEGER PRIMARY KEY,
    digest      BLOB    NOT NULL UNIQUE,
    process_id  TEXT    NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
    subject     TEXT    NOT NULL,
    agent       TEXT,
    state       TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX reset_requests_created ON reset_requests (created_at);

-- The verifications of a request: when it was started, the questions posed (JSON ids),
-- and the result
-- (`posed`, `passed` or `failed`).
CREATE TABLE reset_steps (
    reset_id        INTEGER NOT NULL REFERENCES reset_requests (id) ON DELETE CASCADE,
    verification_id TEXT    NOT NULL,
    posed           TEXT,
    posed_at        INTEGER,
    result          TEXT    NOT NULL DEFAULT 'posed',
    PRIMARY KEY (reset_id, verification_id)
);
