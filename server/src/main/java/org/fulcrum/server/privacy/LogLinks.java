package org.fulcrum.server.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.LogWriter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The transparency-log entries linked to an account: those whose subject reference is one of its
 * ids, and those whose committed details name one of them (a notice by someone else about the
 * account's post, say). The details are scanned once, whatever the number of ids.
 */
final class LogLinks {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.\\-]*");

    private LogLinks() {}

    /** The indexes of entries linked to {@code ids}, in log order. */
    static List<Long> find(Handle h, Set<String> ids) {
        List<Long> found = new ArrayList<>();
        for (List<String> chunk : chunks(ids)) {
            found.addAll(h.createQuery("SELECT idx FROM log_entry WHERE subject_ref IN (<ids>)")
                    .bindList("ids", chunk)
                    .mapTo(Long.class)
                    .list());
        }
        try (Stream<Row> rows = h
                .createQuery("SELECT idx, details FROM log_secret WHERE details IS NOT NULL")
                .setFetchSize(1000)
                .map(Row::read)
                .stream()) {
            rows.filter(r -> names(r.details(), ids)).forEach(r -> found.add(r.idx()));
        }
        return found.stream().distinct().sorted().toList();
    }

    private record Row(long idx, String details) {
        static Row read(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Row(rs.getLong("idx"), rs.getString("details"));
        }
    }

    static boolean names(String details, Set<String> ids) {
        Matcher m = TOKEN.matcher(details);
        while (m.find()) {
            if (ids.contains(m.group())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries whose details may name the account, found by a read outside the write transaction
     * (a scan of every secret must not hold up the writer): the candidates, and the last entry the scan saw.
     */
    record Candidates(List<Long> idx, long upTo) {
        Candidates {
            idx = List.copyOf(idx);
        }
    }

    static Candidates candidates(Handle h, Set<String> ids) {
        long upTo = h.createQuery("SELECT COALESCE(MAX(idx), -1) FROM log_secret")
                .mapTo(Long.class)
                .one();
        List<Long> found = new ArrayList<>();
        try (Stream<Row> rows = h
                .createQuery("SELECT idx, details FROM log_secret WHERE details IS NOT NULL " + "AND idx <= :upTo")
                .bind("upTo", upTo)
                .setFetchSize(1000)
                .map(Row::read)
                .stream()) {
            rows.filter(r -> names(r.details(), ids)).forEach(r -> found.add(r.idx()));
        }
        return new Candidates(found, upTo);
    }

    /**
     * Erases the commitment secrets of every entry linked to the account: by subject reference through
     * the log writer, then the entries whose details name it, among the candidates and those appended since.
     */
    static int erase(Tx tx, LogWriter log, Set<String> ids, Candidates candidates) {
        int erased = 0;
        for (String id : ids) {
            erased += log.eraseSecrets(tx, id);
        }
        Handle h = tx.handle();
        List<Long> named = new ArrayList<>();
        for (List<Long> chunk : chunks(candidates.idx())) {
            h
                    .createQuery("SELECT idx, details FROM log_secret WHERE idx IN (<idx>) AND details IS NOT NULL")
                    .bindList("idx", chunk)
                    .map(Row::read)
                    .list()
                    .stream()
                    .filter(r -> names(r.details(), ids))
                    .forEach(r -> named.add(r.idx()));
        }
        h
                .createQuery("SELECT idx, details FROM log_secret WHERE idx > :upTo AND details IS NOT NULL")
                .bind("upTo", candidates.upTo())
                .map(Row::read)
                .list()
                .stream()
                .filter(r -> names(r.details(), ids))
                .forEach(r -> named.add(r.idx()));
        for (List<Long> chunk : chunks(named)) {
            erased += h.createUpdate("UPDATE log_secret SET details_key = NULL, details = NULL WHERE idx IN (<idx>)")
                    .bindList("idx", chunk)
                    .execute();
            h.createUpdate("UPDATE log_entry SET subject_ref = NULL WHERE idx IN (<idx>)")
                    .bindList("idx", chunk)
                    .execute();
        }
        return erased;
    }

    static <T> List<List<T>> chunks(java.util.Collection<T> all) {
        List<List<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>();
        for (T t : all) {
            current.add(t);
            if (current.size() == 500) {
                out.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
