package org.fulcrum.bench.tlog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fulcrum.tlog.merkle.MemoryHashStore;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inclusion proofs in a log of 10 million entries whose stored hashes (about 20 million, 640 MB)
 * sit in a {@link MemoryHashStore}: generating a proof (O(log n) stored-hash reads and the folds of
 * the one incomplete subtree) and verifying one (RFC 9162 §2.1.3.2). The database-backed reader of
 * the server adds one query per proof on top of the generation cost.
 *
 * <p>Building the log takes some seconds per fork. For a quick check: {@code -p size=100000 -f 1
 * -wi 1 -i 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class InclusionProofBenchmark {

    private static final int SAMPLES = 1 << 12;

    @Param("10000000")
    public long size;

    private MemoryHashStore store;
    private byte[] root;
    private final long[] indexes = new long[SAMPLES];
    private final byte[][] leafHashes = new byte[SAMPLES][];
    private final List<List<byte[]>> proofs = new ArrayList<>(SAMPLES);
    private int next;

    @Setup(Level.Trial)
    public void buildLog() {
        store = new MemoryHashStore();
        List<byte[]> batch = new ArrayList<>(1 << 16);
        for (long i = 0; i < size; i++) {
            batch.add(leafHash(i));
            if (batch.size() == 1 << 16 || i == size - 1) {
                store.appendLeaves(batch);
                batch.clear();
            }
        }
        root = store.root();
        SplittableRandom random = new SplittableRandom(1);
        for (int k = 0; k < SAMPLES; k++) {
            indexes[k] = random.nextLong(size);
            leafHashes[k] = leafHash(indexes[k]);
            proofs.add(StoredTree.inclusionProof(indexes[k], size, store));
        }
    }

    @Benchmark
    public List<byte[]> generate() {
        int k = next++ & (SAMPLES - 1);
        return StoredTree.inclusionProof(indexes[k], size, store);
    }

    @Benchmark
    public int verify() {
        int k = next++ & (SAMPLES - 1);
        Proofs.verifyInclusion(indexes[k], size, leafHashes[k], proofs.get(k), root);
        return k;
    }

    @Benchmark
    public byte[] treeHash() {
        return StoredTree.treeHash(size, store);
    }

    private static byte[] leafHash(long entry) {
        return Rfc6962.leafHash(ByteBuffer.allocate(8).putLong(entry).array());
    }
}
