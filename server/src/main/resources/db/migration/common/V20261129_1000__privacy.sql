-- Privacy and data lifecycle: legal holds with who, why and until; evidence captured when a hold is
-- placed; retention periods changed by staff; purge runs and what each purged; data subject requests.
-- Times are epoch milliseconds (BIGINT).

-- A legal hold on a subject (an account holds everything about it): set by a preservation order, a
-- moderation decision or legal staff. It overrides every retention rule until it ends, at until_at
-- or when it is released.
CREATE TABLE legal_hold (
    id             TEXT PRIMARY KEY,
    subject_id     TEXT NOT NULL,
    source         TEXT NOT NULL,
    source_ref     TEXT,
    action_id      TEXT,
    instrument     TEXT,
    reason         TEXT NOT NULL,
    placed_by      TEXT NOT NULL,
    placed_at      BIGINT NOT NULL,
    until_at       BIGINT NOT NULL,
    extensions     INTEGER NOT NULL DEFAULT 0,
    released_by    TEXT,
    released_at    BIGINT,
    release_reason TEXT
);
CREATE INDEX legal_hold_subject ON legal_hold (subject_id, until_at);
CREATE INDEX legal_hold_source ON legal_hold (source_ref);
CREATE INDEX legal_hold_action ON legal_hold (action_id);

-- Holds set before holds were recorded here keep their subject's hold_until.
INSERT INTO legal_hold (id, subject_id, source, reason, placed_by, placed_at, until_at)
SELECT 'lh_' || id, id, 'enforcement', 'hold placed before legal holds were recorded', 'system', updated_at, hold_until
FROM subject WHERE hold_until IS NOT NULL;

-- What a hold preserved when it was placed, so a later deletion by the platform loses no evidence.
CREATE TABLE preserved_item (
    id          TEXT PRIMARY KEY,
    hold_id     TEXT NOT NULL REFERENCES legal_hold (id),
    subject_id  TEXT NOT NULL,
    source      TEXT NOT NULL,
    source_key  TEXT NOT NULL,
    body        TEXT NOT NULL,
    captured_at BIGINT NOT NULL
);
CREATE INDEX preserved_item_hold ON preserved_item (hold_id);
CREATE INDEX preserved_item_subject ON preserved_item (subject_id);

-- Retention periods set through the console or API; they take precedence over retention.yaml.
CREATE TABLE retention_setting (
    data_class TEXT PRIMARY KEY,
    period     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);

-- One row per purge run; a run that never finished (the process stopped) has no finished_at.
CREATE TABLE purge_run (
    id          TEXT PRIMARY KEY,
    node        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    started_at  BIGINT NOT NULL,
    finished_at BIGINT,
    purged      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX purge_run_started ON purge_run (started_at);

-- One row per purged batch, written in the transaction that deleted it, with its log entry.
CREATE TABLE purge_record (
    id         TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL,
    data_class TEXT NOT NULL,
    rule       TEXT NOT NULL,
    purged     BIGINT NOT NULL,
    stores     TEXT NOT NULL,
    cutoff     BIGINT NOT NULL,
    log_index  BIGINT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX purge_record_at ON purge_record (at);

-- Data subject requests. account_id is cleared when the account is erased; the digest (SHA-256 of
-- salt and account id) still lets the account holder show which request was theirs.
CREATE TABLE data_subject_request (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    account_id     TEXT,
    account_digest TEXT NOT NULL,
    salt           TEXT NOT NULL,
    requested_by   TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    reason         TEXT,
    detail         TEXT,
    counts         TEXT NOT NULL,
    log_index      BIGINT NOT NULL,
    created_at     BIGINT NOT NULL
);
CREATE INDEX data_subject_request_account ON data_subject_request (account_id);
CREATE INDEX data_subject_request_created ON data_subject_request (created_at);

-- Scans of the purge job, oldest first.
CREATE INDEX retention_subject_content ON subject_content (updated_at);
CREATE INDEX retention_e2e_report ON e2e_report (received_at);
CREATE INDEX retention_e2e_rejection ON e2e_rejection (at);
CREATE INDEX retention_notice ON notice (received_at);
CREATE INDEX retention_account_data ON account_private_data (observed_at);
CREATE INDEX retention_lawful_document ON lawful_document (request_id);
CREATE INDEX retention_log_entry ON log_entry (at);
