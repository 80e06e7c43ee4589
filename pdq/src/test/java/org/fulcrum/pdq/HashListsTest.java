package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference MIH regression: 100 needles against 1350 haystack hashes (hash-lists/), for which
 * the C++ brute force and MIH both print "TOTAL MATCH COUNT: 13875" at distance 32 (cpp-reg_test
 * MIH-TEST2). That figure is not a pair count: test-mih.cpp passes one result vector to every
 * query without clearing it and adds its size after each needle, so it sums the running total.
 * There are 250 (needle, haystack) pairs within distance 32; accumulated the same way they give
 * 13875.
 */
class HashListsTest {
    private static final String SECTION = "expected/generated/cpp-reg_test-expected-out.MIH-TEST2-SECTION.txt";

    private static List<PdqHash> hashes(String relative) {
        return ReferenceData.lines(relative).stream()
                .map(l -> PdqHash.fromHex(l.strip()))
                .toList();
    }

    private static int referenceTotal() {
        List<String> counts = ReferenceData.lines(SECTION).stream()
                .filter(l -> l.startsWith("TOTAL MATCH COUNT:"))
                .map(l -> l.replaceAll("\\D", ""))
                .distinct()
                .toList();
        assertThat(counts).as("brute force and MIH agree in the reference").hasSize(1);
        return Integer.parseInt(counts.get(0));
    }

    /** What test-mih prints: after each needle, the size of a vector all matches so far were appended to. */
    private static int accumulatedLikeTestMih(List<List<Match>> perNeedle) {
        int vector = 0;
        int total = 0;
        for (List<Match> matches : perNeedle) {
            vector += matches.size();
            total += vector;
        }
        return total;
    }

    private static List<List<Match>> run(HashIndex index, List<PdqHash> haystack, List<PdqHash> needles, int d) {
        for (int i = 0; i < haystack.size(); i++) {
            index.add(i, haystack.get(i));
        }
        return index.queryAll(needles, d);
    }

    @Test
    void atDistance32BothIndexesFindTheReferenceTotalAndTheSameMatches() {
        List<PdqHash> haystack = hashes("hash-lists/haystack.txt");
        List<PdqHash> needles = hashes("hash-lists/needles.txt");

        List<List<Match>> brute = run(new LinearScanIndex(), haystack, needles, 32);
        // Probing forced, so the multi-index path is what is compared (not its scan fallback).
        List<List<Match>> mih = run(new MultiIndexHashIndex(11, 0, false), haystack, needles, 32);
        List<List<Match>> meta = run(new MultiIndexHashIndex(16, 0, false), haystack, needles, 32);

        assertThat(brute.stream().mapToInt(List::size).sum()).isEqualTo(250);
        assertThat(accumulatedLikeTestMih(brute)).isEqualTo(referenceTotal()).isEqualTo(13875);
        assertThat(mih).isEqualTo(brute);
        assertThat(meta).isEqualTo(brute);
    }

    @Test
    void atTheDefaultDistance31MultiIndexEqualsBruteForce() {
        List<PdqHash> haystack = hashes("hash-lists/haystack.txt");
        List<PdqHash> needles = hashes("hash-lists/needles.txt");

        List<List<Match>> brute = run(new LinearScanIndex(), haystack, needles, 31);
        List<List<Match>> mih = run(new MultiIndexHashIndex(11, 0, false), haystack, needles, 31);

        // No pair lies at exactly 32, so the count is the same as at 32.
        assertThat(brute.stream().mapToInt(List::size).sum()).isEqualTo(250);
        assertThat(mih).isEqualTo(brute);
        assertThat(run(new MultiIndexHashIndex(), haystack, needles, 31)).isEqualTo(brute);
    }
}
