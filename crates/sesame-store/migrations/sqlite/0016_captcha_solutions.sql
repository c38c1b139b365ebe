-- Solved CAPTCHA challenges, each by its digest (the challenge's hex SHA-256, which says
-- nothing secret), kept until a day after the challenge expired so that a solution is
-- accepted once, on any node. A challenge that expired is refused without looking here.
CREATE TABLE captcha_solutions (
    challenge  TEXT    NOT NULL PRIMARY KEY,
    expires_at INTEGER NOT NULL
);
CREATE INDEX captcha_solutions_expires ON captcha_solutions (expires_at);
