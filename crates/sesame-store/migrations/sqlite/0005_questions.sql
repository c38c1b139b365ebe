-- The question bank: questions with a text per language. A retired question stays valid
-- for users who enrolled with it but cannot be chosen anew.
CREATE TABLE questions (
    id         INTEGER PRIMARY KEY,
    retired    INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE question_texts (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    language    TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    PRIMARY KEY (question_id, language)
);
-- Answers, only as keyed argon2id hashes of the normalised answer.
CREATE TABLE qa_answers (
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    verification_id TEXT    NOT NULL,
    question_id     INTEGER NOT NULL REFERENCES questions (id),
    answer_hash     TEXT    NOT NULL,
    PRIMARY KEY (user_id, verification_id, question_id)
);

-- The base questions, in English and German (ids 1 to 8 in this order).
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO questions (retired, created_at) VALUES (0, 0);
INSERT INTO question_texts (question_id, language, text) VALUES (1, 'en', 'What was the name of your first pet?'), (1, 'de', 'Wie hieß Ihr erstes Haustier?');
INSERT INTO question_texts (question_id, language, text) VALUES (2, 'en', 'In what city were you born?'), (2, 'de', 'In welcher Stadt wurden Sie geboren?');
INSERT INTO question_texts (question_id, language, text) VALUES (3, 'en', 'What was the name of your first school?'), (3, 'de', 'Wie hieß Ihre erste Schule?');
INSERT INTO question_texts (question_id, language, text) VALUES (4, 'en', 'What is your mother''s maiden name?'), (4, 'de', 'Wie lautet der Geburtsname Ihrer Mutter?');
INSERT INTO question_texts (question_id, language, text) VALUES (5, 'en', 'What was the make of your first car?'), (5, 'de', 'Welche Marke hatte Ihr erstes Auto?');
INSERT INTO question_texts (question_id, language, text) VALUES (6, 'en', 'What street did you grow up on?'), (6, 'de', 'In welcher Straße sind Sie aufgewachsen?');
INSERT INTO question_texts (question_id, language, text) VALUES (7, 'en', 'What was your childhood nickname?'), (7, 'de', 'Wie war Ihr Spitzname als Kind?');
INSERT INTO question_texts (question_id, language, text) VALUES (8, 'en', 'What is the name of your favourite teacher?'), (8, 'de', 'Wie heißt Ihre Lieblingslehrerin oder Ihr Lieblingslehrer?');
