package org.fulcrum.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds content-event JSON for tests. */
public final class Events {
    private Events() {
    }

    public static Map<String, Object> post(String eventId, String postId, String channel, String text) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", "created");
        e.put("subjectId", postId);
        e.put("kind", "post");
        e.put("containerId", channel);
        e.put("authorId", "acct-" + channel);
        e.put("country", "FR");
        e.put("language", "fr");
        e.put("audience", 1200);
        e.put("text", text);
        e.put("occurredAt", "2026-11-29T10:00:00Z");
        return e;
    }

    public static Map<String, Object> batch(int from, int count, String prefix) {
        List<Object> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(post(prefix + "-ev-" + i, prefix + "-post-" + i, prefix + "-channel-" + (i % 7), "hello " + i));
        }
        return Map.of("events", events);
    }
}
