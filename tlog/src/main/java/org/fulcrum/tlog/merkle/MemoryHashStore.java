package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory log: stored hashes in large pages, plus the {@link Frontier} to append to them.
 *
 * <p>Serves as the {@link HashReader} for tests, benchmarks, and verifiers that rebuild a log from
 * its entries. Holds 32 bytes per stored hash, about 64 bytes per leaf. Not thread-safe for
 * writes; concurrent reads of hashes already appended are safe once the writer has published them.
 */
public final class MemoryHashStore implements HashReader {

    private static final int PAGE_BITS = 15;
    private static final int PAGE_HASHES = 1 << PAGE_BITS;

    private final List<byte[]> pages = new ArrayList<>();
    private long count;
    private Frontier frontier = Frontier.empty();

    /** Appends one leaf by its leaf hash; returns the leaf's index. */
    public long appendLeaf(byte[] leafHash) {
        return appendLeaves(List.of(leafHash));
    }

    /** Appends leaves by their leaf hashes; returns the index of the first. */
    public long appendLeaves(List<byte[]> leafHashes) {
        long first = frontier.size();
        Frontier.Appended appended = frontier.append(leafHashes);
        for (byte[] hash : appended.hashes()) {
            put(hash);
        }
        frontier = appended.frontier();
        return first;
    }

    /** Number of leaves. */
    public long treeSize() {
        return frontier.size();
    }

    /** Number of stored hashes, {@code StoredHashIndex.count(treeSize())}. */
    public long hashCount() {
        return count;
    }

    /** Root hash of the whole tree. */
    public byte[] root() {
        return frontier.root();
    }

    @Override
    public List<byte[]> readHashes(long[] indexes) {
        List<byte[]> out = new ArrayList<>(indexes.length);
        for (long index : indexes) {
            out.add(read(index));
        }
        return out;
    }

    /** The stored hash at {@code index}. */
    public byte[] read(long index) {
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("no stored hash at " + index + " (have " + count + ")");
        }
        byte[] page = pages.get((int) (index >>> PAGE_BITS));
        int offset = (int) (index & (PAGE_HASHES - 1)) * Rfc6962.HASH_SIZE;
        return Arrays.copyOfRange(page, offset, offset + Rfc6962.HASH_SIZE);
    }

    private void put(byte[] hash) {
        int slot = (int) (count & (PAGE_HASHES - 1));
        if (slot == 0) {
            pages.add(new byte[PAGE_HASHES * Rfc6962.HASH_SIZE]);
        }
        System.arraycopy(hash, 0, pages.getLast(), slot * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        count++;
    }
}
