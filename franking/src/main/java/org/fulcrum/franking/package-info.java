/**
 * Message franking: verifiable abuse reports from end-to-end encrypted chats. The platform holds no
 * E2E keys and never sees a message unless a recipient reports it; then it can verify that this
 * exact message was sent by that sender in that conversation at that time.
 *
 * <h2>Flow</h2>
 * <ol>
 *   <li>{@link org.fulcrum.franking.Sender#frank Sender.frank}: draws a fresh 32-byte
 *       {@link org.fulcrum.franking.FrankingKey}, computes the {@link org.fulcrum.franking.Commitment}
 *       HMAC-SHA256(franking key, encoded (message, sender id, conversation id)), and seals
 *       {@code franking key ‖ message} with the E2E message key in a key-committing
 *       {@link org.fulcrum.franking.crypto.CommittingAead} envelope whose associated data is the
 *       commitment.</li>
 *   <li>{@link org.fulcrum.franking.Relay#stamp Relay.stamp}: the messenger's server signs the
 *       commitment, the sender it authenticated, the conversation and the delivery time with its
 *       Ed25519 key, producing a {@link org.fulcrum.franking.Stamp}. It sees no plaintext. In format
 *       version 2 ({@link org.fulcrum.franking.Relay#stampFor Relay.stampFor}) the stamp also names the
 *       {@link org.fulcrum.franking.RecipientId} of each delivered copy, under its own label, and the
 *       report carries it as {@code recipient_id}: only that recipient can then report the message
 *       ({@link org.fulcrum.franking.FrankingVerifier#verifyJson(String, String)}).</li>
 *   <li>{@link org.fulcrum.franking.Recipient#open Recipient.open}: decrypts, and shows the message
 *       only if the franking key inside opens the stamped commitment; the
 *       {@link org.fulcrum.franking.Receipt.Accepted} result holds the ready-made
 *       {@link org.fulcrum.franking.FrankingReport}.</li>
 *   <li>{@link org.fulcrum.franking.FrankingVerifier}: the platform checks the stamp against the
 *       relay's registered public key ({@link org.fulcrum.franking.RelayKeyRegistry}) and the
 *       commitment against the revealed message and key. The answer is a
 *       {@link org.fulcrum.franking.Verification} value: verified, or rejected with a
 *       {@link org.fulcrum.franking.RejectReason}.</li>
 * </ol>
 *
 * <h2>Byte formats (version 1)</h2>
 * <pre>
 * lp(x)        = uint32be(length of x) ‖ x             ids are ASCII bytes
 * commitment   = HMAC-SHA256(franking key, lp("fulcrum/franking/v1/commitment") ‖ lp(message)
 *                            ‖ lp(sender id) ‖ lp(conversation id))
 * stamp        = Ed25519(relay key, lp("fulcrum/franking/v1/stamp") ‖ lp(relay key id) ‖ lp(commitment)
 *                        ‖ lp(sender id) ‖ lp(conversation id) ‖ lp(uint64be(timestamp ms)))
 * plaintext    = franking key (32 bytes) ‖ message
 * envelope     = see {@link org.fulcrum.franking.crypto.CommittingAead}, associated data = commitment
 * </pre>
 *
 * <h2>Report JSON (POST /v1/notices/e2e)</h2>
 * <pre>
 * {
 *   "version":         1,
 *   "message":         base64url, unpadded: the message bytes, at most 64 KiB by default,
 *   "franking_key":    base64url, unpadded: 32 bytes,
 *   "commitment":      base64url, unpadded: 32 bytes,
 *   "sender_id":       string: 1 to 128 visible ASCII characters (0x21 to 0x7e),
 *   "conversation_id": string: 1 to 128 visible ASCII characters,
 *   "timestamp_ms":    integer: delivery time as stamped, Unix epoch milliseconds, 0 to 253402300799999,
 *   "relay_key_id":    string: 1 to 64 visible ASCII characters,
 *   "stamp":           base64url, unpadded: the 64-byte Ed25519 signature
 * }
 * </pre>
 * All nine fields are required and no others are allowed. Version 2 has {@code "version": 2} and a
 * tenth field, {@code "recipient_id"}, after {@code conversation_id}; README.md is the full specification. Reading is strict: one object of string
 * and integer values only, no duplicate names, no fractions or exponents or leading zeros, base64url
 * must be canonical (no padding, no stray trailing bits), and lengths are exact. Anything else is
 * {@link org.fulcrum.franking.RejectReason#MALFORMED}, with the field at fault named.
 *
 * <h2>Relay keys</h2>
 * {@link org.fulcrum.franking.RelayKeys} generates Ed25519 key pairs and writes keys as base64 of
 * their raw 32 bytes. A {@link org.fulcrum.franking.RelayKey} carries a signing period: retired keys
 * keep verifying stamps from their period; revoked keys verify nothing.
 *
 * <h2>Errors and limits</h2>
 * Expected outcomes are values ({@link org.fulcrum.franking.Receipt},
 * {@link org.fulcrum.franking.ParsedReport}, {@link org.fulcrum.franking.Verification}); reading
 * untrusted input never throws. Constructors of the value records throw
 * {@link java.lang.IllegalArgumentException} for values no caller should build. A verified report
 * stays verifiable, so the same report can arrive twice: callers deduplicate on the commitment.
 */
package org.fulcrum.franking;
