package org.fulcrum.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.tlog.SharedData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RFC 6962 reference tree of eight leaves (tlog/rfc6962-reference-tree.txt). */
class ReferenceTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern NAMED = Pattern.compile(
            "^(EmptyRoot|HashLeaf|HashChildren)(?:\\(\"(.*?)\"(?:,\"(.*?)\")?\\))?[^=]*= ([0-9a-f]{64})$");
    private static final Pattern LEAF = Pattern.compile("^D(\\d) = (.*)$");
    private static final Pattern NODE = Pattern.compile("^L(\\d)\\[(\\d)] = ([0-9a-f]{64})$");
    private static final Pattern ROOT = Pattern.compile("^n=(\\d+) ([0-9a-f]{64})$");
    private static final Pattern INCLUSION = Pattern.compile("^idx=(\\d+) size=(\\d+) : (.*)$");
    private static final Pattern CONSISTENCY = Pattern.compile("^(\\d+) -> (\\d+) : (.*)$");
    private static final Pattern NODE_REF = Pattern.compile("L(\\d)\\[(\\d)]");
    private static final Pattern ABBREVIATION = Pattern.compile("([0-9a-f]{8})\\.\\.\\.([0-9a-f]{6,})");

    private final List<String[]> named = new ArrayList<>();
    private final TreeMap<Integer, byte[]> leaves = new TreeMap<>();
    private final Map<String, byte[]> nodes = new HashMap<>();
    private final TreeMap<Integer, byte[]> roots = new TreeMap<>();
    private final List<Matcher> inclusions = new ArrayList<>();
    private final List<Matcher> consistencies = new ArrayList<>();
    private final MemoryHashStore store = new MemoryHashStore();

    @BeforeEach
    void readReferenceTree() {
        for (String line : SharedData.read("tlog/rfc6962-reference-tree.txt").split("\n")) {
            Matcher m;
            if ((m = NAMED.matcher(line)).matches()) {
                named.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4)});
            } else if ((m = LEAF.matcher(line)).matches()) {
                String hex = m.group(2).trim();
                leaves.put(Integer.parseInt(m.group(1)), hex.equals("(empty)") ? new byte[0] : HEX.parseHex(hex));
            } else if ((m = NODE.matcher(line)).matches()) {
                nodes.put("L" + m.group(1) + "[" + m.group(2) + "]", HEX.parseHex(m.group(3)));
            } else if ((m = ROOT.matcher(line)).matches()) {
                roots.put(Integer.parseInt(m.group(1)), HEX.parseHex(m.group(2)));
            } else if ((m = INCLUSION.matcher(line)).matches()) {
                inclusions.add(m);
            } else if ((m = CONSISTENCY.matcher(line)).matches()) {
                consistencies.add(m);
            }
        }
        assertThat(leaves).hasSize(8);
        assertThat(nodes).hasSize(15);
        assertThat(roots).hasSize(9);
        leaves.values().forEach(d -> store.appendLeaf(Rfc6962.leafHash(d)));
    }

    @Test
    void hasherMatchesTheRfc6962Vectors() {
        assertThat(named).hasSize(4);
        for (String[] v : named) {
            byte[] expected = HEX.parseHex(v[3]);
            byte[] actual = switch (v[0]) {
                case "EmptyRoot" -> Rfc6962.emptyRoot();
                case "HashLeaf" -> Rfc6962.leafHash(v[1].getBytes(StandardCharsets.US_ASCII));
                case "HashChildren" ->
                    Rfc6962.nodeHash(
                            v[1].getBytes(StandardCharsets.US_ASCII), v[2].getBytes(StandardCharsets.US_ASCII));
                default -> throw new AssertionError("unknown vector " + v[0]);
            };
            assertThat(actual).as(v[0]).isEqualTo(expected);
        }
    }

    @Test
    void everyCompleteSubtreeIsStoredAtItsStoredHashIndex() {
        assertThat(store.hashCount()).isEqualTo(StoredHashIndex.count(8)).isEqualTo(15);
        nodes.forEach((name, hash) -> {
            Matcher m = NODE_REF.matcher(name);
            assertThat(m.matches()).isTrue();
            long index = StoredHashIndex.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            assertThat(store.read(index)).as(name).isEqualTo(hash);
        });
    }

    @Test
    void treeHashOfEverySizeIsTheReferenceRoot() {
        roots.forEach((size, root) -> {
            assertThat(StoredTree.treeHash(size, store)).as("size %d", size).isEqualTo(root);
            MemoryHashStore prefix = new MemoryHashStore();
            leaves.headMap(size).values().forEach(d -> prefix.appendLeaf(Rfc6962.leafHash(d)));
            assertThat(prefix.root()).as("frontier root of size %d", size).isEqualTo(root);
        });
    }

    @Test
    void inclusionProofsMatchTheReferenceTable() {
        assertThat(inclusions).hasSize(5);
        for (Matcher m : inclusions) {
            long index = Long.parseLong(m.group(1));
            long size = Long.parseLong(m.group(2));
            List<byte[]> expected = referencedNodes(m.group(3));
            List<byte[]> proof = StoredTree.inclusionProof(index, size, store);
            assertThat(proof).as(m.group()).containsExactlyElementsOf(expected);
            assertThatCode(() -> Proofs.verifyInclusion(
                            index, size, Rfc6962.leafHash(leaves.get((int) index)), proof, roots.get((int) size)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void consistencyProofsMatchTheReferenceTable() {
        assertThat(consistencies).hasSize(5);
        for (Matcher m : consistencies) {
            long from = Long.parseLong(m.group(1));
            long to = Long.parseLong(m.group(2));
            List<byte[]> expected = referencedNodes(m.group(3));
            List<byte[]> proof = StoredTree.consistencyProof(from, to, store);
            assertThat(proof).as(m.group()).containsExactlyElementsOf(expected);
            assertThatCode(() -> Proofs.verifyConsistency(from, to, proof, roots.get((int) from), roots.get((int) to)))
                    .doesNotThrowAnyException();
        }
    }

    /** Hashes named in a table row: "(= L0[1], L1[1])" or "L0[1], L1[1]", or none for "(empty)". */
    private List<byte[]> referencedNodes(String row) {
        if (row.trim().equals("(empty)")) {
            return List.of();
        }
        String refs = row.contains("(=") ? row.substring(row.indexOf("(=")) : row;
        List<byte[]> out = new ArrayList<>();
        Matcher ref = NODE_REF.matcher(refs);
        while (ref.find()) {
            out.add(nodes.get(ref.group()));
        }
        // Rows that also spell the hashes out abbreviated must agree with the names they give.
        Matcher abbreviated = ABBREVIATION.matcher(row);
        for (int i = 0; abbreviated.find(); i++) {
            String hex = HEX.formatHex(out.get(i));
            assertThat(hex).startsWith(abbreviated.group(1)).endsWith(abbreviated.group(2));
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
