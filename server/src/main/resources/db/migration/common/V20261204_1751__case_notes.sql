-- Internal notes on a case: reviewers' remarks with tags, and escalations to another queue.
-- Never sent to the platform or the user; kept with the case.
CREATE TABLE case_note (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES review_case (id),
    author       TEXT NOT NULL,
    body         TEXT NOT NULL,
    tags         TEXT NOT NULL DEFAULT '',
    escalated_to TEXT,
    created_at   BIGINT NOT NULL
);
CREATE INDEX case_note_case ON case_note (case_id, created_at);
