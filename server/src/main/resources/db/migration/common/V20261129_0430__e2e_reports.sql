-- Reports from end-to-end encrypted chats (message franking). The reported message is the one
-- plaintext of an E2E chat Fulcrum ever stores, as evidence under its retention class.

CREATE TABLE relay_key (
    id            TEXT PRIMARY KEY,
    public_key    TEXT NOT NULL,
    not_before    BIGINT NOT NULL,
    not_after     BIGINT,
    revoked       INTEGER NOT NULL DEFAULT 0,
    registered_by TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE e2e_report (
    id              TEXT PRIMARY KEY,
    commitment      TEXT NOT NULL UNIQUE,
    reporter_id     TEXT NOT NULL,
    sender_id       TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    message         TEXT NOT NULL,
    category        TEXT NOT NULL,
    relay_key_id    TEXT NOT NULL,
    stamped_at      BIGINT NOT NULL,
    received_at     BIGINT NOT NULL,
    subject_id      TEXT NOT NULL,
    log_index       BIGINT NOT NULL
);
CREATE INDEX e2e_report_reporter ON e2e_report (reporter_id);
CREATE INDEX e2e_report_sender ON e2e_report (sender_id);

CREATE TABLE e2e_rejection (
    id          TEXT PRIMARY KEY,
    reporter_id TEXT NOT NULL,
    reason      TEXT NOT NULL,
    detail      TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX e2e_rejection_reporter ON e2e_rejection (reporter_id, at);
