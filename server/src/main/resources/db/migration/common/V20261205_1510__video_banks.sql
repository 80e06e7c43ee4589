-- Video banks beside image banks. A bank's signal says what media its hashes are taken from: an
-- image bank holds PDQ hashes and digests, a video bank vPDQ hashes and digests of the files.
ALTER TABLE hash_bank ADD COLUMN signal TEXT NOT NULL DEFAULT 'image';   -- image | video

-- The frames of each vPDQ hash a bank holds (bank_hash type 'vpdq', whose hash is the SHA-256 of
-- the frames' lines): one row per hashed frame, in the video's order, with its number, PDQ quality
-- and timestamp as the reference reports them.
CREATE TABLE bank_video_frame (
    bank_id TEXT NOT NULL REFERENCES hash_bank (id) ON DELETE CASCADE,
    video   TEXT NOT NULL,                  -- bank_hash.hash of the vpdq hash
    n       INTEGER NOT NULL,               -- position in the video's frame list, from 0
    frame   BIGINT NOT NULL,                -- frame number in decoding order
    quality INTEGER NOT NULL,               -- PDQ quality, 0-100
    hash    TEXT NOT NULL,                  -- the frame's PDQ, 64 hex digits
    seconds DOUBLE PRECISION NOT NULL,      -- timestamp
    PRIMARY KEY (bank_id, video, n)
);
