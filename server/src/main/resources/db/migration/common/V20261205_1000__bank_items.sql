-- Bank items: the media item a banked hash was taken from. Several hashes of one item (its PDQ and
-- its MD5) share an item id; a hash added alone is an item of its own. Item ids are the integer
-- content ids of the hash-matching API that Meta's Hasher-Matcher-Actioner clients speak.
ALTER TABLE bank_hash ADD COLUMN item_id BIGINT;

UPDATE bank_hash SET item_id = n.rn
FROM (SELECT bank_id, type, hash, ROW_NUMBER() OVER (ORDER BY added_at, bank_id, type, hash) AS rn
      FROM bank_hash) AS n
WHERE n.bank_id = bank_hash.bank_id AND n.type = bank_hash.type AND n.hash = bank_hash.hash;

CREATE INDEX bank_hash_item ON bank_hash (item_id);

-- What a client said of an item: an optional note (at most 255 characters), optional metadata (a
-- JSON object: its own content id and URI, and free JSON), and until when matching it is switched off.
CREATE TABLE bank_item (
    id             BIGINT PRIMARY KEY,
    bank_id        TEXT NOT NULL REFERENCES hash_bank (id) ON DELETE CASCADE,
    note           TEXT,
    metadata       TEXT,
    disabled_until BIGINT NOT NULL DEFAULT 0,
    updated_at     BIGINT NOT NULL
);

-- The next item id: one row, advanced by the number of ids a change reserves.
CREATE TABLE bank_item_counter (
    id   INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO bank_item_counter (id, last) SELECT 1, COALESCE(MAX(item_id), 0) FROM bank_hash;

-- The share of lookups a bank takes part in through the hash-matching API (1: every lookup);
-- a bank without a row takes part in all.
CREATE TABLE bank_match_ratio (
    bank_id TEXT PRIMARY KEY REFERENCES hash_bank (id) ON DELETE CASCADE,
    ratio   DOUBLE PRECISION NOT NULL
);
