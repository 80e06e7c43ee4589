-- Notices (DSA Art. 16) from every source, their items, trusted flaggers (Art. 22), reporter
-- standing (Art. 23) and child-safety / Art. 18 reporting tasks.

CREATE TABLE trusted_flagger (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    expertise     TEXT NOT NULL,
    designated_by TEXT NOT NULL,
    country       TEXT,
    contact_email TEXT,
    status        TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE notice (
    id              TEXT PRIMARY KEY,
    source          TEXT NOT NULL,
    submitter       TEXT NOT NULL,
    flagger_id      TEXT,
    reporter_key    TEXT,
    priority_lane   INTEGER NOT NULL DEFAULT 0,
    reason          TEXT NOT NULL,
    category        TEXT NOT NULL,
    explanation     TEXT,
    legal_ground    TEXT,
    country         TEXT,
    language        TEXT,
    notifier_name   TEXT,
    notifier_email  TEXT,
    good_faith      INTEGER NOT NULL DEFAULT 0,
    art16_complete  INTEGER NOT NULL DEFAULT 0,
    external_ref    TEXT,
    item_count      INTEGER NOT NULL,
    received_at     BIGINT NOT NULL
);
CREATE INDEX notice_flagger ON notice (flagger_id, received_at);
CREATE INDEX notice_submitter ON notice (submitter, received_at);

-- One row per item a notice names; the outcome is set when the item's case is decided.
CREATE TABLE notice_item (
    notice_id    TEXT NOT NULL REFERENCES notice (id),
    idx          INTEGER NOT NULL,
    subject_id   TEXT NOT NULL,
    locator      TEXT,
    case_id      TEXT NOT NULL,
    reporter_key TEXT,
    outcome      TEXT NOT NULL DEFAULT 'pending',
    decided_at   BIGINT,
    PRIMARY KEY (notice_id, idx)
);
CREATE INDEX notice_item_case ON notice_item (case_id);
CREATE INDEX notice_item_reporter ON notice_item (reporter_key, outcome);

-- DSA Art. 23 standing of a notifier: warnings and suspensions from the processing of notices.
CREATE TABLE reporter_standing (
    reporter_key    TEXT PRIMARY KEY,
    warnings        INTEGER NOT NULL DEFAULT 0,
    last_warned_at  BIGINT,
    suspensions     INTEGER NOT NULL DEFAULT 0,
    suspended_until BIGINT,
    counted_from    BIGINT NOT NULL DEFAULT 0,
    updated_at      BIGINT NOT NULL
);

CREATE TABLE reporter_measure (
    id           TEXT PRIMARY KEY,
    reporter_key TEXT NOT NULL,
    kind         TEXT NOT NULL,
    until_at     BIGINT,
    unfounded    INTEGER NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX reporter_measure_key ON reporter_measure (reporter_key, created_at);

-- Reports owed to a hotline (NCMEC CyberTipline, national hotlines) and DSA Art. 18 notifications.
CREATE TABLE safety_task (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    case_id      TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    country      TEXT,
    authority    TEXT NOT NULL,
    due_at       BIGINT NOT NULL,
    status       TEXT NOT NULL,
    reference    TEXT,
    created_at   BIGINT NOT NULL,
    completed_at BIGINT,
    completed_by TEXT
);
CREATE UNIQUE INDEX safety_task_once ON safety_task (case_id, kind);
CREATE INDEX safety_task_status ON safety_task (status, due_at);
