package org.fulcrum.server.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * What erasure finds by scanning whole tables, read before its write transaction so the scan does
 * not hold up the writer: log entries whose details may name the account, cached answers that may
 * name it. Erasure re-checks them, and what was written since, in its transaction.
 *
 * @param log the candidate log entries
 * @param cached the candidate cached answers, as scope and key
 * @param cachedFrom cached answers made at or after this are checked in the transaction
 */
record ErasureScan(LogLinks.Candidates log, List<List<String>> cached, long cachedFrom) {

    /** A cached answer: its scope and key, and the response that may name the account. */
    record Cached(String scope, String key, String response) {
        static Cached read(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Cached(rs.getString("scope"), rs.getString("key"), rs.getString("response"));
        }

        List<String> id() {
            return List.of(scope, key);
        }
    }

    /** Scans for what may name any of {@code ids}; answers made from {@code now} on are checked later. */
    static ErasureScan of(Handle h, Set<String> ids, long now) {
        List<List<String>> cached;
        try (Stream<Cached> rows = h
                .createQuery("SELECT scope, key, response FROM idempotency")
                .setFetchSize(1000)
                .map(Cached::read)
                .stream()) {
            cached = rows.filter(c -> LogLinks.names(c.response(), ids))
                    .map(Cached::id)
                    .toList();
        }
        return new ErasureScan(LogLinks.candidates(h, ids), cached, now);
    }
}
