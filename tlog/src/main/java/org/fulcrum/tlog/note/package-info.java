/**
 * C2SP signed notes (https://c2sp.org/signed-note) and the keys that sign and verify them.
 *
 * <p>A signed note is a UTF-8 text ending in a newline, a blank line, and one or more lines
 * {@code — <key name> base64(key ID || signature)}. This package parses and formats notes ({@link
 * org.fulcrum.tlog.note.SignedNote}), signs and opens them ({@link org.fulcrum.tlog.note.Notes}),
 * and provides two key types: plain Ed25519 note signatures (type {@code 0x01}) and C2SP
 * tlog-cosignature/v1 timestamped Ed25519 cosignatures (type {@code 0x04}). Keys are exchanged as
 * the verifier key strings {@code name+hexID+base64(type || public key)} and signer key strings
 * {@code PRIVATE+KEY+name+hexID+base64(type || seed)} used by Go's {@code sumdb/note}.
 *
 * <p>Opening rules: the note must be valid UTF-8 without control characters other than newline;
 * at most 100 signature lines; signatures by unknown keys are kept aside as unverified; a known
 * key's signature that fails rejects the whole note ({@link org.fulcrum.tlog.InvalidSignature});
 * a note without any verified signature is rejected ({@link org.fulcrum.tlog.UnverifiedNote}).
 */
package org.fulcrum.tlog.note;
