-- Sign-in throttling per email and address pair (see internal/accounts/login.go).
-- refused_by says why an attempt was turned away before its password was
-- looked at: 'block' (its pair or client address had too many failures)
-- counts against that pair and address like a failure, so a script that
-- keeps guessing stays blocked; 'delay' (its email address must wait)
-- counts against nothing, so nobody can keep an account's owner waiting,
-- nor get the owner blocked for trying while they wait. '' is an attempt
-- whose password was checked.
ALTER TABLE login_attempts ADD COLUMN refused_by TEXT NOT NULL DEFAULT '';
DROP INDEX login_attempts_email;
CREATE INDEX login_attempts_email ON login_attempts (email, refused_by, at);
CREATE INDEX login_attempts_pair ON login_attempts (email, ip, at);
