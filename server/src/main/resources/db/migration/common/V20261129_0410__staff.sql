-- Staff accounts, roles with two-admin grants, console sessions, API tokens, audit trail.

CREATE TABLE staff (
    id                   TEXT PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE,
    display_name         TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    totp_secret          TEXT,
    totp_confirmed       INTEGER NOT NULL DEFAULT 0,
    last_totp_step       BIGINT NOT NULL DEFAULT 0,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL
);

CREATE TABLE staff_role (
    staff_id    TEXT NOT NULL REFERENCES staff (id),
    role        TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    approved_by TEXT,
    approved_at BIGINT,
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE staff_session (
    token_hash        TEXT PRIMARY KEY,
    staff_id          TEXT NOT NULL REFERENCES staff (id),
    created_at        BIGINT NOT NULL,
    expires_at        BIGINT NOT NULL,
    second_factor_ok  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE api_token (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    name        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE audit (
    id      TEXT PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT,
    reason  TEXT,
    details TEXT
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_target ON audit (target);

-- Idempotency keys of create endpoints: the first answer is replayed for a retried request.
CREATE TABLE idempotency (
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    request_sha TEXT NOT NULL,
    status      INTEGER NOT NULL,
    response    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
