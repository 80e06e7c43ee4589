-- The transparency log. log_entry.data are the leaf bytes exactly as hashed (RFC 6962 leaf);
-- log_hash holds every complete subtree hash once, at its stored-hash index (about 2n rows);
-- log_secret is private: the per-entry commitment keys and what they commit to.

CREATE TABLE log_state (
    id   INTEGER PRIMARY KEY,
    size BIGINT NOT NULL
);
INSERT INTO log_state (id, size) VALUES (1, 0);

CREATE TABLE log_entry (
    idx          BIGINT PRIMARY KEY,
    data         BYTEA NOT NULL,
    kind         TEXT NOT NULL,
    at           BIGINT NOT NULL,
    subject_ref  TEXT,
    sealed_until BIGINT,
    revealed_by  BIGINT
);
CREATE INDEX log_entry_subject ON log_entry (subject_ref);
CREATE INDEX log_entry_sealed ON log_entry (sealed_until, revealed_by);

CREATE TABLE log_hash (
    idx  BIGINT PRIMARY KEY,
    hash BYTEA NOT NULL
);

CREATE TABLE log_secret (
    idx           BIGINT PRIMARY KEY,
    details_key   BYTEA,
    details       TEXT,
    public_key    BYTEA,
    public_fields TEXT
);

CREATE TABLE log_checkpoint (
    size       BIGINT PRIMARY KEY,
    root       BYTEA NOT NULL,
    note       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
