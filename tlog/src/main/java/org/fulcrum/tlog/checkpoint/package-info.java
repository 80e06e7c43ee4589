/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the signed tree head of the log.
 *
 * <p>A checkpoint body is the origin line, the tree size in decimal, the base64 root hash, and
 * optional extension lines; it is the text of a signed note. {@link
 * org.fulcrum.tlog.checkpoint.Checkpoint} formats and parses the body; {@link
 * org.fulcrum.tlog.checkpoint.SignedCheckpoint} signs it with the log's key, adds witness
 * cosignatures (C2SP tlog-cosignature), and opens signed checkpoints against a log key and a set
 * of trusted cosigners.
 */
package org.fulcrum.tlog.checkpoint;
