-- What a person sees of each remembered browser on their account page: since when it has been
-- remembered (kept when a complete sign-in gives it a new cookie), when its cookie was last
-- presented, and its browser and system in a few words (never the whole User-Agent header).
ALTER TABLE trusted_device ADD COLUMN remembered_at BIGINT;
ALTER TABLE trusted_device ADD COLUMN used_at BIGINT;
ALTER TABLE trusted_device ADD COLUMN browser TEXT;
UPDATE trusted_device SET remembered_at = created_at, used_at = created_at;
