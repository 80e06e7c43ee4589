package org.fulcrum.bench.tlog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appends per second through {@link Frontier#append(List)}: hashing each entry into its leaf hash
 * and computing the hashes to store, in batches as the log writer does (the bar is 20,000 appends
 * per second; storage comes on top).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AppendBenchmark {

    private static final int BATCH = 1024;

    private final List<byte[]> entries = new ArrayList<>();
    private Frontier frontier;

    @Setup
    public void entries() {
        for (int i = 0; i < BATCH; i++) {
            entries.add(ByteBuffer.allocate(200).putInt(i).array());
        }
        frontier = Frontier.empty();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Frontier.Appended appendBatch() {
        List<byte[]> leafHashes = new ArrayList<>(entries.size());
        for (byte[] entry : entries) {
            leafHashes.add(Rfc6962.leafHash(entry));
        }
        Frontier.Appended appended = frontier.append(leafHashes);
        frontier = appended.frontier();
        return appended;
    }
}
