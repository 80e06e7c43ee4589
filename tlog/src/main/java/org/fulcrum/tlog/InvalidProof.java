package org.fulcrum.tlog;

/**
 * A Merkle inclusion or consistency proof, or a set of tiles, that does not prove the claimed
 * statement against the given tree head. Also raised for proofs that are malformed (wrong hash
 * length, index outside the tree, too many or too few hashes).
 */
public final class InvalidProof extends TlogException {

    private static final long serialVersionUID = 1L;

    public InvalidProof(String message) {
        super(message);
    }
}
