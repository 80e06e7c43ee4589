package org.fulcrum.bench.pdq;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.pdq.Match;
import org.fulcrum.pdq.MultiIndexHashIndex;
import org.fulcrum.pdq.PdqHash;

/**
 * PDQ matching at bank sizes of 10 to 100 million: bulk-loads a multi-index with N random hashes
 * (generated from their position, so no list of hashes is ever held; the load appends them and
 * builds each slot's table once), prints the build time and the heap retained after GC, then single queries per second at distance 31 on one thread and on two, each query a
 * stored hash with 1..31 bits flipped (so each has a match). The baseline, in the same run, is
 * brute force over the same entries ({@link MultiIndexHashIndex#scan}), whose answers the
 * multi-index's must equal.
 *
 * <p>Usage: {@code ./fulcrum bench -Xmx800m -XX:+UseTransparentHugePages pdq.PdqAtScale 10000000
 * [seconds] [slots] [quiet-load]}; 100 million needs about 7.6 GB retained ({@code -Xmx8g}). Before
 * the rates it prints what a query reads on average: compact buckets, entries decoded in them,
 * hashes checked. With {@code quiet-load}, the queries wait (up to two hours) until the one-minute
 * load average is below it, so that a long build may share the machine but the rates are taken on a
 * quiet one; the load average when they start is printed.
 */
public final class PdqAtScale {
    private static final int THRESHOLD = 31;
    private static final long SEED = 0x9E3779B97F4A7C15L;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int slots = args.length > 2 ? Integer.parseInt(args[2]) : MultiIndexHashIndex.slotsFor(n);
        double quietLoad = args.length > 3 ? Double.parseDouble(args[3]) : Double.NaN;
        System.out.printf("load average at start: %s; %d slots%n", loadAverage(), slots);
        MultiIndexHashIndex index = new MultiIndexHashIndex(slots, 0);
        long t0 = System.nanoTime();
        index.addAll(n, i -> i, PdqAtScale::hashAt);
        double built = (System.nanoTime() - t0) / 1e9;
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(
                "load average after the build: %s; max heap %.0f MB%n",
                loadAverage(), Runtime.getRuntime().maxMemory() / 1e6);
        System.out.printf(
                "n=%,d: built in %.1f s; heap used after GC %.0f MB (index arrays %.0f MB, of which slot tables %.0f MB)%n",
                index.size(), built, heap / 1e6, index.bytesUsed() / 1e6, index.tableBytes() / 1e6);

        SplittableRandom random = new SplittableRandom(7);
        PdqHash[] needles = new PdqHash[1000];
        for (int q = 0; q < needles.length; q++) {
            PdqHash h = hashAt(random.nextInt(n));
            for (int bit :
                    random.ints(0, 256).distinct().limit(1 + random.nextInt(31)).toArray()) {
                h = h.flip(bit);
            }
            needles[q] = h;
        }
        if (!Double.isNaN(quietLoad)) {
            waitForQuiet(quietLoad);
        }
        long[] work = new long[3];
        for (PdqHash needle : needles) {
            MultiIndexHashIndex.Work w = index.work(needle, THRESHOLD);
            work[0] += w.buckets();
            work[1] += w.entries();
            work[2] += w.candidates();
        }
        System.out.printf(
                "per query: %,d buckets read, %,d entries decoded, %,d hashes checked%n",
                work[0] / needles.length, work[1] / needles.length, work[2] / needles.length);
        rate(index, needles, 1, Math.max(2, seconds / 3), "warm-up");
        double one = rate(index, needles, 1, seconds, "multi-index, 1 thread");
        rate(index, needles, 2, seconds, "multi-index, 2 threads");
        System.out.printf("load average after the multi-index runs: %s%n", loadAverage());

        long s = System.nanoTime();
        int scanned = 0;
        while (scanned < 3 || (System.nanoTime() - s) < seconds * 1_000_000_000L && scanned < needles.length) {
            List<Match> brute = index.scan(needles[scanned], THRESHOLD);
            List<Match> mih = index.query(needles[scanned], THRESHOLD);
            if (!brute.equals(mih) || brute.isEmpty()) {
                throw new IllegalStateException("multi-index and brute force differ on needle " + scanned);
            }
            scanned++;
        }
        // Each round above ran both; the multi-index's share is negligible at these sizes.
        double scanRate = scanned / ((System.nanoTime() - s) / 1e9);
        System.out.printf(
                "brute force over the same entries, 1 thread: %.2f queries/s (%d needles, answers equal)%n",
                scanRate, scanned);
        System.out.printf("ratio, 1 thread: %.0fx brute force%n", one / scanRate);
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static double rate(MultiIndexHashIndex index, PdqHash[] needles, int threads, int seconds, String label)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong matched = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int offset = t * 500;
            workers[t] = new Thread(() -> {
                long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                long count = 0;
                long found = 0;
                for (int i = offset; System.nanoTime() < end; i++) {
                    found += index.query(needles[i % needles.length], THRESHOLD).size();
                    count++;
                }
                cpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0);
                done.addAndGet(count);
                matched.addAndGet(found);
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double rate = done.get() / ((System.nanoTime() - start) / 1e9);
        System.out.printf(
                "%s: %,.0f queries/s (%,d queries, %.2f matches each; %.1f us of thread CPU per query)%n",
                label, rate, done.get(), (double) matched.get() / done.get(), cpu.get() / 1e3 / done.get());
        return rate;
    }

    /** The hash at position {@code i}: four words of SplitMix64 over the position. */
    static PdqHash hashAt(long i) {
        return new PdqHash(mix(i * 4), mix(i * 4 + 1), mix(i * 4 + 2), mix(i * 4 + 3));
    }

    private static long mix(long x) {
        long z = x * SEED + SEED;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Waits until the one-minute load average is below {@code below}, for at most two hours. */
    private static void waitForQuiet(double below) throws InterruptedException {
        long deadline = System.nanoTime() + 2L * 3600 * 1_000_000_000L;
        while (oneMinuteLoad() >= below && System.nanoTime() < deadline) {
            Thread.sleep(5_000);
        }
        System.out.printf("load average before the queries (waited for < %.1f): %s%n", below, loadAverage());
    }

    private static double oneMinuteLoad() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
