package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.tlog.SharedData;

/**
 * The eight leaf inputs D[0..7] of the RFC 6962 reference tree, which transparency-dev's vectors
 * also use, read from tlog/rfc6962-reference-tree.txt.
 */
final class ReferenceLeaves {

    private static final Pattern LEAF = Pattern.compile("^D(\\d) = (.*)$");

    private ReferenceLeaves() {}

    static List<byte[]> data() {
        List<byte[]> leaves = new ArrayList<>();
        for (String line : SharedData.read("tlog/rfc6962-reference-tree.txt").split("\n")) {
            Matcher m = LEAF.matcher(line);
            if (m.matches()) {
                if (Integer.parseInt(m.group(1)) != leaves.size()) {
                    throw new IllegalStateException("leaf inputs out of order: " + line);
                }
                String hex = m.group(2).trim();
                leaves.add(hex.equals("(empty)") ? new byte[0] : HexFormat.of().parseHex(hex));
            }
        }
        return leaves;
    }

    static MemoryHashStore store() {
        MemoryHashStore store = new MemoryHashStore();
        data().forEach(d -> store.appendLeaf(Rfc6962.leafHash(d)));
        return store;
    }
}
