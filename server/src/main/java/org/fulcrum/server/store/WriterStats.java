package org.fulcrum.server.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the single writer did since the store opened, for operators ({@code /metrics}) and load
 * drivers: how many group commits and units, how long units waited in the queue before their group
 * started, how long groups ran their units, and how long their commits (the fsync) took, each with
 * a histogram. Written by the writer thread alone; read from any thread, each figure on its own
 * (a snapshot taken while a group ends may count that group in one figure and not yet in another).
 */
public final class WriterStats {
    /** Upper bounds of the group-size buckets, in units; a last bucket takes larger groups. */
    public static final List<Long> SIZE_BOUNDS = List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L);
    /** Upper bounds of the time buckets (queue wait, group work, commit), in microseconds. */
    public static final List<Long> MICROS_BOUNDS =
            List.of(500L, 1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 50_000L, 100_000L, 200_000L, 500_000L, 1_000_000L);

    private static final int GROUPS = 0;
    private static final int UNITS = 1;
    private static final int WAIT = 2;
    private static final int WORK = 3;
    private static final int COMMIT = 4;
    private static final int MAX_WAIT = 5;

    private final AtomicLongArray totals = new AtomicLongArray(6);
    private final AtomicLongArray sizes = new AtomicLongArray(SIZE_BOUNDS.size() + 1);
    private final AtomicLongArray waits = new AtomicLongArray(MICROS_BOUNDS.size() + 1);
    private final AtomicLongArray works = new AtomicLongArray(MICROS_BOUNDS.size() + 1);
    private final AtomicLongArray commits = new AtomicLongArray(MICROS_BOUNDS.size() + 1);

    /** A unit waited {@code nanos} in the queue before its group started. */
    void waited(long nanos) {
        totals.incrementAndGet(UNITS);
        totals.addAndGet(WAIT, nanos);
        if (nanos > totals.get(MAX_WAIT)) {
            totals.set(MAX_WAIT, nanos);
        }
        waits.incrementAndGet(bucket(MICROS_BOUNDS, nanos / 1_000));
    }

    /** A group of {@code units} ran them in {@code workNanos} and committed in {@code commitNanos}. */
    void group(int units, long workNanos, long commitNanos) {
        totals.incrementAndGet(GROUPS);
        totals.addAndGet(WORK, workNanos);
        totals.addAndGet(COMMIT, commitNanos);
        sizes.incrementAndGet(bucket(SIZE_BOUNDS, units));
        works.incrementAndGet(bucket(MICROS_BOUNDS, workNanos / 1_000));
        commits.incrementAndGet(bucket(MICROS_BOUNDS, commitNanos / 1_000));
    }

    private static int bucket(List<Long> bounds, long value) {
        for (int i = 0; i < bounds.size(); i++) {
            if (value <= bounds.get(i)) {
                return i;
            }
        }
        return bounds.size();
    }

    public Snapshot snapshot() {
        return new Snapshot(
                totals.get(GROUPS),
                totals.get(UNITS),
                totals.get(WAIT),
                totals.get(WORK),
                totals.get(COMMIT),
                totals.get(MAX_WAIT),
                counts(sizes),
                counts(waits),
                counts(works),
                counts(commits));
    }

    private static long[] counts(AtomicLongArray a) {
        long[] out = new long[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    /**
     * The figures at one moment; the arrays count per bucket of {@link #SIZE_BOUNDS} or
     * {@link #MICROS_BOUNDS}, the last one past the largest bound.
     *
     * @param groups group commits (a unit written alone counts as a group of one)
     * @param units units that reached a group (run, failed or left for the next group)
     * @param waitNanos the units' time in the queue, added up
     * @param workNanos the groups' time running their units and flushing before the commit, added up
     * @param commitNanos the groups' commit time (the fsync), added up
     * @param maxWaitNanos the longest a unit waited in the queue
     * @param groupSizes groups by how many units they committed
     * @param waitMicros units by queue wait
     * @param workMicros groups by work time
     * @param commitMicros groups by commit time
     */
    public record Snapshot(
            long groups,
            long units,
            long waitNanos,
            long workNanos,
            long commitNanos,
            long maxWaitNanos,
            long[] groupSizes,
            long[] waitMicros,
            long[] workMicros,
            long[] commitMicros) {

        /** What happened between {@code earlier} and this snapshot (the maximum is the running one). */
        public Snapshot since(Snapshot earlier) {
            return new Snapshot(
                    groups - earlier.groups,
                    units - earlier.units,
                    waitNanos - earlier.waitNanos,
                    workNanos - earlier.workNanos,
                    commitNanos - earlier.commitNanos,
                    maxWaitNanos,
                    minus(groupSizes, earlier.groupSizes),
                    minus(waitMicros, earlier.waitMicros),
                    minus(workMicros, earlier.workMicros),
                    minus(commitMicros, earlier.commitMicros));
        }

        private static long[] minus(long[] a, long[] b) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = a[i] - b[i];
            }
            return out;
        }

        /** The upper bound of the bucket holding the {@code p}th percentile of {@code counts}. */
        public static long percentileBound(long[] counts, List<Long> bounds, double p) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            long rank = (long) Math.ceil(p / 100 * total);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank && seen > 0) {
                    return i < bounds.size() ? bounds.get(i) : Long.MAX_VALUE;
                }
            }
            return 0;
        }

        @Override
        public String toString() {
            if (groups == 0) {
                return "no groups";
            }
            return String.format(
                    "%d groups, %.1f units a group (p99 ≤ %s), queue wait mean %.1f ms (p99 ≤ %s ms),"
                            + " group work mean %.1f ms (p99 ≤ %s ms), commit mean %.2f ms (p99 ≤ %s ms)",
                    groups,
                    (double) units / groups,
                    bound(percentileBound(groupSizes, SIZE_BOUNDS, 99), 1),
                    waitNanos / 1e6 / Math.max(1, units),
                    bound(percentileBound(waitMicros, MICROS_BOUNDS, 99), 1_000),
                    workNanos / 1e6 / groups,
                    bound(percentileBound(workMicros, MICROS_BOUNDS, 99), 1_000),
                    commitNanos / 1e6 / groups,
                    bound(percentileBound(commitMicros, MICROS_BOUNDS, 99), 1_000));
        }

        private static String bound(long b, long per) {
            return b == Long.MAX_VALUE ? "∞" : per == 1 ? String.valueOf(b) : String.valueOf(b / (double) per);
        }
    }
}
