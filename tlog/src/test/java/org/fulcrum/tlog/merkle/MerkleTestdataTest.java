package org.fulcrum.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fulcrum.tlog.InvalidProof;
import org.fulcrum.tlog.Json;
import org.fulcrum.tlog.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every inclusion and consistency vector of transparency-dev/merkle's testdata: the verifier must
 * fail exactly where {@code wantErr} says, except where the vector encodes a policy of that
 * library which this one deliberately does not share (listed in {@link #POLICY_DIFFERENCES}).
 */
class MerkleTestdataTest {

    private static final String ROOT = "tlog/transparency-dev-merkle-testdata/";

    /**
     * Vectors whose expectation this library deliberately reverses, with the reason.
     *
     * <p>The other caveat of the vectors, "size1 == 0 is always an error", needs no entry: our
     * policy accepts size1 == 0 only with an empty proof and the empty-tree root, and every size1 ==
     * 0 vector breaks one of those conditions, so our verifier errs on all of them as well (asserted
     * in {@link #everySize1ZeroVectorViolatesTheEmptyTreePolicy}).
     */
    private static final Map<String, String> POLICY_DIFFERENCES = Map.of(
            "consistency/additional/sizes-are-equal-one-and-proof-is-empty.json",
            "transparency-dev/merkle accepts equal sizes with equal roots without checking the hash"
                    + " length; the vector's 'root' is 12 bytes, and Proofs rejects any hash that is not 32"
                    + " bytes, so here we expect InvalidProof where the vector expects success.");

    @TestFactory
    Stream<DynamicTest> inclusionVectors() {
        return vectors("inclusion")
                .map(path -> DynamicTest.dynamicTest(name(path), () -> {
                    Map<String, Object> v = read(path);
                    Runnable verify = () -> Proofs.verifyInclusion(
                            number(v, "leafIdx"),
                            number(v, "treeSize"),
                            bytes(v, "leafHash"),
                            hashes(v),
                            bytes(v, "root"));
                    check(path, (Boolean) v.get("wantErr"), verify);
                }));
    }

    @TestFactory
    Stream<DynamicTest> consistencyVectors() {
        return vectors("consistency")
                .map(path -> DynamicTest.dynamicTest(name(path), () -> {
                    Map<String, Object> v = read(path);
                    Runnable verify = () -> Proofs.verifyConsistency(
                            number(v, "size1"), number(v, "size2"), hashes(v), bytes(v, "root1"), bytes(v, "root2"));
                    check(path, (Boolean) v.get("wantErr"), verify);
                }));
    }

    @Test
    void allInclusionAndConsistencyVectorsAreRead() {
        long count = Stream.concat(vectors("inclusion"), vectors("consistency")).count();
        assertThat(count).as("vector files, per tlog/README.txt").isEqualTo(196);
        assertThat(POLICY_DIFFERENCES.keySet())
                .allSatisfy(name -> assertThat(SharedData.require(ROOT + name)).exists());
    }

    @Test
    void happyPathProofsAreTheOnesStoredTreeGenerates() {
        MemoryHashStore store = ReferenceLeaves.store();
        vectors("inclusion").filter(p -> p.endsWith("happy-path.json")).forEach(path -> {
            Map<String, Object> v = read(path);
            assertThat(StoredTree.inclusionProof(number(v, "leafIdx"), number(v, "treeSize"), store))
                    .as(name(path))
                    .containsExactlyElementsOf(hashes(v));
        });
        vectors("consistency").filter(p -> p.endsWith("happy-path.json")).forEach(path -> {
            Map<String, Object> v = read(path);
            assertThat(StoredTree.consistencyProof(number(v, "size1"), number(v, "size2"), store))
                    .as(name(path))
                    .containsExactlyElementsOf(hashes(v));
        });
    }

    @Test
    void everySize1ZeroVectorViolatesTheEmptyTreePolicy() {
        byte[] empty = Rfc6962.emptyRoot();
        List<Path> zero = vectors("consistency")
                .filter(p -> number(read(p), "size1") == 0)
                .toList();
        assertThat(zero).isNotEmpty();
        for (Path path : zero) {
            Map<String, Object> v = read(path);
            boolean policyHolds = hashes(v).isEmpty()
                    && java.util.Arrays.equals(bytes(v, "root1"), empty)
                    && bytes(v, "root2").length == 32
                    && (number(v, "size2") > 0 || java.util.Arrays.equals(bytes(v, "root2"), empty));
            assertThat(policyHolds).as(name(path)).isFalse();
            assertThat((Boolean) v.get("wantErr")).as(name(path)).isTrue();
        }
    }

    @Test
    void consistencyFromTheEmptyTreeHoldsWithAnEmptyProofUnlikeTheVectorsLibrary() {
        byte[] root8 = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        byte[] empty = Rfc6962.emptyRoot();
        assertThatCode(() -> Proofs.verifyConsistency(0, 8, List.of(), empty, root8))
                .doesNotThrowAnyException();
        assertThatCode(() -> Proofs.verifyConsistency(0, 0, List.of(), empty, empty))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Proofs.verifyConsistency(0, 8, List.of(), root8, root8))
                .isInstanceOf(InvalidProof.class);
        assertThatThrownBy(() -> Proofs.verifyConsistency(0, 0, List.of(), empty, root8))
                .isInstanceOf(InvalidProof.class);
    }

    private static void check(Path path, boolean wantErr, Runnable verify) {
        String key = path.toString().substring(path.toString().indexOf(ROOT) + ROOT.length());
        boolean expectErr = POLICY_DIFFERENCES.containsKey(key) ? !wantErr : wantErr;
        if (expectErr) {
            assertThatThrownBy(verify::run).isInstanceOf(InvalidProof.class);
        } else {
            assertThatCode(verify::run).doesNotThrowAnyException();
        }
    }

    private static Stream<Path> vectors(String kind) {
        Path dir = SharedData.require(ROOT + kind);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String name(Path path) {
        String s = path.toString();
        return s.substring(s.indexOf(ROOT) + ROOT.length());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path path) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long number(Map<String, Object> v, String key) {
        return (Long) v.get(key);
    }

    private static byte[] bytes(Map<String, Object> v, String key) {
        return Base64.getDecoder().decode((String) v.get(key));
    }

    private static List<byte[]> hashes(Map<String, Object> v) {
        Object proof = v.get("proof");
        if (proof == null) {
            return List.of();
        }
        return ((List<?>) proof)
                .stream().map(h -> Base64.getDecoder().decode((String) h)).toList();
    }
}
