package org.fulcrum.server.detect;

import java.util.Set;

/**
 * The media a bank's hashes are taken from, which decides the hashes it may hold: an image bank PDQ
 * hashes and digests, a video bank vPDQ hashes (a PDQ per hashed frame) and digests of the file.
 */
public enum BankSignal {
    image(Set.of(HashType.pdq, HashType.md5, HashType.sha256)),
    video(Set.of(HashType.vpdq, HashType.md5, HashType.sha256));

    private final Set<HashType> types;

    BankSignal(Set<HashType> types) {
        this.types = types;
    }

    /** Whether a bank of this signal holds hashes of {@code type}. */
    public boolean holds(HashType type) {
        return types.contains(type);
    }
}
