/**
 * RFC 6962 / RFC 9162 Merkle trees over SHA-256, stored the way a database keeps them.
 *
 * <p>Every complete subtree hash of the log is stored once, at the position given by {@link
 * org.fulcrum.tlog.merkle.StoredHashIndex}; a log of {@code n} leaves stores {@code 2n -
 * bitCount(n)} hashes. The server keeps them in a table {@code log_hash(idx, hash)} and exposes it
 * through a {@link org.fulcrum.tlog.merkle.HashReader}. {@link org.fulcrum.tlog.merkle.Frontier}
 * appends leaves and yields the new hashes to store; {@link org.fulcrum.tlog.merkle.StoredTree}
 * computes tree heads and proofs reading O(log n) stored hashes; {@link
 * org.fulcrum.tlog.merkle.Proofs} verifies proofs with the algorithms of RFC 9162 §2.1.3.2 and
 * §2.1.4.2. The layout follows the design of Go's {@code golang.org/x/mod/sumdb/tlog}.
 */
package org.fulcrum.tlog.merkle;
