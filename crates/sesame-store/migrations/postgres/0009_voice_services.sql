-- Voice services: how an AI voice agent identifies and authenticates a caller. The
-- definition is JSON (identification fields, factors by verification id, input types).
CREATE TABLE voice_services (
    id          TEXT   PRIMARY KEY,
    name        TEXT   NOT NULL,
    definition  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
