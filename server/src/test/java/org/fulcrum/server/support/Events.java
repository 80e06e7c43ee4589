package org.fulcrum.server.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds content-event JSON for tests. */
public final class Events {
    private Events() {}

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

    /** A post by {@code author} (of {@code country}, writing in {@code language}) seen by {@code audience}. */
    public static Map<String, Object> post(
            String postId, String channel, String author, String country, String language, long audience) {
        Map<String, Object> e = post("ev-" + postId, postId, channel, "text of " + postId);
        e.put("authorId", author);
        e.put("country", country);
        e.put("language", language);
        e.put("audience", audience);
        return e;
    }

    /** An account created event, so the account's language and country are known. */
    public static Map<String, Object> account(String accountId, String country, String language) {
        Map<String, Object> e = new java.util.LinkedHashMap<>();
        e.put("eventId", "ev-" + accountId);
        e.put("type", "created");
        e.put("subjectId", accountId);
        e.put("kind", "account");
        e.put("country", country);
        e.put("language", language);
        e.put("occurredAt", "2026-11-29T09:00:00Z");
        return e;
    }

    public static Map<String, Object> of(List<Map<String, Object>> events) {
        return Map.of("events", events);
    }

    public static Map<String, Object> batch(int from, int count, String prefix) {
        List<Object> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(post(prefix + "-ev-" + i, prefix + "-post-" + i, prefix + "-channel-" + (i % 7), "hello " + i));
        }
        return Map.of("events", events);
    }
}
