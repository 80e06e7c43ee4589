-- Content events committed but not yet scanned by detection. A row is written in the unit that
-- records the event and deleted in the unit that records what scanning it found, so after a crash
-- every committed event is scanned once more if and only if its scan was not recorded.

CREATE TABLE detection_pending (
    event_id    TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
