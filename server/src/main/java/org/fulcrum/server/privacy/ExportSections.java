package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.fulcrum.server.store.OrderedRow;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * How the sections of an account's export are read: a query on the account or its reporter key, or
 * over the account's subjects or other ids in chunks; each row given a ref of its table and key, and
 * every section checked against the table registry, which also declares sections of its own.
 */
final class ExportSections {
    private final Handle h;
    private final TableRegistry registry;
    private final AccountScope scope;
    private final Instant now;
    private final Map<String, AccountExport.Section> sections = new LinkedHashMap<>();

    ExportSections(Handle h, TableRegistry registry, AccountScope scope, Instant now) {
        this.h = h;
        this.registry = registry;
        this.scope = scope;
        this.now = now;
    }

    /** The sections read so far, in order. */
    Map<String, AccountExport.Section> all() {
        return sections;
    }

    /** The section {@code name}, read already. */
    AccountExport.Section get(String name) {
        return sections.get(name);
    }

    /**
     * The sections the registry declares as column lists, read through each table's keys; then a check
     * that every section the registry names for a table was filled, so the registry and the queries
     * above cannot drift apart.
     */
    void byRegistry() {
        for (TableEntry e : registry.entries()) {
            TableEntry.Export x = e.export();
            if (x.columns().isEmpty()) {
                continue;
            }
            List<String> columns = new ArrayList<>(x.keyColumns());
            columns.addAll(x.columns());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (SubjectKey k : e.keys()) {
                List<String> ids = switch (k.ids()) {
                    case subject -> List.copyOf(scope.subjects());
                    case account -> List.of(scope.account());
                    case reporter -> List.of(scope.reporterKey());
                    case subjectref ->
                        scope.subjects().stream().map(s -> "subject:" + s).toList();
                };
                for (List<String> chunk : LogLinks.chunks(ids)) {
                    rows.addAll(h.createQuery("SELECT " + String.join(", ", columns) + " FROM " + e.table() + " WHERE "
                                    + k.condition())
                            .bindList("ids", chunk)
                            .map(OrderedRow.MAPPER)
                            .list());
                }
            }
            String about = e.about();
            put(
                    TableRegistry.sectionOf(e.table()),
                    Character.toUpperCase(about.charAt(0)) + about.substring(1),
                    e.table(),
                    x.keyColumns(),
                    rows);
        }
        for (TableEntry e : registry.entries()) {
            for (String section : e.export().sections()) {
                if (!sections.containsKey(section)) {
                    throw new IllegalStateException(TableRegistry.RESOURCE + " shows " + e.table() + " in the export "
                            + "section " + section + ", which the export does not have");
                }
            }
        }
    }

    /** A section from a query on the account ({@code :a}) or its reporter key ({@code :u}). */
    void one(String name, String title, String table, List<String> key, String sql, String account) {
        Query q = h.createQuery(sql);
        if (sql.contains(":a")) {
            q.bind("a", account == null ? scope.account() : account);
        }
        if (sql.contains(":u")) {
            q.bind("u", scope.reporterKey());
        }
        if (sql.contains(":now")) {
            q.bind("now", now.toEpochMilli());
        }
        put(name, title, table, key, q.map(OrderedRow.MAPPER).list());
    }

    /** A section from a query over the account's subjects ({@code <s>}), in chunks. */
    void many(
            String name,
            String title,
            String table,
            List<String> key,
            String sql,
            Predicate<Map<String, Object>> keep) {
        put(
                name,
                title,
                table,
                key,
                perSubjects(sql, q -> sql.contains(":a") ? q.bind("a", scope.account()) : q).stream()
                        .filter(keep)
                        .toList());
    }

    /** A section from a query over {@code ids} ({@code <r>}), in chunks. */
    void list(
            String name,
            String title,
            String table,
            List<String> key,
            String sql,
            List<String> ids,
            Predicate<Map<String, Object>> keep) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> chunk : LogLinks.chunks(ids)) {
            rows.addAll(h.createQuery(sql).bindList("r", chunk).map(OrderedRow.MAPPER).list().stream()
                    .filter(keep)
                    .toList());
        }
        put(name, title, table, key, rows);
    }

    /** Rows of a query over the account's subjects ({@code <s>}, or {@code <t>} for their refs), in chunks. */
    List<Map<String, Object>> perSubjects(String sql, UnaryOperator<Query> bind) {
        return perSubjects(sql, bind, "");
    }

    List<Map<String, Object>> perSubjects(String sql, UnaryOperator<Query> bind, String prefix) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> chunk : LogLinks.chunks(scope.subjects())) {
            String list = sql.contains("<t>") ? "t" : "s";
            Query q = h.createQuery(sql)
                    .bindList(list, chunk.stream().map(s -> prefix + s).toList());
            rows.addAll(bind.apply(q).map(OrderedRow.MAPPER).list());
        }
        return rows;
    }

    /** A section of {@code rows}, each given its ref (table and key); the registry must show the table in it. */
    void put(String name, String title, String table, List<String> key, List<Map<String, Object>> rows) {
        if (!registry.exports(table, name)) {
            throw new IllegalStateException("the export section " + name + " reads " + table + ", which "
                    + TableRegistry.RESOURCE + " does not show in that section");
        }
        Map<String, Map<String, Object>> byRef = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            List<String> parts = new ArrayList<>();
            for (String k : key) {
                parts.add(String.valueOf(row.get(k)));
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("ref", table + ":" + String.join("/", parts));
            record.putAll(row);
            byRef.putIfAbsent((String) record.get("ref"), record);
        }
        sections.put(name, new AccountExport.Section(title, new ArrayList<>(byRef.values())));
    }

    /** The refs of the records of a section read already. */
    Set<String> refs(String section) {
        Set<String> refs = new HashSet<>();
        sections.get(section).records().forEach(r -> refs.add((String) r.get("ref")));
        return refs;
    }
}
