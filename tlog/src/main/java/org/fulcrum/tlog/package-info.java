/**
 * Fulcrum's append-only transparency log: the pieces a verifier needs in one place.
 *
 * <p>This package owns the exception family ({@link org.fulcrum.tlog.TlogException} and its
 * subclasses), the C2SP tlog-proof bundle ({@link org.fulcrum.tlog.ProofBundle}) and the offline
 * {@link org.fulcrum.tlog.LogVerifier} used by {@code fulcrum verify}. The building blocks live in
 * subpackages:
 *
 * <ul>
 *   <li>{@code merkle}: RFC 6962/9162 hashing, proof generation over stored hashes, verification;
 *   <li>{@code note}: C2SP signed notes, Ed25519 keys and tlog-cosignature/v1 keys;
 *   <li>{@code checkpoint}: C2SP tlog-checkpoint bodies and signed checkpoints;
 *   <li>{@code tile}: C2SP tlog-tiles paths, tile data, entry bundles and tile authentication.
 * </ul>
 *
 * <p>The library depends on nothing beyond the JDK; hashes are 32-byte SHA-256 values held in
 * {@code byte[]}, and every method copies nothing it does not have to.
 */
package org.fulcrum.tlog;
