-- Detection: hash banks and their hashes, text and URL rules, the durable record of every match,
-- and retro-hunts over stored content. Times are epoch milliseconds.
--
-- version counts the changes of a bank (or of the rule set, in detect_version): each node keeps
-- banks and rules in memory and reloads what changed when the stored version moves past its own.

CREATE TABLE hash_bank (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    description   TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL,            -- block | allow
    policy        TEXT,                     -- review | remove | remove_preserve_report (block banks)
    reason        TEXT,                     -- notice.Reason (block banks)
    legal_ground  TEXT,
    threshold     INTEGER NOT NULL,         -- PDQ Hamming distance, 0..255
    preserve_days INTEGER NOT NULL,
    enabled       INTEGER NOT NULL,
    hash_count    BIGINT NOT NULL DEFAULT 0,
    hits          BIGINT NOT NULL DEFAULT 0,
    last_hit_at   BIGINT,
    version       BIGINT NOT NULL DEFAULT 1,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- Hashes are lower-case hex: 64 digits for PDQ and SHA-256, 32 for MD5.
CREATE TABLE bank_hash (
    bank_id  TEXT NOT NULL REFERENCES hash_bank (id) ON DELETE CASCADE,
    type     TEXT NOT NULL,                 -- pdq | md5 | sha256
    hash     TEXT NOT NULL,
    label    TEXT,
    source   TEXT,
    added_by TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (bank_id, type, hash)
);

CREATE TABLE detect_rule (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,             -- keywords | regex | domains | condition
    patterns     TEXT NOT NULL,             -- JSON array of terms, expressions or domains
    condition    TEXT,                      -- CEL over the event
    policy       TEXT NOT NULL,
    reason       TEXT NOT NULL,
    legal_ground TEXT,
    mode         TEXT NOT NULL,             -- enforce | dry_run
    enabled      INTEGER NOT NULL,
    hits         BIGINT NOT NULL DEFAULT 0,
    last_hit_at  BIGINT,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE detect_version (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO detect_version (name, version) VALUES ('rules', 1);

-- One row per detector that matched one item: what matched, the evidence, and what was done.
CREATE TABLE detection_match (
    id            TEXT PRIMARY KEY,
    event_id      TEXT,
    subject_id    TEXT NOT NULL,
    detector_kind TEXT NOT NULL,            -- bank | rule | classifier
    detector_id   TEXT NOT NULL,
    detector_name TEXT NOT NULL,
    reason        TEXT,
    policy        TEXT,
    distance      INTEGER,
    evidence      TEXT NOT NULL,            -- JSON
    outcome       TEXT NOT NULL,
    ref           TEXT,
    hunt_id       TEXT,
    created_at    BIGINT NOT NULL
);
CREATE INDEX detection_match_detector ON detection_match (detector_id, created_at);
CREATE INDEX detection_match_subject ON detection_match (subject_id, created_at);
CREATE INDEX detection_match_hunt ON detection_match (hunt_id);
CREATE INDEX detection_match_created ON detection_match (created_at);

CREATE TABLE detect_hunt (
    id           TEXT PRIMARY KEY,
    detector_kind TEXT NOT NULL,
    detector_id  TEXT NOT NULL,
    detector_name TEXT NOT NULL,
    act          INTEGER NOT NULL,
    status       TEXT NOT NULL,             -- running | done | failed
    scanned      BIGINT NOT NULL DEFAULT 0,
    matched      BIGINT NOT NULL DEFAULT 0,
    error        TEXT,
    requested_by TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
