-- One credentials capability for staff and officers: throttled sign-in instead of a permanent
-- lockout, bounded second-factor attempts per half-signed session, and officers' one-time passwords.

-- Failed sign-in attempts per key (account, account and address, address, second factor). A key
-- whose blocked_until lies ahead refuses attempts until then; failures restart after a quiet hour.
CREATE TABLE sign_in_throttle (
    throttle_key  TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    blocked_until BIGINT NOT NULL,
    last_failure  BIGINT NOT NULL
);

ALTER TABLE staff_session ADD COLUMN code_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE officer_session ADD COLUMN code_attempts INTEGER NOT NULL DEFAULT 0;

-- A password given by legal staff is a one-time password; officers who never signed in get one.
ALTER TABLE officer ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
UPDATE officer SET must_change_password = 1 WHERE totp_confirmed = 0;
