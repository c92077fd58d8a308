-- Sign-in throttling per email and address pair (see internal/accounts/login.go).
-- refused marks an attempt turned away by a limit before its password was
-- looked at: it counts against the address and the pair that sent it, but
-- not against the account, so nobody can keep an account's owner waiting
-- by hammering it from elsewhere.
ALTER TABLE login_attempts ADD COLUMN refused BOOLEAN NOT NULL DEFAULT FALSE;
DROP INDEX login_attempts_email;
CREATE INDEX login_attempts_email ON login_attempts (email, refused, at);
CREATE INDEX login_attempts_pair ON login_attempts (email, ip, at);
