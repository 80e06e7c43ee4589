-- Platform integration: subjects and their enforcement state, content events, actions, outbox.
-- Times are epoch milliseconds (BIGINT) so SQLite and PostgreSQL share one schema.

CREATE TABLE subject (
    id                   TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    container_id         TEXT,
    author_id            TEXT,
    country              TEXT,
    language             TEXT,
    audience             BIGINT NOT NULL DEFAULT 0,
    visibility           TEXT NOT NULL DEFAULT 'visible',
    restricted_countries TEXT NOT NULL DEFAULT '',
    labels               TEXT NOT NULL DEFAULT '',
    demoted              INTEGER NOT NULL DEFAULT 0,
    account_status       TEXT NOT NULL DEFAULT 'active',
    suspended_until      BIGINT,
    hold_until           BIGINT,
    deleted_by_platform  INTEGER NOT NULL DEFAULT 0,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX subject_container ON subject (container_id);
CREATE INDEX subject_author ON subject (author_id);
CREATE INDEX subject_kind_updated ON subject (kind, updated_at);

-- A copy of the latest content of a subject (retention class "content copies").
CREATE TABLE subject_content (
    subject_id   TEXT PRIMARY KEY REFERENCES subject (id),
    text_content TEXT,
    media        TEXT NOT NULL DEFAULT '[]',
    updated_at   BIGINT NOT NULL
);

CREATE TABLE content_event (
    event_id    TEXT PRIMARY KEY,
    subject_id  TEXT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    body        TEXT NOT NULL
);
CREATE INDEX content_event_subject ON content_event (subject_id, received_at);
CREATE INDEX content_event_received ON content_event (received_at);

CREATE TABLE enforcement_action (
    id           TEXT PRIMARY KEY,
    subject_id   TEXT NOT NULL REFERENCES subject (id),
    type         TEXT NOT NULL,
    params       TEXT NOT NULL,
    origin       TEXT NOT NULL,
    origin_ref   TEXT,
    reason       TEXT NOT NULL,
    actor        TEXT NOT NULL,
    reverses     TEXT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX enforcement_action_subject ON enforcement_action (subject_id, created_at);

CREATE TABLE outbox (
    action_id       TEXT PRIMARY KEY,
    subject_id      TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    delivered_at    BIGINT,
    last_status     INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (delivered_at, next_attempt_at);
