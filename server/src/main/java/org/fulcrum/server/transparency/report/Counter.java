package org.fulcrum.server.transparency.report;

import java.util.Map;
import java.util.TreeMap;

/** Counts by key, sorted, so reports serialise the same way every time. */
final class Counter {
    private Counter() {}

    static void add(Map<String, Long> counts, String key, long n) {
        counts.merge(key == null ? "unspecified" : key, n, Long::sum);
    }

    static Map<String, Long> sorted() {
        return new TreeMap<>();
    }
}
