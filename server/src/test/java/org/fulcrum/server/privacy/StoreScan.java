package org.fulcrum.server.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.store.Dialect;

/**
 * Reads every row of every table of the store (SQLite or PostgreSQL) and finds those that name one of a set of
 * ids, as a whole token or after a prefix ({@code user:acct-1}, {@code subject:post-1}), in any
 * column, text or binary. Independent of the code under test: it knows no table by name.
 */
final class StoreScan {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.\\-]*");

    /** A row naming an id: its table, its key as "table:k1/k2", and its text. */
    record Hit(String table, String ref, String text) {}

    private StoreScan() {}

    static List<Hit> scan(App app, Set<String> ids) {
        List<Hit> hits = new ArrayList<>();
        boolean sqlite = app.module(StoreModule.class).db().dialect() == Dialect.SQLITE;
        List<String> tables = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sqlite ? """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name NOT LIKE 'flyway_%' ORDER BY name""" : """
                SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
                  AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'flyway_%' ORDER BY table_name""").mapTo(String.class).list());
        // Every table's primary key columns, read once: PostgreSQL's information_schema views take a
        // tenth of a second a table, so its catalog is asked directly.
        Map<String, List<String>> keys = new java.util.HashMap<>();
        app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(sqlite ? """
                SELECT m.name AS t, p.name AS col FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND p.pk > 0 ORDER BY m.name, p.pk""" : """
                SELECT c.relname AS t, a.attname AS col FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
                WHERE i.indisprimary AND n.nspname = current_schema()
                ORDER BY c.relname, array_position(i.indkey::smallint[], a.attnum)""").mapToMap().list())
                .forEach(r -> keys.computeIfAbsent(String.valueOf(r.get("t")), t -> new ArrayList<>())
                        .add(String.valueOf(r.get("col"))));
        for (String table : tables) {
            List<String> key = keys.getOrDefault(table, List.of());
            List<Map<String, Object>> rows = app.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT * FROM \"" + table + "\"")
                            .mapToMap()
                            .list());
            for (Map<String, Object> row : rows) {
                StringBuilder text = new StringBuilder();
                for (Object v : row.values()) {
                    if (v instanceof byte[] b) {
                        text.append(new String(b, StandardCharsets.UTF_8));
                    } else if (v != null) {
                        text.append(v);
                    }
                    text.append(" | ");
                }
                if (names(text.toString(), ids)) {
                    List<String> parts = new ArrayList<>();
                    for (String k : key) {
                        parts.add(String.valueOf(row.get(k)));
                    }
                    hits.add(new Hit(table, table + ":" + String.join("/", parts), text.toString()));
                }
            }
        }
        return hits;
    }

    static boolean names(String text, Set<String> ids) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group().replaceAll("[.:]+$", "");
            if (ids.contains(token)) {
                return true;
            }
            for (int colon = token.indexOf(':'); colon >= 0; colon = token.indexOf(':', colon + 1)) {
                if (ids.contains(token.substring(colon + 1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
