package org.fulcrum.server.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * The statements of one erasure, run in chunks of ids and counted per table: over the subjects no hold
 * covers, over ids read up front, and rewrites that replace every mention of the account's ids in a
 * column of the rows a query finds.
 */
final class ErasureRows {
    private final Handle h;
    private final List<String> unheld;
    private final Mentions mentions;
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    ErasureRows(Handle h, List<String> unheld, Mentions mentions) {
        this.h = h;
        this.unheld = unheld;
        this.mentions = mentions;
    }

    /** A row's key and a text column that may mention the account. */
    record Text(String key, String text) {}

    /** How many rows each table lost or had rewritten so far. */
    Map<String, Integer> counts() {
        return counts;
    }

    /** Replaces every mention of the account's ids in {@code column} of the rows {@code select} finds. */
    void rewrite(String table, String key, String column, Query select) {
        List<Text> rows = select.map((rs, ctx) -> new Text(rs.getString(key), rs.getString(column)))
                .list();
        for (Text r : rows) {
            if (mentions.in(r.text())) {
                count(
                        table,
                        h.createUpdate("UPDATE " + table + " SET " + column + " = :v WHERE " + key + " = :k")
                                .bind("v", mentions.erase(r.text()))
                                .bind("k", r.key())
                                .execute());
            }
        }
    }

    /** The ids a query over the unheld subjects ({@code <s>}) selects, in chunks. */
    List<String> ids(String sql) {
        List<String> out = new ArrayList<>();
        for (List<String> chunk : LogLinks.chunks(unheld)) {
            out.addAll(
                    h.createQuery(sql).bindList("s", chunk).mapTo(String.class).list());
        }
        return out;
    }

    /** Runs a statement over the unheld subjects ({@code <s>}) in chunks; how many rows it changed. */
    int inSubjects(String sql) {
        return inSubjects(sql, "");
    }

    int inSubjects(String sql, String prefix) {
        int n = 0;
        for (List<String> chunk : LogLinks.chunks(unheld)) {
            n += h.createUpdate(sql)
                    .bindList("s", chunk.stream().map(s -> prefix + s).toList())
                    .execute();
        }
        return n;
    }

    /** Runs a statement over {@code ids} ({@code <ids>}) in chunks; how many rows it changed. */
    int in(String sql, Collection<String> ids) {
        int n = 0;
        for (List<String> chunk : LogLinks.chunks(ids)) {
            n += h.createUpdate(sql).bindList("ids", chunk).execute();
        }
        return n;
    }

    /** Counts {@code n} rows of {@code table} erased or rewritten. */
    void count(String table, int n) {
        if (n > 0) {
            counts.merge(table, n, Integer::sum);
        }
    }
}
