-- Progress of long-running enforcement work, and operator-initiated sweeps.
--
-- detect_hunt.total: stored content copies when the hunt started, so its progress can be shown
-- as a share (scanned of total).
--
-- review_sweep: one decision applied to every subject a query selects (all posts of a channel,
-- of an author), on the operator's own initiative: no notice and no case per item, but each item
-- still gets its decision citing the ground, its statement of reasons and its log entry. Runs in
-- the background in small units; can be paused, resumed and cancelled. cursor is the last subject
-- id done, so a paused or interrupted sweep resumes after it.

ALTER TABLE detect_hunt ADD COLUMN total BIGINT NOT NULL DEFAULT 0;

CREATE TABLE review_sweep (
    id           TEXT PRIMARY KEY,
    query        TEXT NOT NULL,
    decision     TEXT NOT NULL,
    status       TEXT NOT NULL,             -- running | paused | cancelled | done | failed
    total        BIGINT NOT NULL,
    decided      BIGINT NOT NULL DEFAULT 0,
    skipped      BIGINT NOT NULL DEFAULT 0,
    cursor       TEXT NOT NULL DEFAULT '',
    error        TEXT,
    requested_by TEXT NOT NULL,
    started_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX review_sweep_started ON review_sweep (started_at);

-- What a sweep did to each subject, written with the decision: a sweep resumed after a stop
-- never decides a subject twice.
CREATE TABLE review_sweep_item (
    sweep_id    TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    outcome     TEXT NOT NULL,              -- decided | skipped
    decision_id TEXT,
    reason      TEXT,
    PRIMARY KEY (sweep_id, subject_id)
);
