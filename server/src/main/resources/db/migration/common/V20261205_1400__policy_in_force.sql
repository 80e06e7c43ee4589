-- The policy in force, shared by every node: each row puts a stored version in force, the row
-- with the highest seq is the one that applies. Nodes poll the highest seq and switch when it moves,
-- so a reload on one node is in force on all. Empty until a node first starts (it seeds the table
-- from its policy files).
CREATE TABLE policy_in_force (
    seq     BIGINT PRIMARY KEY,
    hash    TEXT NOT NULL REFERENCES policy_version (hash),
    actor   TEXT NOT NULL,
    since   BIGINT NOT NULL
);
