package org.fulcrum.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.store.Database;

/** Enforcement actions for tests of their delivery. */
public final class Actions {
    private Actions() {}

    /**
     * Removes and restores {@code subject} {@code times} times in one transaction (so usually within
     * one millisecond); returns the action ids in the order they were taken.
     */
    public static List<String> flip(Database db, Enforcement enforcement, String subject, int times) {
        return db.write(tx -> {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                Action removed = enforcement.apply(
                        tx,
                        new Action.Request(
                                subject,
                                ActionType.remove,
                                List.of(),
                                Optional.empty(),
                                Optional.empty(),
                                "moderation",
                                Optional.empty(),
                                "ToS 4.2",
                                "staff:test"));
                ids.add(removed.id());
                ids.add(enforcement
                        .reverse(tx, removed.id(), "appeal", Optional.empty(), "upheld", "staff:other")
                        .id());
            }
            return ids;
        });
    }
}
