-- A staff member's console preferences: saved queue filters and sort, the media setting
-- (moderator wellness: blurred and grey by default). Keyed by the actor id, one value per name.
CREATE TABLE console_preference (
    actor      TEXT NOT NULL,
    name       TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (actor, name)
);
