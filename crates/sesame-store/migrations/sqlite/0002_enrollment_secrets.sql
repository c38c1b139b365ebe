-- Secret material of an enrollment (a PHC hash, or a key id and ciphertext), and when it
-- stops being valid.
ALTER TABLE enrollments ADD COLUMN secret TEXT;
ALTER TABLE enrollments ADD COLUMN expires_at INTEGER;

-- Earlier secrets of a kind (Soft PINs, passwords), newest kept for history rules.
CREATE TABLE secret_history (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX secret_history_user_kind ON secret_history (user_id, kind, id);
