-- The defaults of a verification's parameters live in code (each parameter type's
-- Default); `{}` stands for them. The base e-mail and SMS verifications were created with
-- the defaults written out: where nobody has changed them since, they follow the code.
UPDATE verifications SET params = '{}' WHERE id IN ('email', 'sms') AND updated_at = 0;
