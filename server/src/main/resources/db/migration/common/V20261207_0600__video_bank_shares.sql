-- A video bank's matching rule: the share of the content's distinct frames that must be found in a
-- banked video, and the share of the banked video's frames found in the content, in percent (1-100).
-- 80 and 80 are the vPDQ defaults; an image bank keeps them unused.
ALTER TABLE hash_bank ADD COLUMN video_query_percent INTEGER NOT NULL DEFAULT 80;
ALTER TABLE hash_bank ADD COLUMN video_banked_percent INTEGER NOT NULL DEFAULT 80;
