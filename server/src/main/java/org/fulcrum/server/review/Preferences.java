package org.fulcrum.server.review;

import java.util.Optional;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * A staff member's console preferences, one value per name: a queue's saved filter and sort, the
 * media setting. Values are small strings the console wrote and reads back through its own parsers.
 */
public final class Preferences {
    /** Longest value kept. */
    public static final int MAX_VALUE = 2000;

    private final Database db;

    public Preferences(Database db) {
        this.db = db;
    }

    public Optional<String> get(String actor, String name) {
        return db.read(h -> h.createQuery("SELECT value FROM console_preference WHERE actor = :a AND name = :n")
                .bind("a", actor)
                .bind("n", name)
                .mapTo(String.class)
                .findOne());
    }

    public void put(String actor, String name, String value) {
        db.write(tx -> put(tx, actor, name, value));
    }

    /** Stores a value within {@code tx}, so a change and its audit record go together. */
    static int put(Tx tx, String actor, String name, String value) {
        String v = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        return tx.handle()
                .createUpdate("""
                        INSERT INTO console_preference (actor, name, value, updated_at) VALUES (:a, :n, :v, :now)
                        ON CONFLICT (actor, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""")
                .bind("a", actor)
                .bind("n", name)
                .bind("v", v)
                .bind("now", tx.now().toEpochMilli())
                .execute();
    }

    /** The media setting: "blur" (blurred and grey, the default), "grey", or "show". */
    public String media(String actor) {
        return get(actor, "media")
                .filter(v -> v.equals("grey") || v.equals("show"))
                .orElse("blur");
    }
}
