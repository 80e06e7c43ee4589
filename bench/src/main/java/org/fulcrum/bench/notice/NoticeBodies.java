package org.fulcrum.bench.notice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.fulcrum.server.core.Json;

/** The request bodies {@link NoticeLoad} sends: content events, single notices and batches. */
final class NoticeBodies {
    private static final Json JSON = Json.strict();

    /** Posts the load names: one of 20,000. */
    static final int SUBJECTS = 20_000;
    /** Notices in one batch request. */
    static final int BATCH = 100;

    private NoticeBodies() {}

    static NoticeLoad.Load.Body prepared(int count, NoticeLoad.Load.Body make) {
        String[] bodies = new String[count];
        for (int i = 0; i < count; i++) {
            bodies[i] = make.of(i);
        }
        return n -> bodies[(int) (n % count)];
    }

    static String event(long n) {
        return JSON.write(Map.of(
                "events",
                List.of(Map.of(
                        "eventId",
                        "bev-" + n,
                        "type",
                        "created",
                        "subjectId",
                        "bpost-" + n,
                        "kind",
                        "post",
                        "containerId",
                        "bch-" + (n & 63),
                        "authorId",
                        "bacct-" + (n & 1023),
                        "country",
                        "FR",
                        "audience",
                        1000,
                        "text",
                        "a short post for the baseline",
                        "occurredAt",
                        "2026-11-29T10:00:00Z"))));
    }

    static String notice(long n) {
        return JSON.write(noticeMap(n));
    }

    static String batch(long n) {
        List<Object> notices = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            notices.add(noticeMap(n * BATCH + i));
        }
        return JSON.write(Map.of("notices", notices));
    }

    static Map<String, Object> noticeMap(long n) {
        int subject = ThreadLocalRandom.current().nextInt(SUBJECTS);
        return Map.of(
                "items",
                List.of(Map.of(
                        "subjectId",
                        "post-" + subject,
                        "url",
                        "https://messenger.example/c/" + (subject & 255) + "/" + subject)),
                "reason",
                n % 50 == 0 ? "terrorism" : n % 3 == 0 ? "hate_speech" : "scam",
                "explanation",
                "This post asks people to send money to a fake investment fund, promising 40% a week.",
                "notifier",
                Map.of("name", "Reporter " + n, "email", "r" + n + "@mail.example", "reporterId", "r-" + n),
                "goodFaith",
                true,
                "country",
                "FR",
                "language",
                "fr");
    }
}
