package org.fulcrum.server.privacy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.App;

/**
 * Reads every row of every table of the embedded store and finds those that name one of a set of
 * ids, as a whole token or after a prefix ({@code user:acct-1}, {@code subject:post-1}), in any
 * column, text or binary. Independent of the code under test: it knows no table by name.
 */
final class StoreScan {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:_.\\-]*");

    /** A row naming an id: its table, its key as "table:k1/k2", and its text. */
    record Hit(String table, String ref, String text) {
    }

    private StoreScan() {
    }

    static List<Hit> scan(App app, Set<String> ids) {
        List<Hit> hits = new ArrayList<>();
        List<String> tables = app.db().read(h -> h.createQuery("""
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                  AND name NOT LIKE 'flyway_%' ORDER BY name""").mapTo(String.class).list());
        for (String table : tables) {
            List<String> key = app.db().read(h -> h.createQuery("SELECT name, pk FROM pragma_table_info(:t) WHERE pk > 0 "
                    + "ORDER BY pk").bind("t", table).map((rs, ctx) -> rs.getString(1)).list());
            List<Map<String, Object>> rows = app.db().read(h -> h.createQuery("SELECT * FROM \"" + table + "\"")
                    .mapToMap().list());
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
