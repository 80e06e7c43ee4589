package org.fulcrum.tlog;

/**
 * Root of every failure raised by the transparency-log library.
 *
 * <p>The hierarchy is sealed so that a single exception mapper (for example the server's HTTP
 * problem-details mapper, or the {@code fulcrum verify} command's report) can switch over every
 * failure kind exhaustively:
 *
 * <ul>
 *   <li>{@link MalformedInput}: text or bytes that do not follow the format they claim (a signed
 *       note, a key, a checkpoint, a tile path, a bundle);
 *   <li>{@link InvalidProof}: an inclusion or consistency proof, or tile data, that does not prove
 *       what it is claimed to prove;
 *   <li>{@link RootMismatch}: log entries that do not hash to the root of a tree head;
 *   <li>{@link InvalidSignature}: a signature by a known key that does not verify;
 *   <li>{@link UnverifiedNote}: a note carrying no valid signature by any of the required keys.
 * </ul>
 *
 * <p>Caller mistakes that are not about untrusted input (a negative tree size passed to a proof
 * generator, for instance) are reported with {@link IllegalArgumentException} instead.
 */
public abstract sealed class TlogException extends RuntimeException
        permits MalformedInput, InvalidProof, RootMismatch, InvalidSignature, UnverifiedNote {

    private static final long serialVersionUID = 1L;

    protected TlogException(String message) {
        super(message);
    }

    protected TlogException(String message, Throwable cause) {
        super(message, cause);
    }
}
