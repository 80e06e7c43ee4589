-- A session also ends after a quiet spell: when it was last used, kept to the minute.
ALTER TABLE staff_session ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE officer_session ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE staff_session SET last_seen_at = created_at;
UPDATE officer_session SET last_seen_at = created_at;
