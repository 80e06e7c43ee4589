package org.fulcrum.testkit;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Property checks in plain JUnit: a property runs over a number of cases, each drawn from its own
 * seeded {@link Random}. A run starts from a fresh seed, or from {@code -Dfulcrum.seed=N}; a
 * failing case names its seed, and running again with that seed starts with the same case.
 */
public final class Seeded {

    /** One case of a property, given the generator for that case. */
    @FunctionalInterface
    public interface Case {
        void check(Random random) throws Exception;
    }

    private Seeded() {}

    /** Checks {@code property} on {@code tries} cases. */
    public static void forAll(int tries, Case property) {
        String given = System.getProperty("fulcrum.seed");
        long seed = given == null || given.isBlank()
                ? ThreadLocalRandom.current().nextLong()
                : Long.parseLong(given.strip());
        for (int i = 0; i < tries; i++) {
            try {
                property.check(new Random(seed));
            } catch (Throwable failure) {
                throw new AssertionError(
                        "case " + (i + 1) + " of " + tries + " failed; replay it with -Dfulcrum.seed=" + seed + ": "
                                + failure.getMessage(),
                        failure);
            }
            seed = next(seed);
        }
    }

    /** An int in [min, max], the bounds drawn more often than the rest, as edge cases should be. */
    public static int between(Random random, int min, int max) {
        return (int) between(random, (long) min, (long) max);
    }

    /** A long in [min, max], the bounds drawn more often than the rest. */
    public static long between(Random random, long min, long max) {
        return switch (random.nextInt(16)) {
            case 0 -> min;
            case 1 -> max;
            // Random.nextLong takes an exclusive bound; at Long.MAX_VALUE the bound itself is case 1.
            default -> min == max ? min : random.nextLong(min, max == Long.MAX_VALUE ? max : max + 1);
        };
    }

    /** Any long, with 0, ±1 and the extremes drawn more often. */
    public static long anyLong(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> 1;
            case 3 -> Long.MIN_VALUE;
            case 4 -> Long.MAX_VALUE;
            default -> random.nextLong();
        };
    }

    /** Bytes of a length in [min, max]. */
    public static byte[] bytes(Random random, int min, int max) {
        byte[] out = new byte[between(random, min, max)];
        random.nextBytes(out);
        return out;
    }

    /** One of the given values. */
    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The next seed of a run (SplitMix64's finaliser), so that neighbouring cases are unrelated. */
    private static long next(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
