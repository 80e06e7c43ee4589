-- Lawful requests: authorities, officers and their keys, signature nonces, requests, decisions,
-- clarifications, call-backs, disclosures with four-eyes approvals, user notices, policy versions,
-- reviewer findings, and the private account data a disclosure may draw on.
-- Times are epoch milliseconds (BIGINT); lists are stored as comma-separated text or JSON.

CREATE TABLE policy_version (
    hash          TEXT PRIMARY KEY,
    principles    TEXT NOT NULL,
    jurisdictions TEXT NOT NULL,
    loaded_at     BIGINT NOT NULL
);

-- A reviewer's finding on a subject: political speech, protest, journalism, or none of these.
CREATE TABLE subject_finding (
    id          TEXT PRIMARY KEY,
    subject_id  TEXT NOT NULL,
    finding     TEXT NOT NULL,
    found_by    TEXT NOT NULL,
    found_at    BIGINT NOT NULL,
    why         TEXT NOT NULL,
    request_id  TEXT
);
CREATE INDEX subject_finding_subject ON subject_finding (subject_id, found_at);

CREATE TABLE agency (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    country        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    jurisdictions  TEXT NOT NULL,
    contact_phone  TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    verified_by    TEXT,
    verified_how   TEXT,
    verified_at    BIGINT
);

CREATE TABLE officer (
    id             TEXT PRIMARY KEY,
    agency_id      TEXT NOT NULL REFERENCES agency (id),
    name           TEXT NOT NULL,
    email          TEXT NOT NULL,
    phone          TEXT NOT NULL,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    totp_secret    TEXT,
    totp_confirmed INTEGER NOT NULL DEFAULT 0,
    last_totp_step BIGINT NOT NULL DEFAULT 0,
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    verified_by    TEXT,
    verified_how   TEXT,
    verified_at    BIGINT
);
CREATE INDEX officer_agency ON officer (agency_id);

-- Officer keys: Ed25519 for signing requests, X25519 for answers encrypted to the officer.
CREATE TABLE officer_key (
    key_id         TEXT PRIMARY KEY,
    officer_id     TEXT NOT NULL REFERENCES officer (id),
    purpose        TEXT NOT NULL,
    public_key     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    revoked_at     BIGINT,
    revoked_by     TEXT,
    revoked_reason TEXT
);
CREATE INDEX officer_key_officer ON officer_key (officer_id, purpose);

CREATE TABLE officer_session (
    token_hash       TEXT PRIMARY KEY,
    officer_id       TEXT NOT NULL REFERENCES officer (id),
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    second_factor_ok INTEGER NOT NULL DEFAULT 0
);

-- Every nonce of an accepted signature, so a replay is refused even after a restart.
CREATE TABLE signature_nonce (
    key_id     TEXT NOT NULL,
    nonce      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (key_id, nonce)
);
CREATE INDEX signature_nonce_created ON signature_nonce (created_at);

CREATE TABLE lawful_request (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL,
    lane             TEXT NOT NULL,
    instrument       TEXT NOT NULL,
    kind             TEXT NOT NULL,
    jurisdiction     TEXT NOT NULL,
    agency_id        TEXT REFERENCES agency (id),
    officer_id       TEXT REFERENCES officer (id),
    key_id           TEXT,
    entered_by       TEXT,
    addressed_to     TEXT,
    entity           TEXT NOT NULL,
    routed_from      TEXT,
    status           TEXT NOT NULL,
    verification     TEXT NOT NULL,
    emergency        INTEGER NOT NULL DEFAULT 0,
    gag_until        BIGINT,
    flags            TEXT NOT NULL DEFAULT '',
    received_at      BIGINT NOT NULL,
    deadline_at      BIGINT NOT NULL,
    paused_at        BIGINT,
    paused_millis    BIGINT NOT NULL DEFAULT 0,
    alerted_at       BIGINT,
    closed_at        BIGINT,
    body             TEXT NOT NULL,
    body_sha256      TEXT NOT NULL,
    auto_executed    INTEGER NOT NULL DEFAULT 0,
    updated_at       BIGINT NOT NULL
);
CREATE INDEX lawful_request_status ON lawful_request (status, deadline_at);
CREATE INDEX lawful_request_agency ON lawful_request (agency_id, received_at);
CREATE INDEX lawful_request_officer ON lawful_request (officer_id, received_at);

CREATE TABLE lawful_target (
    request_id TEXT NOT NULL REFERENCES lawful_request (id),
    seq        INTEGER NOT NULL,
    locator    TEXT NOT NULL,
    subject_id TEXT,
    PRIMARY KEY (request_id, seq)
);
CREATE INDEX lawful_target_subject ON lawful_target (subject_id);

-- Every policy evaluation of a request: the facts it saw, the policy version, the outcome and the trace.
CREATE TABLE lawful_decision (
    id             TEXT PRIMARY KEY,
    request_id     TEXT NOT NULL REFERENCES lawful_request (id),
    outcome        TEXT NOT NULL,
    principle      TEXT,
    policy_version TEXT NOT NULL REFERENCES policy_version (hash),
    facts          TEXT NOT NULL,
    result         TEXT NOT NULL,
    trace          TEXT NOT NULL,
    explanation    TEXT NOT NULL,
    decided_by     TEXT NOT NULL,
    decided_at     BIGINT NOT NULL
);
CREATE INDEX lawful_decision_request ON lawful_decision (request_id, decided_at);

CREATE TABLE lawful_clarification (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES lawful_request (id),
    question    TEXT NOT NULL,
    asked_by    TEXT NOT NULL,
    asked_at    BIGINT NOT NULL,
    answer      TEXT,
    answered_at BIGINT
);
CREATE INDEX lawful_clarification_request ON lawful_clarification (request_id);

CREATE TABLE lawful_callback (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES lawful_request (id),
    contact     TEXT NOT NULL,
    confirmed   INTEGER NOT NULL,
    note        TEXT NOT NULL,
    done_by     TEXT NOT NULL,
    done_at     BIGINT NOT NULL
);

CREATE TABLE disclosure (
    id            TEXT PRIMARY KEY,
    request_id    TEXT NOT NULL REFERENCES lawful_request (id),
    account_ids   TEXT NOT NULL,
    categories    TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    executed_at   BIGINT,
    recipient_key TEXT,
    package       TEXT
);
CREATE INDEX disclosure_request ON disclosure (request_id);

-- Approvals by legal staff: of a disclosure ("disclosure:ID") or of an execution ("execution:ID").
-- One row per approver, so the same person can never count twice.
CREATE TABLE lawful_approval (
    target      TEXT NOT NULL,
    staff_id    TEXT NOT NULL,
    approved_at BIGINT NOT NULL,
    PRIMARY KEY (target, staff_id)
);

-- Private data the platform holds about an account and shares with Fulcrum for lawful disclosure.
-- Never the content of end-to-end encrypted chats: the platform has none to share.
CREATE TABLE account_private_data (
    account_id  TEXT NOT NULL,
    category    TEXT NOT NULL,
    value       TEXT NOT NULL,
    observed_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, category, value, observed_at)
);

-- The notice owed to a user about a request concerning them; held while a gag applies.
CREATE TABLE user_notice (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES lawful_request (id),
    account_id  TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    release_at  BIGINT NOT NULL,
    seq         BIGINT NOT NULL
);
CREATE INDEX user_notice_release ON user_notice (release_at, seq);

-- Portal uploads: documents an officer attaches to a request.
CREATE TABLE lawful_document (
    id          TEXT PRIMARY KEY,
    request_id  TEXT NOT NULL REFERENCES lawful_request (id),
    name        TEXT NOT NULL,
    media_type  TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    content     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
