-- Verifications: configured instances of a verification type. The base system's seven
-- have fixed ids; parameters are JSON, checked by the server for their type.
CREATE TABLE verifications (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    params     TEXT    NOT NULL,
    active     BIGINT  NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
INSERT INTO verifications (id, name, kind, params, active, created_at, updated_at) VALUES
 ('qa', 'QA verification', 'security_questions', '{}', 1, 0, 0),
 ('email', 'Email verification', 'email_code',
  '{"length":6,"expiry_minutes":10,"resend_cooldown_seconds":120,"daily_limit":10,"max_attempts":5,"allowed_domains":[]}', 1, 0, 0),
 ('sms', 'SMS verification', 'sms_code',
  '{"length":6,"expiry_minutes":5,"resend_cooldown_seconds":120,"daily_limit":10,"max_attempts":5,"allowed_country_codes":[]}', 1, 0, 0),
 ('authenticator', 'Authenticator verification', 'authenticator', '{}', 1, 0, 0),
 ('confirm_email', 'Personal Data — Confirm Email Address', 'personal_data_confirmation', '{}', 1, 0, 0),
 ('enter_username', 'Personal Data — Enter User Name', 'personal_data', '{}', 1, 0, 0),
 ('soft_pin', 'Soft PIN Verification', 'soft_pin', '{}', 1, 0, 0);

-- Where a code-based enrollment sends its codes (an e-mail address or E.164 number).
ALTER TABLE enrollments ADD COLUMN destination TEXT;

-- One-time codes, stored only as keyed digests.
CREATE TABLE codes (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    verification_id TEXT    NOT NULL,
    binding         TEXT    NOT NULL,
    quota_key       TEXT    NOT NULL,
    destination     TEXT    NOT NULL,
    digest          BYTEA   NOT NULL,
    created_at      BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    attempts        BIGINT  NOT NULL DEFAULT 0,
    max_attempts    BIGINT  NOT NULL,
    used_at         BIGINT
);
CREATE INDEX codes_binding ON codes (binding, id);
CREATE INDEX codes_quota ON codes (quota_key, created_at);

-- One row per quota key; issuing a code locks it, so caps hold across nodes.
CREATE TABLE code_quotas (
    quota_key  TEXT    PRIMARY KEY,
    touched_at BIGINT  NOT NULL
);

-- Messages accepted for delivery. The content is sealed (AEAD) and erased once sent.
CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel         TEXT    NOT NULL,
    destination     TEXT    NOT NULL,
    sealed          BYTEA,
    purpose         TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    attempts        BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    lease_until     BIGINT,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    sent_at         BIGINT 
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
