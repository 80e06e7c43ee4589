-- Lawful requests refused before anything of them was stored: a signature that does not hold, a
-- request signed for another deployment, an officer filing for a jurisdiction its agency does not
-- cover. Kept in the database so every node sees them and a restart loses none; purged under the
-- rejected_requests retention class. No body is kept, only its SHA-256 to recognise a resend.
CREATE TABLE lawful_rejection (
    id              TEXT PRIMARY KEY,
    at              BIGINT NOT NULL,
    reason          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    lane            TEXT NOT NULL,
    jurisdiction    TEXT NOT NULL,
    agency_id       TEXT,
    officer_id      TEXT,
    key_id          TEXT,
    address         TEXT,
    method          TEXT NOT NULL,
    path            TEXT NOT NULL,
    body_sha256     TEXT NOT NULL,
    log_entry       BIGINT
);
CREATE INDEX lawful_rejection_at ON lawful_rejection (at);
