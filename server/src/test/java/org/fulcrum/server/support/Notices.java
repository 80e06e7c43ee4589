package org.fulcrum.server.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.notice.NoticeIntake;
import org.fulcrum.server.notice.NoticeReceipt;

/** Builds notice JSON for tests, and files notices as automated detection does. */
public final class Notices {
    private Notices() {}

    /** A user report relayed by the platform, by {@code reporterId}, on {@code subjectIds}. */
    public static Map<String, Object> report(String reason, String reporterId, String... subjectIds) {
        Map<String, Object> n = new LinkedHashMap<>();
        List<Object> items = new ArrayList<>();
        for (String s : subjectIds) {
            items.add(Map.of("subjectId", s, "url", "https://messenger.example/p/" + s));
        }
        n.put("items", items);
        n.put("reason", reason);
        n.put("explanation", "This post breaks the rules: " + reason);
        if (reporterId != null) {
            n.put(
                    "notifier",
                    Map.of(
                            "name",
                            "Reporter " + reporterId,
                            "email",
                            reporterId + "@mail.example",
                            "reporterId",
                            reporterId));
        }
        n.put("goodFaith", true);
        n.put("country", "FR");
        n.put("language", "fr");
        return n;
    }

    /** A trusted flagger's notice on {@code subjectIds}. */
    public static Map<String, Object> flag(String reason, String... subjectIds) {
        Map<String, Object> n = report(reason, null, subjectIds);
        n.put("notifier", Map.of("name", "Hotline analyst", "email", "analyst@ngo.example"));
        return n;
    }

    /** Files {@code d} in {@code app} as automated detection does, in a write unit of its own. */
    public static NoticeReceipt detected(TestApp app, NoticeIntake.Detection d) {
        return app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(ModerationModule.class)
                        .moderation()
                        .notices()
                        .detected(tx, d));
    }
}
