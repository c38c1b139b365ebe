-- Caller verification sessions of voice agents. The session id is a bearer secret, stored
-- as a keyed digest. user_id is NULL until a caller is identified (and stays NULL when
-- nobody was). progress is JSON: the factors passed, failures per factor in this call, the
-- challenge being answered, the step-up. version grows with every change, so two nodes
-- answering the same call at once cannot both write.
CREATE TABLE voice_sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    digest      BLOB    NOT NULL UNIQUE,
    service_id  TEXT    NOT NULL,
    caller_id   TEXT,
    language    TEXT,
    user_id     INTEGER REFERENCES users (id) ON DELETE CASCADE,
    state       TEXT    NOT NULL,
    progress    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX voice_sessions_created ON voice_sessions (created_at);

-- Callers are identified by their phone number (E.164).
CREATE INDEX users_phone ON users (phone);
