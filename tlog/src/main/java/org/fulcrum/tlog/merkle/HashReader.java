package org.fulcrum.tlog.merkle;

import java.util.List;

/**
 * Reads stored hashes by their {@link StoredHashIndex stored index}.
 *
 * <p>The server implements this over its {@code log_hash(idx, hash)} table with one query per call
 * ({@code WHERE idx IN (...)}); {@link MemoryHashStore} implements it in memory. Callers in this
 * package batch everything a proof needs into a single call of O(log n) indexes.
 */
@FunctionalInterface
public interface HashReader {

    /**
     * Returns the hashes stored at {@code indexes}, in the same order and of the same count. An
     * index may appear more than once. Implementations throw an unchecked exception of their choice
     * when a hash is missing; they must never return {@code null} or a hash of the wrong length.
     */
    List<byte[]> readHashes(long[] indexes);

    /** Reads hashes and checks that the reader honoured its contract. */
    static List<byte[]> readChecked(HashReader reader, long[] indexes) {
        List<byte[]> hashes = reader.readHashes(indexes);
        if (hashes.size() != indexes.length) {
            throw new IllegalStateException(
                    "hash reader returned " + hashes.size() + " hashes for " + indexes.length + " indexes");
        }
        for (int i = 0; i < indexes.length; i++) {
            byte[] hash = hashes.get(i);
            if (hash == null || hash.length != Rfc6962.HASH_SIZE) {
                throw new IllegalStateException("hash reader returned a bad hash at " + indexes[i]);
            }
        }
        return hashes;
    }
}
