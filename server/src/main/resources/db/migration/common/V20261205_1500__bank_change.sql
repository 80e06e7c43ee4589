-- Bank changes as one sequence every node follows: each change to a bank's hashes or settings is a
-- row here, written in the transaction of the change. A node applies its own changes after their
-- commit and the other nodes' by reading the rows past the last one it applied, so a change reaches
-- every node as the hashes added and removed, never as a whole bank to load again.
--
-- seq comes from bank_change_counter, whose row the change updates: the row lock serialises bank
-- changes, so sequence numbers commit in order and without gaps, and a reader that has seen seq n
-- has seen every change before it. A gap a reader finds means rows were pruned past its position.
CREATE TABLE bank_change (
    seq        BIGINT PRIMARY KEY,
    bank_id    TEXT NOT NULL,
    op         TEXT NOT NULL,               -- add | remove (a hash) | settings | drop (the bank)
    type       TEXT,                        -- the hash's type, for add and remove
    hash       TEXT,                        -- the hash, for add and remove
    origin     TEXT NOT NULL,               -- the node process that made the change
    created_at BIGINT NOT NULL
);
CREATE INDEX bank_change_created ON bank_change (created_at);

CREATE TABLE bank_change_counter (
    id   INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO bank_change_counter (id, last) VALUES (1, 0);
