-- The base questions in Spanish. A text is added only where the question still has its
-- seeded English text (so it translates what is asked) and no Spanish text yet (one an
-- administrator gave stays).
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿Cómo se llamaba su primera mascota?'
FROM question_texts en
WHERE en.question_id = 1 AND en.language = 'en' AND en.text = 'What was the name of your first pet?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 1 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿En qué ciudad nació?'
FROM question_texts en
WHERE en.question_id = 2 AND en.language = 'en' AND en.text = 'In what city were you born?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 2 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿Cómo se llamaba su primera escuela?'
FROM question_texts en
WHERE en.question_id = 3 AND en.language = 'en' AND en.text = 'What was the name of your first school?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 3 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿Cuál es el apellido de soltera de su madre?'
FROM question_texts en
WHERE en.question_id = 4 AND en.language = 'en' AND en.text = 'What is your mother''s maiden name?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 4 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿De qué marca era su primer automóvil?'
FROM question_texts en
WHERE en.question_id = 5 AND en.language = 'en' AND en.text = 'What was the make of your first car?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 5 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿En qué calle creció?'
FROM question_texts en
WHERE en.question_id = 6 AND en.language = 'en' AND en.text = 'What street did you grow up on?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 6 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿Cuál era su apodo en la infancia?'
FROM question_texts en
WHERE en.question_id = 7 AND en.language = 'en' AND en.text = 'What was your childhood nickname?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 7 AND es.language = 'es');
INSERT INTO question_texts (question_id, language, text)
SELECT en.question_id, 'es', '¿Cómo se llama su profesora o profesor favorito?'
FROM question_texts en
WHERE en.question_id = 8 AND en.language = 'en' AND en.text = 'What is the name of your favourite teacher?'
  AND NOT EXISTS (SELECT 1 FROM question_texts es WHERE es.question_id = 8 AND es.language = 'es');
