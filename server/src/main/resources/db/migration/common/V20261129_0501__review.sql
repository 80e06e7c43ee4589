-- Review: queues, routing rules, cases (one open case per subject), decisions and their actions,
-- strikes, statements of reasons (DSA Art. 17), appeals (Art. 20) and SLA alerts.

CREATE TABLE review_queue (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    sla_minutes INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    created_at  BIGINT NOT NULL
);

-- The first rule (by position) whose every given field matches a case routes it to its queue.
CREATE TABLE routing_rule (
    id           TEXT PRIMARY KEY,
    position     INTEGER NOT NULL,
    queue_id     TEXT NOT NULL REFERENCES review_queue (id),
    reason       TEXT,
    category     TEXT,
    source       TEXT,
    subject_kind TEXT,
    language     TEXT,
    country      TEXT,
    created_at   BIGINT NOT NULL
);

CREATE TABLE review_case (
    id               TEXT PRIMARY KEY,
    subject_id       TEXT NOT NULL REFERENCES subject (id),
    subject_kind     TEXT NOT NULL,
    status           TEXT NOT NULL,
    queue_id         TEXT NOT NULL REFERENCES review_queue (id),
    reason           TEXT NOT NULL,
    category         TEXT NOT NULL,
    source           TEXT NOT NULL,
    severity         INTEGER NOT NULL,
    lane             INTEGER NOT NULL,
    audience         BIGINT NOT NULL,
    priority         BIGINT NOT NULL,
    notice_count     INTEGER NOT NULL,
    reporter_count   INTEGER NOT NULL,
    trusted_count    INTEGER NOT NULL,
    first_notice_at  BIGINT NOT NULL,
    last_notice_at   BIGINT NOT NULL,
    due_at           BIGINT NOT NULL,
    sla_breached_at  BIGINT,
    assigned_to      TEXT,
    claimed_at       BIGINT,
    claim_expires_at BIGINT,
    decided_at       BIGINT,
    decision_id      TEXT,
    reopened_from    TEXT,
    created_at       BIGINT NOT NULL
);
-- Duplicate notices fold into the one open case of their subject.
CREATE UNIQUE INDEX review_case_open_subject ON review_case (subject_id) WHERE status = 'open';
CREATE INDEX review_case_queue ON review_case (queue_id, status, priority);
CREATE INDEX review_case_due ON review_case (status, due_at);
CREATE INDEX review_case_decided ON review_case (queue_id, decided_at);

CREATE TABLE case_reporter (
    case_id      TEXT NOT NULL,
    reporter_key TEXT NOT NULL,
    PRIMARY KEY (case_id, reporter_key)
);

CREATE TABLE review_decision (
    id                   TEXT PRIMARY KEY,
    case_id              TEXT,
    subject_id           TEXT NOT NULL REFERENCES subject (id),
    decided_by           TEXT NOT NULL,
    outcome              TEXT NOT NULL,
    ground_kind          TEXT NOT NULL,
    ground               TEXT NOT NULL,
    category             TEXT NOT NULL,
    explanation          TEXT,
    facts                TEXT NOT NULL,
    territorial_scope    TEXT NOT NULL DEFAULT '',
    until_at             BIGINT,
    automated_detection  INTEGER NOT NULL,
    automated_decision   TEXT NOT NULL,
    manifestly_unfounded INTEGER NOT NULL DEFAULT 0,
    source_type          TEXT NOT NULL,
    content_type         TEXT NOT NULL DEFAULT '',
    content_type_other   TEXT,
    reversed_by          TEXT,
    created_at           BIGINT NOT NULL
);
CREATE INDEX review_decision_case ON review_decision (case_id);
CREATE INDEX review_decision_subject ON review_decision (subject_id, created_at);

CREATE TABLE decision_action (
    decision_id TEXT NOT NULL REFERENCES review_decision (id),
    action_id   TEXT NOT NULL,
    PRIMARY KEY (decision_id, action_id)
);

CREATE TABLE strike (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL,
    category    TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    reversed_at BIGINT
);
CREATE INDEX strike_account ON strike (account_id, category, created_at);
CREATE INDEX strike_decision ON strike (decision_id);

CREATE TABLE statement_of_reasons (
    id           TEXT PRIMARY KEY,
    decision_id  TEXT NOT NULL REFERENCES review_decision (id),
    subject_id   TEXT NOT NULL,
    recipient_id TEXT,
    language     TEXT NOT NULL,
    body         TEXT NOT NULL,
    message      TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX statement_decision ON statement_of_reasons (decision_id);

CREATE TABLE appeal (
    id             TEXT PRIMARY KEY,
    decision_id    TEXT NOT NULL REFERENCES review_decision (id),
    appellant_role TEXT NOT NULL,
    appellant_ref  TEXT,
    submitter      TEXT NOT NULL,
    explanation    TEXT NOT NULL,
    language       TEXT NOT NULL,
    status         TEXT NOT NULL,
    assigned_to    TEXT,
    claimed_at     BIGINT,
    outcome        TEXT,
    reason         TEXT,
    decided_by     TEXT,
    decided_at     BIGINT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX appeal_status ON appeal (status, created_at);
CREATE INDEX appeal_decision ON appeal (decision_id);

CREATE TABLE review_alert (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    queue_id        TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    acknowledged_at BIGINT
);
CREATE UNIQUE INDEX review_alert_once ON review_alert (case_id, kind);

-- Default queues and routing: child safety, terrorism and threats to life first; a catch-all last.
INSERT INTO review_queue (id, name, description, sla_minutes, position, created_at) VALUES
    ('q_urgent', 'urgent', 'Child safety, terrorism and threats to life', 60, 1, 0),
    ('q_trusted', 'trusted-flaggers', 'Notices from trusted flaggers and authorities', 720, 2, 0),
    ('q_general', 'general', 'Everything else', 2880, 3, 0);
INSERT INTO routing_rule (id, position, queue_id, reason, category, source, subject_kind, language, country, created_at) VALUES
    ('rr_csam', 10, 'q_urgent', 'csam', NULL, NULL, NULL, NULL, NULL, 0),
    ('rr_grooming', 20, 'q_urgent', 'child_sexual_exploitation', NULL, NULL, NULL, NULL, NULL, 0),
    ('rr_terrorism', 30, 'q_urgent', 'terrorism', NULL, NULL, NULL, NULL, NULL, 0),
    ('rr_threat', 40, 'q_urgent', 'threat_to_life', NULL, NULL, NULL, NULL, NULL, 0),
    ('rr_flagger', 50, 'q_trusted', NULL, NULL, 'trusted_flagger', NULL, NULL, NULL, 0),
    ('rr_authority', 60, 'q_trusted', NULL, NULL, 'authority', NULL, NULL, NULL, 0),
    ('rr_default', 1000000, 'q_general', NULL, NULL, NULL, NULL, NULL, NULL, 0);
