-- The client address (its /64 for IPv6) a code was asked for from, on the routes anyone
-- may call: one client's codes of the last 24 hours are counted across every identity.
ALTER TABLE codes ADD COLUMN client_key TEXT;
CREATE INDEX codes_client ON codes (client_key, created_at);
