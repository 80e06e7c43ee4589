package org.fulcrum.bench.pdq;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fulcrum.pdq.HashIndex;
import org.fulcrum.pdq.LinearScanIndex;
import org.fulcrum.pdq.Match;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.PdqHash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Queries per second at distance 31, multi-index against brute force over the same data in the
 * same run (each in its own fork, so each fork's heap holds one index; the heap after building is
 * printed). {@code query} is one needle per call, what the upload path does; {@code batchOf1000}
 * hands the linear scan 1000 needles at once (one pass over memory per block of entries), the
 * strongest brute-force baseline; its score is per needle.
 *
 * <p>Quick run: {@code -p size=1000000}. The 10M runs need the 2 GB heap set below.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages"})
public class PdqMatchBenchmark {
    private static final int THRESHOLD = 31;

    @Param({"1000000", "10000000"})
    public int size;

    @Param({"uniform", "clustered"})
    public String dataset;

    @Param({"mih", "linear"})
    public String index;

    private HashIndex hashes;
    private PdqHash[] queries;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        long start = System.nanoTime();
        hashes = index.equals("mih")
                ? new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, size)
                : new LinearScanIndex();
        queries = HashSets.fill(hashes, dataset, size, 20260717L);
        if (hashes instanceof MultiIndexHashIndex m) {
            m.compact();
        }
        long built = System.nanoTime();
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int matches = 0;
        for (int i = 0; i < 100; i++) {
            matches += hashes.query(queries[i], THRESHOLD).size();
        }
        System.out.printf(
                "%n%s %s n=%d: built in %.1f s; heap used after GC %.0f MB%s; 100 queries -> %d matches%n",
                index,
                dataset,
                hashes.size(),
                (built - start) / 1e9,
                heap / 1e6,
                hashes instanceof MultiIndexHashIndex m
                        ? String.format(" (index arrays %.0f MB)", m.bytesUsed() / 1e6)
                        : "",
                matches);
    }

    @Benchmark
    public List<Match> query() {
        PdqHash needle = queries[next];
        next = (next + 1) % queries.length;
        return hashes.query(needle, THRESHOLD);
    }

    @Benchmark
    @OperationsPerInvocation(HashSets.QUERIES)
    public List<List<Match>> batchOf1000() {
        return hashes.queryAll(Arrays.asList(queries), THRESHOLD);
    }
}
