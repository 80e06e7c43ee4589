package org.fulcrum.server.transparency.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.fulcrum.server.core.Json;

/** Names every figure where a published report and a recomputed one disagree, by JSON path. */
public final class ReportDiff {
    private static final int MAX = 50;

    private ReportDiff() {}

    /** Both reports read with {@code json}. */
    public static List<String> compare(Json json, String published, String recomputed) {
        List<String> out = new ArrayList<>();
        try {
            walk("", json.mapper().readTree(published), json.mapper().readTree(recomputed), out);
        } catch (java.io.IOException e) {
            out.add("the published report is not valid JSON: " + e.getMessage());
        }
        return out;
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
        if (out.size() >= MAX) {
            return;
        }
        if (a == null || b == null || a.getNodeType() != b.getNodeType()) {
            out.add((path.isEmpty() ? "/" : path) + ": published " + a + ", recomputed " + b);
            return;
        }
        if (a.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                walk(path + "/" + k, a.get(k), b.get(k), out);
            }
        } else if (a.isArray()) {
            if (a.size() != b.size()) {
                out.add(path + ": published " + a.size() + " items, recomputed " + b.size());
                return;
            }
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            for (int i = 0; ia.hasNext(); i++) {
                walk(path + "/" + i, ia.next(), ib.next(), out);
            }
        } else if (!a.equals(b)) {
            out.add(path + ": published " + a + ", recomputed " + b);
        }
    }
}
