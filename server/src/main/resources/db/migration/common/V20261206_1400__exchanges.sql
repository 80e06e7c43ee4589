-- Hash sharing between platforms. A bank an admin publishes serves a signed incremental feed of its
-- hashes added and removed; a bank may follow another platform's feed, pulled with a cursor.

-- The publisher's Ed25519 key, one for the whole deployment: its seed sealed under the evidence key
-- (so every node signs with it and the database alone does not disclose it), made at first use.
CREATE TABLE exchange_key (
    id          INTEGER PRIMARY KEY,            -- always 1
    key_id      TEXT NOT NULL,
    public_key  TEXT NOT NULL,                  -- base64 of the raw 32 bytes
    sealed_seed TEXT NOT NULL,                  -- base64 of the AES-GCM sealed seed
    created_at  BIGINT NOT NULL
);

-- Banks whose feed is served. The feed's entries are written from the moment of the first
-- publication (a snapshot of the bank, then its changes), also while publication is switched off,
-- so a follower's cursor stays valid when it is switched on again.
CREATE TABLE bank_publication (
    bank_id      TEXT PRIMARY KEY,
    published    INTEGER NOT NULL,              -- 1 served, 0 not served
    from_change  BIGINT NOT NULL,               -- the bank_change seq the snapshot reflects
    changed_by   TEXT NOT NULL,
    changed_at   BIGINT NOT NULL
);

-- The feed entries of published banks, numbered by one sequence (a follower's cursor).
CREATE TABLE exchange_feed_entry (
    seq        BIGINT PRIMARY KEY,
    bank_id    TEXT NOT NULL,
    op         TEXT NOT NULL,                   -- add | remove
    type       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    label      TEXT,
    source     TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX exchange_feed_entry_bank ON exchange_feed_entry (bank_id, seq);

-- The feed sequence (its row lock orders writers, so entries commit in sequence order) and how far
-- the bank change sequence has been copied into the feeds.
CREATE TABLE exchange_feed_counter (
    id          INTEGER PRIMARY KEY,
    last        BIGINT NOT NULL,
    change_seq  BIGINT NOT NULL
);
INSERT INTO exchange_feed_counter (id, last, change_seq) VALUES (1, 0, 0);

-- Feeds a local bank follows.
CREATE TABLE exchange (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    bank_id       TEXT NOT NULL,
    feed_url      TEXT NOT NULL,
    remote_bank   TEXT NOT NULL,                -- the publisher bank every batch must name
    public_key    TEXT NOT NULL,                -- the pinned publisher key, base64 of 32 bytes
    sealed_token  TEXT,                         -- the bearer token, sealed like the key's seed
    cursor        BIGINT NOT NULL,
    enabled       INTEGER NOT NULL,
    last_sync_at  BIGINT,
    last_error    TEXT,
    last_error_at BIGINT,
    applied       BIGINT NOT NULL,              -- entries applied since it was made
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

-- Where a shared hash came from: which exchange, when, and what the publisher said of it.
CREATE TABLE exchange_hash (
    bank_id     TEXT NOT NULL,
    type        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    exchange_id TEXT NOT NULL,
    label       TEXT,
    source      TEXT,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (bank_id, type, hash)
);
CREATE INDEX exchange_hash_exchange ON exchange_hash (exchange_id);

-- This platform's opinion of a shared hash: a false positive here, so it does not match locally,
-- whatever later batches of the feed say; the publisher's bank is left alone.
CREATE TABLE exchange_opinion (
    bank_id    TEXT NOT NULL,
    type       TEXT NOT NULL,
    hash       TEXT NOT NULL,
    opinion    TEXT NOT NULL,                   -- false_positive
    reason     TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (bank_id, type, hash)
);
