package org.fulcrum.pdq;

import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;

/**
 * One slot's inverted index in its compact form: the positions of the stored hashes
 * sorted into buckets by the top {@code dirBits} of their {@code bits}-bit key, each entry packed
 * with the key's remaining {@code bits - dirBits} low bits (its residual) into {@code width} bits
 * of a bit-packed array. A bucket's entries are contiguous, from {@link #start}{@code (b)} to
 * {@code start(b + 1)}: an int per group of {@code 2^groupShift} buckets (64 unless a group holds
 * more than 65,535 entries) and a char per bucket counting from its group's start, so a bucket
 * costs 16 bits of directory instead of 32 and buckets can be twice as many for the same memory.
 *
 * <p>Memory: about {@code log2(positions) + residual} bits per entry (26 at 10 million, against 32
 * for an int position plus directory and block slack in {@link SlotTable}), and 16 bits per
 * bucket, with buckets holding 4 to 8 entries on average. A probe of every key within radius
 * {@code r} of a key becomes a scan of the few buckets within radius {@code r} of its top bits,
 * keeping the entries whose residual lies within the remaining radius: sequential reads of short
 * runs instead of one random directory read per key.
 *
 * <p>The bits are held in chunks of {@link #CHUNK_WORDS} words, each with one more word copying
 * the next chunk's first, so an entry is always read from two adjacent words of one chunk. A
 * chunk is 262,136 bytes with its header: four fill one of G1's smallest (1 MiB) regions, and it
 * is an ordinary object. At 10 million entries a slot in one array would be a 34 MB humongous
 * object needing 34 free regions side by side, which a nearly full heap may not have even when it
 * has the bytes.
 *
 * <p>The bucket counts are one array of {@code 2^dirBits - 8} chars, which with its 16-byte header
 * is exactly {@code 2^(dirBits+1)} bytes, a power of two as G1's regions are: at 10 million a
 * slot's counts are a humongous object of exactly two 2 MiB regions, where {@code 2^dirBits + 1}
 * counts would spill 18 bytes into a third region and leave the rest of it empty (23 MB over 11
 * slots; with 1 MiB regions, five regions for four, 11 MB). Counts of a region's size or more
 * thus take whole regions exactly; counts of half a region still take a whole one. The counts of
 * the last eight buckets and of the end are held apart in {@link #tail}; a query reads them only
 * if it probes those buckets, which it knows before it starts.
 *
 * <p>The table is built once and never grows; the only change made to it afterwards is
 * {@link #take}'s reordering of entries within a bucket, made by the index's writer under its
 * write lock.
 */
final class PackedSlot {
    /** Residual bits at most, so a bucket's accepted residuals fit one long as a bit set. */
    static final int MAX_RESIDUAL = 6;

    final int bits;
    final int dirBits;
    final int residualBits;
    final int posBits;
    final int width;
    /** Buckets per group, as a power of two: {@link #start} is {@code groupStart[b >>> groupShift] + within[b]}. */
    final int groupShift;

    /** Index of the first entry of each group of buckets, and one past the last entry at the end. */
    final int[] groupStart;

    /** Entries of bucket {@code b}'s group before bucket {@code b}, for {@code b < within.length}. */
    final char[] within;

    /** The same for buckets {@code within.length} to {@code 2^dirBits} (the end), at {@code b - within.length}. */
    final char[] tail;

    /** Bucket counts held in {@link #tail}: so many that {@link #within} with its header is a power of two in bytes. */
    static final int TAIL = 9;

    static final int CHUNK_WORDS = 32_764;

    /**
     * Entry {@code i} is bits {@code i*width .. i*width+width-1} of the words, word {@code w} being
     * {@code chunks[w / CHUNK_WORDS][w % CHUNK_WORDS]}: residual above position.
     */
    final long[][] chunks;

    final int entries;

    private PackedSlot(
            int bits,
            int dirBits,
            int posBits,
            int groupShift,
            int[] groupStart,
            char[] within,
            char[] tail,
            long[][] chunks,
            int entries) {
        this.bits = bits;
        this.dirBits = dirBits;
        this.residualBits = bits - dirBits;
        this.posBits = posBits;
        this.width = residualBits + posBits;
        this.groupShift = groupShift;
        this.groupStart = groupStart;
        this.within = within;
        this.tail = tail;
        this.chunks = chunks;
        this.entries = entries;
    }

    /** Directory bits for {@code n} entries and {@code bits}-bit keys: 4 to 8 entries per bucket. */
    static int dirBits(long n, int bits) {
        int d = 63 - Long.numberOfLeadingZeros(Math.max(1, n / 4));
        return Math.max(Math.max(1, bits - MAX_RESIDUAL), Math.min(d, bits));
    }

    /** Supplies the key of each position, or -1 for a position not in use. */
    interface Keys {
        int key(int pos);
    }

    /**
     * Packs every position below {@code top} with a key: two passes over the keys (count, then
     * place), so no array of keys is held beside the result.
     */
    static PackedSlot build(int bits, int top, int live, Keys keys) {
        int dirBits = dirBits(live, bits);
        int residualBits = bits - dirBits;
        int posBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, top - 1)));
        int width = residualBits + posBits;
        int[] offsets = new int[(1 << dirBits) + 1];
        int n = 0;
        for (int p = 0; p < top; p++) {
            int k = keys.key(p);
            if (k >= 0) {
                offsets[(k >>> residualBits) + 1]++;
                n++;
            }
        }
        for (int b = 0; b < (1 << dirBits); b++) {
            offsets[b + 1] += offsets[b];
        }
        // The directory in two levels, with the largest groups whose counts fit a char.
        int buckets = 1 << dirBits;
        int shift = Math.min(6, dirBits);
        while (shift > 0 && !fits(offsets, buckets, shift)) {
            shift--;
        }
        int[] groupStart = new int[(buckets >>> shift) + 1];
        char[] within = new char[Math.max(0, buckets + 1 - TAIL)];
        char[] tail = new char[buckets + 1 - within.length];
        for (int b = 0; b <= buckets; b++) {
            int g = b >>> shift;
            if ((b & ((1 << shift) - 1)) == 0) {
                groupStart[g] = offsets[b];
            }
            char count = (char) (offsets[b] - groupStart[g]);
            if (b < within.length) {
                within[b] = count;
            } else {
                tail[b - within.length] = count;
            }
        }
        long words = (((long) n * width + 63) >>> 6) + 1;
        long[][] chunks = new long[(int) ((words + CHUNK_WORDS - 1) / CHUNK_WORDS)][];
        for (int c = 0; c < chunks.length; c++) {
            // One word past each chunk's own, so a read of its last entry may always load two words.
            chunks[c] = new long[(int) Math.min(CHUNK_WORDS, words - (long) c * CHUNK_WORDS) + 1];
        }
        // Each bucket's next free entry; the offsets are not needed any more.
        int[] cursor = offsets;
        long residualMask = (1L << residualBits) - 1;
        for (int p = 0; p < top; p++) {
            int k = keys.key(p);
            if (k >= 0) {
                long v = ((k & residualMask) << posBits) | p;
                long bit = (long) cursor[k >>> residualBits]++ * width;
                int word = (int) (bit >>> 6);
                int off = (int) (bit & 63);
                or(chunks, word, v << off);
                if (off + width > 64) {
                    or(chunks, word + 1, v >>> (64 - off));
                }
            }
        }
        return new PackedSlot(bits, dirBits, posBits, shift, groupStart, within, tail, chunks, n);
    }

    /** Whether every group of {@code 2^shift} buckets holds few enough entries for char counts. */
    private static boolean fits(int[] offsets, int buckets, int shift) {
        for (int g = 0; g < buckets; g += 1 << shift) {
            if (offsets[g + (1 << shift) - 1] - offsets[g] > Character.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** Sets bits of word {@code w}, and of its copy at the end of the previous chunk. */
    private static void or(long[][] chunks, int w, long bits) {
        int c = w / CHUNK_WORDS;
        int i = w % CHUNK_WORDS;
        chunks[c][i] |= bits;
        if (i == 0 && c > 0) {
            chunks[c - 1][CHUNK_WORDS] |= bits;
        }
    }

    /** Index of bucket {@code b}'s first entry; {@code start(b + 1)} is one past its last. */
    int start(int b) {
        return groupStart[b >>> groupShift] + (b < within.length ? within[b] : tail[b - within.length]);
    }

    /** Entry {@code i}: its residual above its position. */
    long entry(int i) {
        long bit = (long) i * width;
        int word = (int) (bit >>> 6);
        int off = (int) (bit & 63);
        long[] chunk = chunks[word / CHUNK_WORDS];
        int w = word % CHUNK_WORDS;
        // Two loads and no branch; the second shift is split so that off == 0 adds nothing.
        long v = (chunk[w] >>> off) | ((chunk[w + 1] << 1) << (63 - off));
        return v & ((1L << width) - 1);
    }

    /**
     * The position of {@code (id, hash)} in bucket {@code key}'s entries, or -1; {@link #lastReads}
     * tells how many entries it read. See {@link #take}.
     */
    int find(int key, HashStore store, long id, PdqHash hash) {
        int[] found = {-1};
        lastReads = take(key, store, hash, x -> x == id, x -> {}, 1, p -> found[0] = p);
        return found[0];
    }

    /**
     * Passes every position bucket {@code key}'s entries list under that key to {@code positions},
     * live or not, in the bucket's order; returns the number of entries read.
     */
    int forEach(int key, IntConsumer positions) {
        int bucket = key >>> residualBits;
        long residual = key & ((1L << residualBits) - 1);
        long posMask = (1L << posBits) - 1;
        int start = start(bucket);
        int end = start(bucket + 1);
        for (int i = start; i < end; i++) {
            long e = entry(i);
            if ((e >>> posBits) == residual) {
                positions.accept((int) (e & posMask));
            }
        }
        return end - start;
    }

    /** Entries {@link #find} read on its last call. */
    int lastReads;

    /**
     * Takes from bucket {@code key}'s entries up to {@code limit} live ones holding {@code hash}
     * under an id that {@code wants} accepts, passing each one's id to {@code claim} (which may
     * make {@code wants} refuse it from then on) and its position to {@code taken}; returns the
     * number of entries read. The id is checked before the hash, as it is one read where the hash
     * is four, and among the copies of a crowded hash it is what tells them apart.
     *
     * <p>Entries are taken by moving them to the front of their bucket, behind those taken before
     * and those found no longer live, and a bucket with at least {@link #SKIP_FROM} such entries
     * remembers how many, so later calls start after them. Removing the many copies of one
     * crowded hash one by one therefore reads each entry about once, not once per removal. The
     * caller marks the positions taken as not live before the next call. A position moved to the
     * front stays listed, in the same bucket, so queries still read it and skip it as before; and
     * if it is reused, the entry taking it is in the growable tables, where removals look first.
     */
    int take(
            int key,
            HashStore store,
            PdqHash hash,
            LongPredicate wants,
            LongConsumer claim,
            int limit,
            IntConsumer taken) {
        int bucket = key >>> residualBits;
        long residual = key & ((1L << residualBits) - 1);
        long posMask = (1L << posBits) - 1;
        int start = start(bucket);
        int end = start(bucket + 1);
        int skipped = skipped(bucket);
        int done = start + skipped;
        int count = 0;
        int i = done;
        for (; i < end && count < limit; i++) {
            long e = entry(i);
            int pos = (int) (e & posMask);
            boolean live = store.isLive(pos);
            long id = live && (e >>> posBits) == residual ? store.id(pos) : 0;
            if (live && ((e >>> posBits) != residual || !wants.test(id) || !store.sameHash(pos, hash))) {
                continue;
            }
            if (i != done) {
                set(i, entry(done));
                set(done, e);
            }
            done++;
            if (live) {
                claim.accept(id);
                taken.accept(pos);
                count++;
            }
        }
        if (done - start >= SKIP_FROM || skipped > 0) {
            skip(bucket, done - start);
        }
        return i - (start + skipped);
    }

    /** Entries at the front of a bucket, taken or found not live, from which a bucket remembers them. */
    static final int SKIP_FROM = 8;

    /**
     * Bucket {@code b + 1} to how many of its first entries {@link #take} passes over, for the
     * buckets with at least {@link #SKIP_FROM}: open addressing, 0 for an empty cell; null until
     * needed. At most one bucket per {@code SKIP_FROM} removals, so it stays small.
     */
    private int[] skipBuckets;

    private int[] skipCounts;
    private int skipUsed;

    private int skipped(int bucket) {
        if (skipBuckets == null) {
            return 0;
        }
        int mask = skipBuckets.length - 1;
        for (int h = spread(bucket) & mask; ; h = (h + 1) & mask) {
            if (skipBuckets[h] == bucket + 1) {
                return skipCounts[h];
            }
            if (skipBuckets[h] == 0) {
                return 0;
            }
        }
    }

    private void skip(int bucket, int n) {
        if (skipBuckets == null) {
            skipBuckets = new int[16];
            skipCounts = new int[16];
        } else if ((skipUsed + 1) * 2 > skipBuckets.length) {
            int[] oldBuckets = skipBuckets;
            int[] oldCounts = skipCounts;
            skipBuckets = new int[oldBuckets.length * 2];
            skipCounts = new int[oldBuckets.length * 2];
            skipUsed = 0;
            for (int h = 0; h < oldBuckets.length; h++) {
                if (oldBuckets[h] != 0) {
                    skip(oldBuckets[h] - 1, oldCounts[h]);
                }
            }
        }
        int mask = skipBuckets.length - 1;
        int h = spread(bucket) & mask;
        while (skipBuckets[h] != 0 && skipBuckets[h] != bucket + 1) {
            h = (h + 1) & mask;
        }
        if (skipBuckets[h] == 0) {
            skipBuckets[h] = bucket + 1;
            skipUsed++;
        }
        skipCounts[h] = n;
    }

    private static int spread(int bucket) {
        return (bucket * 0x9E3779B9) >>> 7;
    }

    /** Overwrites entry {@code i} with {@code v} (residual above position), keeping the chunks' copied words. */
    private void set(int i, long v) {
        long bit = (long) i * width;
        int word = (int) (bit >>> 6);
        int off = (int) (bit & 63);
        long mask = (1L << width) - 1;
        write(chunks, word, mask << off, v << off);
        if (off + width > 64) {
            write(chunks, word + 1, mask >>> (64 - off), v >>> (64 - off));
        }
    }

    /** Replaces the {@code mask} bits of word {@code w} by {@code bits}, and in its copy at the end of the previous chunk. */
    private static void write(long[][] chunks, int w, long mask, long bits) {
        int c = w / CHUNK_WORDS;
        int i = w % CHUNK_WORDS;
        chunks[c][i] = (chunks[c][i] & ~mask) | bits;
        if (i == 0 && c > 0) {
            chunks[c - 1][CHUNK_WORDS] = chunks[c][i];
        }
    }

    long bytesUsed() {
        long total = groupStart.length * 4L + within.length * 2L + tail.length * 2L;
        if (skipBuckets != null) {
            total += skipBuckets.length * 8L;
        }
        for (long[] chunk : chunks) {
            total += chunk.length * 8L;
        }
        return total;
    }
}
