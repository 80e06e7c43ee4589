-- Which frames of a matched video matched which frames of the banked video, recorded in the
-- transaction of the match (detection_match) so reviewers can see where in the video the match lies.
-- One row per query frame that found a banked frame within the bank's frame distance (its nearest).
CREATE TABLE video_match_frame (
    match_id       TEXT NOT NULL,              -- detection_match.id
    n              INTEGER NOT NULL,           -- position among the match's frames, from 0
    subject_id     TEXT NOT NULL,
    bank_id        TEXT NOT NULL,
    video          TEXT NOT NULL,              -- the banked vpdq hash (bank_video_frame.video)
    media_position INTEGER NOT NULL,           -- the item's position in the content's media, from 0
    query_frame    BIGINT NOT NULL,            -- frame number in the matched video, decoding order
    query_seconds  DOUBLE PRECISION NOT NULL,
    bank_frame     BIGINT NOT NULL,            -- frame number in the banked video
    bank_seconds   DOUBLE PRECISION NOT NULL,
    distance       INTEGER NOT NULL,           -- PDQ Hamming distance between the two frames
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (match_id, n)
);
CREATE INDEX video_match_frame_subject ON video_match_frame (subject_id, created_at);
CREATE INDEX video_match_frame_video ON video_match_frame (bank_id, video);
CREATE INDEX video_match_frame_created ON video_match_frame (created_at);
