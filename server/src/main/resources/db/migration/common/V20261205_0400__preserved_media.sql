-- Media preserved as evidence. When a hold is placed, the media of what it preserves are fetched
-- once from the platform's media origin and kept sealed (AES-GCM under the evidence key, which never
-- enters the database; shared_key records only its fingerprint). A fetch still to do, or to retry,
-- is a media_preservation row, so a stop or a platform that is down loses none.
CREATE TABLE preserved_media (
    id           TEXT PRIMARY KEY,
    hold_id      TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    position     INTEGER NOT NULL,
    media_id     TEXT,
    url          TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    key_id       TEXT NOT NULL,
    sealed       BYTEA NOT NULL,
    captured_at  BIGINT NOT NULL
);
CREATE INDEX preserved_media_subject ON preserved_media (subject_id, position);
CREATE INDEX preserved_media_hold ON preserved_media (hold_id);

CREATE TABLE media_preservation (
    id          TEXT PRIMARY KEY,
    hold_id     TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    position    INTEGER NOT NULL,
    media_id    TEXT,
    url         TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     BIGINT NOT NULL,
    last_error  TEXT,
    lease_owner TEXT,
    lease_until BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX media_preservation_due ON media_preservation (next_at);

-- Escalation to a person (a lead or a named moderator), beside escalation to a queue.
ALTER TABLE case_note ADD COLUMN escalated_person TEXT;
CREATE INDEX case_note_person ON case_note (escalated_person, created_at);
