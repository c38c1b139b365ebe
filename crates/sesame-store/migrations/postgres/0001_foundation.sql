-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL DEFAULT '',
    email         TEXT,
    email_key     TEXT,
    phone         TEXT,
    language      TEXT    NOT NULL DEFAULT 'en',
    status        TEXT    NOT NULL DEFAULT 'active',
    source        TEXT    NOT NULL DEFAULT 'local',
    password_hash TEXT,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX users_email_key ON users (email_key);

CREATE TABLE user_groups (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    group_name TEXT    NOT NULL,
    PRIMARY KEY (user_id, group_name)
);
CREATE INDEX user_groups_group ON user_groups (group_name);

CREATE TABLE enrollments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    verification_id TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    UNIQUE (user_id, verification_id)
);

CREATE TABLE api_keys (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    digest     BYTEA   NOT NULL UNIQUE,
    created_by TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    revoked_at BIGINT 
);

CREATE TABLE sessions (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    digest       BYTEA   NOT NULL UNIQUE,
    source       TEXT,
    created_at   BIGINT  NOT NULL,
    last_seen_at BIGINT  NOT NULL,
    revoked_at   BIGINT 
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE properties (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_by TEXT    NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE attempt_counters (
    scope        TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    failures     BIGINT  NOT NULL,
    locked_until BIGINT ,
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (scope, subject)
);

CREATE TABLE audit_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      BIGINT  NOT NULL,
    actor   TEXT    NOT NULL,
    subject TEXT,
    action  TEXT    NOT NULL,
    result  TEXT    NOT NULL,
    source  TEXT,
    detail  TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
