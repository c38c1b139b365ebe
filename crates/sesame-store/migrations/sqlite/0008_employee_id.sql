-- An optional employee number per user, unique when set: callers give it on the phone.
ALTER TABLE users ADD COLUMN employee_id TEXT;
CREATE UNIQUE INDEX users_employee_id ON users (employee_id) WHERE employee_id IS NOT NULL;
