package org.fulcrum.server.privacy;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * One purge batch of one class: the handle, the registry, the batch's bounds, and ids its statements
 * share; its statements run with the batch's bounds bound.
 */
record PurgeRun(Handle h, TableRegistry registry, Purges.Batch b, Map<String, List<String>> shared) {

    /** Ids the batch's statements share, found once. */
    List<String> shared(String name, Function<PurgeRun, List<String>> find) {
        return shared.computeIfAbsent(name, n -> find.apply(this));
    }

    /** Runs a statement with the batch's limit, cutoff, time and appeal cutoff, as it names them. */
    int update(String sql) {
        var u = h.createUpdate(sql).bind("limit", b.limit());
        if (sql.contains(":cutoff")) {
            u.bind("cutoff", b.cutoffMillis());
        }
        if (sql.contains(":now")) {
            u.bind("now", b.nowMillis());
        }
        if (sql.contains(":appealCutoff")) {
            u.bind("appealCutoff", b.appealCutoffMillis());
        }
        return u.execute();
    }

    /** Runs a statement over {@code ids} ({@code <ids>}) in chunks; how many rows it changed. */
    int in(String sql, List<String> ids) {
        int n = 0;
        for (List<String> chunk : LogLinks.chunks(ids)) {
            n += h.createUpdate(sql).bindList("ids", chunk).execute();
        }
        return n;
    }
}
